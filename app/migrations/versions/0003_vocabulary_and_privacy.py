"""Vocabulary CHECKs, roles as rows, login throttling, school periods of a case.

- user_roles replaces the space-separated users.roles (a CHECK per role);
- CHECK constraints keep statuses, phases, lanes, kinds and channels within
  the vocabulary (app/vocabulary.py at this revision); the journal's channel
  `mail` becomes `email`, the code the task forms already used;
- login_attempts: failed sign-ins, counted to slow down guessing;
- case_schools, and school_id on events and journal entries: after a school
  change each school reads only its own period of the case.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ROLES = ("zorgcoordinator", "secretariaat", "directie", "klastitularis",
         "clb_medewerker", "clb_arts", "clb_directeur", "admin")
CASE_STATUSES = ("open", "monitoring", "closed")
PHASES = ("fase1", "fase2", "fase3")
ABSENCE_TYPES = ("spijbelen", "schoolonthouding", "schooluitsluiting", "schoolweigering", "onbekend")
TASK_STATUSES = ("open", "completed", "cancelled")
LANES = ("school", "clb")
VISIBILITIES = ("shared", "clb")
JOURNAL_KINDS = ("contact_attempt", "contact", "measure", "note")
CHANNELS = ("phone", "email", "school_platform", "letter", "home_visit", "in_person", "video")
EVENT_KINDS = (
    "case_opened", "status_changed", "phase_changed", "absence_type_changed", "task_created",
    "task_completed", "task_cancelled", "task_claimed", "task_unclaimed", "task_assigned",
    "message_received", "school_changed", "journal_added",
)


def _pg_triggers(enable: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        verb = "ENABLE" if enable else "DISABLE"
        op.execute(f"ALTER TABLE case_events {verb} TRIGGER case_events_append_only")


def upgrade():
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"

    # --- roles as rows ---------------------------------------------------------
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_user_roles_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "role", name="pk_user_roles"),
        sa.CheckConstraint(f"role IN ({', '.join(repr(r) for r in ROLES)})", name=op.f("ck_user_roles_role")),
    )
    for user_id, roles in bind.execute(sa.text("SELECT id, roles FROM users")).all():
        for role in sorted(set(roles.split())):
            bind.execute(sa.text("INSERT INTO user_roles (user_id, role) VALUES (:u, :r)"),
                         {"u": user_id, "r": role})
    with op.batch_alter_table("users") as batch:
        batch.drop_column("roles")

    # --- login throttling ------------------------------------------------------
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempts"),
    )
    op.create_index("ix_login_attempts_at", "login_attempts", ["at"])
    op.create_index("ix_login_attempts_username_at", "login_attempts", ["username", "at"])
    op.create_index("ix_login_attempts_address_at", "login_attempts", ["address", "at"])

    # --- the schools a case belonged to ---------------------------------------
    op.create_table(
        "case_schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_at_leaving", sa.String(length=20), nullable=True),
        sa.Column("phase_at_leaving", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_schools_case_id_cases"),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name="fk_case_schools_school_id_schools"),
        sa.PrimaryKeyConstraint("id", name="pk_case_schools"),
        sa.CheckConstraint(f"status_at_leaving IN ({', '.join(repr(v) for v in CASE_STATUSES)})",
                           name=op.f("ck_case_schools_status_at_leaving")),
        sa.CheckConstraint(f"phase_at_leaving IN ({', '.join(repr(v) for v in PHASES)})",
                           name=op.f("ck_case_schools_phase_at_leaving")),
    )
    op.create_index("ix_case_schools_case_id", "case_schools", ["case_id"])
    op.create_index("ix_case_schools_school_id", "case_schools", ["school_id"])
    # Cases moved before this revision: their history stays with today's school.
    op.execute("INSERT INTO case_schools (case_id, school_id, since) SELECT id, school_id, opened_at FROM cases")

    _pg_triggers(False)
    for table in ("case_events", "journal_entries"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("school_id", sa.Integer(), nullable=True))
        if sqlite and table == "case_events":
            op.execute("DROP TRIGGER IF EXISTS case_events_no_update")
        op.execute(f"UPDATE {table} SET school_id = (SELECT school_id FROM cases WHERE cases.id = {table}.case_id)")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("school_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(f"fk_{table}_school_id_schools", "schools", ["school_id"], ["id"])
            batch.create_index(f"ix_{table}_school_id", ["school_id"])
    op.execute("UPDATE journal_entries SET channel = 'email' WHERE channel = 'mail'")
    _pg_triggers(True)

    # --- the vocabulary as CHECK constraints -----------------------------------
    set_checks("cases", {"status": CASE_STATUSES, "phase": PHASES, "absence_type": ABSENCE_TYPES})
    set_checks("case_tasks", {"status": TASK_STATUSES, "lane": LANES})
    set_checks("journal_entries", {"kind": JOURNAL_KINDS, "channel": CHANNELS, "visibility": VISIBILITIES})
    set_checks("case_events", {"kind": EVENT_KINDS, "visibility": VISIBILITIES})
    if sqlite:  # the batch rebuild of `cases` drops its partial unique index
        op.execute("DROP INDEX IF EXISTS uq_cases_one_open_per_pupil")
        op.execute("CREATE UNIQUE INDEX uq_cases_one_open_per_pupil ON cases (pupil_id) "
                   "WHERE status != 'closed'")


def downgrade():
    raise NotImplementedError("0003 is not reversible: restore a backup to go back")
