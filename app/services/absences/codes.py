"""Absence codes as the schools' software exports them, mapped to the official codes.

School software still exports letters from before the Discimus codes of
1 September 2019. They are mapped here; the letter as exported is kept with
the registration (`original_code`).

| exported | stored | why |
| --- | --- | --- |
| A R Z H P M B | the same | official codes |
| D | Z | medical certificate: illness (the signs count D apart: a subset of Z) |
| T U Y | R | exclusions (schorsing, uitsluiting): justified by law |
| C J | R | older justified-by-law letters |
| L | L | late: kept, never counted as an absence; B when the school's rule says so (below) |
| - | - | unknown, pending: becomes B when no justification arrives |

Letters are read case-insensitively. A late arrival becomes B at the import when
the school's rule (`late_becomes_b`: after N minutes, or one lesson hour) and the
file's `minutes_late` say so; its letter L stays in `original_code`.
"""

from app.vocabulary import AbsenceCode

LEGACY_CODES = {
    "D": AbsenceCode.Z,
    "T": AbsenceCode.R,
    "U": AbsenceCode.R,
    "Y": AbsenceCode.R,
    "C": AbsenceCode.R,
    "J": AbsenceCode.R,
}
_BY_LETTER = {member.value: member for member in AbsenceCode} | LEGACY_CODES
ACCEPTED = ", ".join(sorted(_BY_LETTER))
# Codes that mean the pupil was not there (L is late, not absent).
ABSENT_CODES = frozenset(AbsenceCode) - {AbsenceCode.LATE}


def map_code(exported: str) -> AbsenceCode | None:
    """The stored code for an exported letter, or None when the letter is unknown."""
    return _BY_LETTER.get(exported.strip().upper())
