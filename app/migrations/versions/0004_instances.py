"""Workflow instances: a case's main path moves out of `cases` into its own row.

A case may then run short processes of its own for recurring work (one per
absence episode, say), each with its state, lock and next timer, so no single
state grows with a school year. Task rows name their instance.

Revision ID: 0004_instances
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_instances"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "workflow_instances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("workflow_key", sa.String(length=100), nullable=False),
        sa.Column("workflow_version", sa.Integer(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("next_timer_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_workflow_instances_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_workflow_instances"),
        sa.CheckConstraint("kind IN ('case')", name=op.f("ck_workflow_instances_kind")),
        sa.CheckConstraint("status IN ('running', 'completed', 'cancelled')",
                           name=op.f("ck_workflow_instances_status")),
    )
    op.create_index("ix_workflow_instances_case_id", "workflow_instances", ["case_id"])
    op.create_index("ix_workflow_instances_status", "workflow_instances", ["status"])
    op.create_index("ix_workflow_instances_next_timer_due_at", "workflow_instances", ["next_timer_due_at"])
    op.execute("""
        INSERT INTO workflow_instances (case_id, kind, workflow_key, workflow_version, state, status,
                                        version, next_timer_due_at, started_at, ended_at)
        SELECT id, 'case', workflow_key, workflow_version, workflow_state,
               CASE WHEN status = 'closed' THEN 'completed' ELSE 'running' END,
               1, next_timer_due_at, opened_at, closed_at
        FROM cases
    """)
    with op.batch_alter_table("case_tasks") as batch:
        batch.add_column(sa.Column("instance_id", sa.Integer(), nullable=True))
    op.execute("UPDATE case_tasks SET instance_id = "
               "(SELECT id FROM workflow_instances WHERE workflow_instances.case_id = case_tasks.case_id)")
    with op.batch_alter_table("case_tasks") as batch:
        batch.alter_column("instance_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key("fk_case_tasks_instance_id_workflow_instances", "workflow_instances",
                                 ["instance_id"], ["id"])
        batch.create_index("ix_case_tasks_instance_id", ["instance_id"])

    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_next_timer_due_at")
        for column in ("workflow_key", "workflow_version", "workflow_state", "next_timer_due_at"):
            batch.drop_column(column)
    if sqlite:  # the batch rebuild of `cases` drops its partial unique index
        op.execute("DROP INDEX IF EXISTS uq_cases_one_open_per_pupil")
        op.execute("CREATE UNIQUE INDEX uq_cases_one_open_per_pupil ON cases (pupil_id) "
                   "WHERE status != 'closed'")


def downgrade():
    raise NotImplementedError("0004_instances is not reversible: restore a backup to go back")
