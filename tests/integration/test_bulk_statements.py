"""The bulk paths stay bulk (issue 24: import_1m_s, migrate_10k_s): an absence import
that opens a case per pupil costs a bounded number of SQL statements per pupil, not
one lookup (and flush) per task it opens; a migration's engine work in forked
workers gives the same outcome as in the run's own process.
The clock stands on Tuesday 24 November 2026.
"""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Case, CaseTask
from tests.integration.absences_support import add_pupil, csv_rows, upload
from tests.statements import recorded

FIVE_B = ("2026-11-16am", "2026-11-16pm", "2026-11-17am", "2026-11-17pm", "2026-11-19am")
# Lookups (SELECTs) per pupil whose import opens a case, its follow-up and their tasks:
# none now (all are read per chunk). Before the import held the school's users and read
# the police protocol once, each opened task's assignee check read its user and roles
# again, and each case's facts the school's settings: 11.7 per pupil.
SELECTS_PER_PUPIL = 0.5


def _import_counting(app, login, school1, pupils: list[str]) -> int:
    rows = csv_rows(*(f"{p},{h[:10]},{h[10:]},B," for p in pupils for h in FIVE_B))
    with recorded(app, lambda sql: sql.lstrip().upper().startswith("SELECT")) as statements:
        response = upload(login("secr1"), school1, rows)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["path"]["opened"]) == len(pupils)
    global LAST
    LAST = statements
    return len(statements)


def test_an_import_opening_a_case_per_pupil_costs_a_few_statements_per_pupil(app, login, school1):
    few = [f"F-{n}" for n in range(3)]
    many = [f"M-{n}" for n in range(23)]
    for number in few + many:
        add_pupil(app, school1, number, f"Leerling {number}")
    base = _import_counting(app, login, school1, few)
    more = _import_counting(app, login, school1, many)
    per_pupil = (more - base) / (len(many) - len(few))
    import collections

    print("STMTS", collections.Counter(s[:90] for s in LAST).most_common(25))
    assert per_pupil <= SELECTS_PER_PUPIL, (base, more, per_pupil)
    with app.app_context():  # and each case's work still reaches its owner (the coordinator)
        owned = db.session.execute(
            select(Case.id, func.count(CaseTask.id))
            .join(CaseTask, (CaseTask.case_id == Case.id) & (CaseTask.assignee_id == Case.owner_id))
            .group_by(Case.id)
        ).all()
    assert len(owned) == len(few + many) and all(n >= 1 for _id, n in owned)
