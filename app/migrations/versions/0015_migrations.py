"""Running instances move to a newer version of their process: the event that says so.

case_events.kind gains `workflow_migrated` (app/services/migrations/running.py writes it
on each case or pupil whose instance moved: who, from, to, the mapping applied). The
CHECK list is frozen here (app/vocabulary.py at this revision).

Revision ID: 0015_migrations
Revises: 0014_contacts
"""
from app.migrations.checks import set_checks

revision = "0015_migrations"
down_revision = "0014_contacts"
branch_labels = None
depends_on = None

EVENT_KINDS = (
    "case_opened", "status_changed", "phase_changed", "absence_type_changed", "task_created",
    "task_completed", "task_cancelled", "task_claimed", "task_unclaimed", "task_assigned",
    "message_received", "school_changed", "journal_added", "clb_involved", "notice",
    "agreements_shared", "process_started", "process_cancelled",
    "reminder_sent", "escalated", "timer_fired", "due_date_moved",
    "document_generated", "absences_imported", "signal_due",
    "followup_cancelled", "case_cancelled", "followups_adopted", "below_signal_floor",
    "workflow_migrated",
)
PREVIOUS = EVENT_KINDS[:-1]
VISIBILITIES = ("shared", "clb")


def upgrade():
    set_checks("case_events", {"kind": EVENT_KINDS, "visibility": VISIBILITIES})


def downgrade():
    set_checks("case_events", {"kind": PREVIOUS, "visibility": VISIBILITIES})
