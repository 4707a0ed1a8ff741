"""The CLB hears what concerns it: notifications of a signal, a referral, a request for
advice before a police report, a school change and new absences.

notifications.kind gains `signal`, `referral`, `police_advice`, `school_change` and
`new_absences` (app/services/steps/clb_news.py writes them to the CLB team of the
school). The CHECK list is frozen here (app/vocabulary.py at this revision).

Revision ID: 0017_clb_hears
Revises: 0016_owners
"""
from alembic import op

from app.migrations.checks import check_sql, set_checks

revision = "0017_clb_hears"
down_revision = "0016_owners"
branch_labels = None
depends_on = None

NOTIFICATION_KINDS = (
    "reminder", "escalation", "signal", "referral", "police_advice", "school_change", "new_absences",
)
PREVIOUS = ("reminder", "escalation")


def upgrade():
    set_checks("notifications", {"kind": NOTIFICATION_KINDS})


def downgrade():
    op.execute(f"DELETE FROM notifications WHERE NOT ({check_sql('kind', PREVIOUS)})")
    set_checks("notifications", {"kind": PREVIOUS})
