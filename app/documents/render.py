"""Filling a .docx template with docxtpl.

Autoescape is on: what a user typed is text, never template or XML (a note
holding `{{ 7*7 }}` or `</w:t>` prints as written; the context is never
rendered as a template). `finalize` prints a missing value as "—", never
"None"; an unknown name in a template is an error (StrictUndefined), so a
typo fails the tests instead of printing nothing.
"""

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

from app.documents.archive import normalise_zip
from app.documents.text import BLANK, cleaned


@dataclass(frozen=True)
class Rendered:
    content: bytes
    sha256: str
    template_file: str
    template_sha256: str


def _finalize(value):
    return BLANK if value is None or value == "" else value


class _Environment(Environment):
    """Compiles each part of a template once: docxtpl hands the same XML (body, headers,
    footers) on every render, and compiling it was a third of a document's time
    (bench/README.md, document_step_ratio). The compiled templates are kept by their
    source, so a changed template file compiles afresh."""

    @lru_cache(maxsize=256)  # noqa: B019 - one environment for the process, kept on purpose
    def _compiled(self, source: str):
        return super().from_string(source)

    def from_string(self, source, globals=None, template_class=None):
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


_ENVIRONMENT = _Environment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)


def _environment() -> Environment:
    return _ENVIRONMENT


@lru_cache(maxsize=32)
def _template(path: str, mtime_ns: int, size: int) -> tuple[bytes, str]:
    """A template file's bytes and sha256 (its version), read again when the file changes."""
    data = Path(path).read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def template_file(directory: str, filename: str) -> tuple[bytes, str]:
    path = Path(directory) / filename
    stat = path.stat()
    return _template(str(path), stat.st_mtime_ns, stat.st_size)


def render_docx(directory: str, filename: str, context: dict) -> Rendered:
    source, template_sha = template_file(directory, filename)
    document = DocxTemplate(io.BytesIO(source))
    document.render(cleaned(context), jinja_env=_environment())
    out = io.BytesIO()
    document.save(out)
    content = normalise_zip(out.getvalue())
    return Rendered(content, hashlib.sha256(content).hexdigest(), filename, template_sha)
