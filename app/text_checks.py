"""Characters free text may not hold: what a screen or a document would show wrongly
or not at all. NUL (PostgreSQL cannot store it), lone surrogates (no encoding can
write them), control characters other than line breaks and tabs, and format
characters: bidirectional overrides (U+202E turns "txt.exe" into "exe.txt") and
zero-width ones (invisible text a reader cannot see but a search or a document
carries). Refused, with the reason, wherever text comes in: the API's edge
(app/api/edge.py), the task forms (app/services/forms.py) and the pages' forms.
"""

import unicodedata

ALLOWED_CONTROLS = frozenset("\n\r\t")
NUL = "Het teken NUL (\\u0000) is niet toegestaan."
SURROGATE = "Ongeldige tekst: een losse surrogaat (\\ud800–\\udfff) is geen teken."
CONTROL = "Stuurtekens zijn niet toegestaan (enkel regeleinden en tabs)."
INVISIBLE = (
    "Onzichtbare of richtingtekens (bv. U+202E, zero-width) zijn niet toegestaan: ze tonen de tekst "
    "anders dan hij is."
)


def problem(text: str) -> str | None:
    """The first reason `text` is refused, or None. Plain text costs one pass."""
    if text.isprintable():
        return None
    for ch in text:
        if ch == "\x00":
            return NUL
        category = unicodedata.category(ch)
        if category == "Cs":
            return SURROGATE
        if category == "Cc" and ch not in ALLOWED_CONTROLS:
            return CONTROL
        if category == "Cf":
            return INVISIBLE
    return None
