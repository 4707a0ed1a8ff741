"""`zorgpad check`'s `due` finding: every case's kept earliest due dates
(`cases.next_due_at`, `cases.school_next_due_at`, app/storage/case_due.py) are
what its open task rows say. A difference means a write of task rows went past
the session's hooks (a Core UPDATE without `case_due.touch`, a bulk load);
`case_due.refresh` of the case puts it right."""

from sqlalchemy import or_, select

from app.extensions import db
from app.storage.case_due import CASES, earliest_per_case

LIMIT = 100


def due_date_drift() -> list:
    """Up to 100 cases whose kept due dates differ from their open tasks'."""
    from app.services.consistency import Finding  # consistency.py lists this check: imported late

    earliest = earliest_per_case(None)
    drifted = db.session.execute(
        select(
            CASES.c.id, CASES.c.next_due_at, earliest.c.every, CASES.c.school_next_due_at, earliest.c.school
        )
        .join(earliest, earliest.c.case_id == CASES.c.id)
        .where(
            or_(
                CASES.c.next_due_at.is_distinct_from(earliest.c.every),
                CASES.c.school_next_due_at.is_distinct_from(earliest.c.school),
            )
        )
        .order_by(CASES.c.id)
        .limit(LIMIT)
    ).all()
    return [
        Finding(
            "due",
            f"kept earliest due {kept} (school lane {kept_school}), "
            f"the open tasks say {actual} (school lane {actual_school})",
            case_id=case_id,
        )
        for case_id, kept, actual, kept_school, actual_school in drifted
    ]
