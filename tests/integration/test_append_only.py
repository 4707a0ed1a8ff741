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
