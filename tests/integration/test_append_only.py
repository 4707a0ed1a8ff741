"""The event log and the audit log cannot be rewritten, not even with raw SQL."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from app.extensions import db
from tests.walk import CaseWalk


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE case_events SET new_value = 'vervalst'",
        "DELETE FROM case_events",
        "UPDATE audit_log SET action = 'nothing'",
        "DELETE FROM audit_log",
    ],
)
def test_logs_refuse_updates_and_deletes(app, login, statement):
    CaseWalk(login)
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM case_events")).scalar() > 0
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() > 0


@pytest.mark.parametrize(
    "statement",
    [
        # Erasing the text while rewriting a fact is still a rewrite.
        "UPDATE case_events SET reason = NULL, old_value = NULL, new_value = NULL, kind = 'notice'",
        "UPDATE case_events SET reason = NULL, old_value = NULL, new_value = NULL, what = 'iets anders'",
        "UPDATE case_events SET reason = NULL, old_value = NULL, new_value = NULL, actor_id = NULL",
        # A partial erasure (the text left in one column) is not a redaction.
        "UPDATE case_events SET reason = NULL, old_value = NULL",
    ],
)
def test_only_a_whole_redaction_of_the_free_text_is_allowed(app, login, statement):
    CaseWalk(login)
    with app.app_context(), pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))


def test_a_redaction_erases_the_free_text_and_keeps_the_trace(app, login):
    """Retention (app/services/rights/retention.py) erases what people wrote; who did what
    when stays, so the log remains a pseudonymous trace."""
    CaseWalk(login)
    with app.app_context():
        with db.engine.connect() as conn:
            before = conn.execute(
                text("SELECT id, kind, what, at, actor_id FROM case_events ORDER BY id")
            ).all()
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE case_events SET reason = NULL, old_value = NULL, new_value = NULL"))
        with db.engine.connect() as conn:
            after = conn.execute(
                text("SELECT id, kind, what, at, actor_id FROM case_events ORDER BY id")
            ).all()
            erased = conn.execute(
                text("SELECT count(*) FROM case_events WHERE reason IS NOT NULL OR new_value IS NOT NULL")
            ).scalar()
        assert before == after and erased == 0
