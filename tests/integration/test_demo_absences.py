"""`zorgpad seed-demo --absences`: demo registrations through the real import, once."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import AbsenceRegistration, Case, Pupil, WorkflowInstance


def test_demo_absences_open_a_case_from_five_b_and_load_once(app, runner, demo):
    first = runner.invoke(args=["seed-demo", "--absences"])
    assert first.exit_code == 0, first.output
    assert "demo absences:" in first.output and "half-days imported for 2 schools" in first.output
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(AbsenceRegistration))
        opened = dict(
            db.session.execute(
                select(Pupil.external_id, Case.status).join(Case, Case.pupil_id == Pupil.id)
            ).all()
        )
    # Emma reaches 5 half-days with B-code: a case, its signal due. Noah and the others with fewer
    # get their follow-ups without a case.
    assert opened == {"L-1001": "open"}
    with app.app_context():
        followed = set(
            db.session.scalars(
                select(Pupil.external_id)
                .join(WorkflowInstance, WorkflowInstance.pupil_id == Pupil.id)
                .where(WorkflowInstance.case_id.is_(None))
            )
        )
    assert {"L-1002", "S-2001", "S-2002"} <= followed
    again = runner.invoke(args=["seed-demo", "--absences"])
    assert again.exit_code == 0 and "already there" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AbsenceRegistration)) == rows
