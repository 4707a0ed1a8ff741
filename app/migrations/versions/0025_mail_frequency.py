"""Each user chooses how notifications are e-mailed: at once, in a daily digest, or not.

- users.email_frequency (immediate | daily | off, default immediate);
- users.last_digest_at: when the user's last daily digest went out, so two
  schedulers never send one twice (the claim is an UPDATE on this column).

The CHECK list is frozen here (app/vocabulary.py at this revision).

Revision ID: 0025_mail_frequency
Revises: 0024_bench_indexes
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0025_mail_frequency"
down_revision = "0024_bench_indexes"
branch_labels = None
depends_on = None

FREQUENCIES = ("immediate", "daily", "off")


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email_frequency", sa.String(length=10), nullable=False, server_default="immediate"))
        batch.add_column(sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True))
    set_checks("users", {"email_frequency": FREQUENCIES})


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE users DROP CONSTRAINT IF EXISTS ck_users_email_frequency")
    with op.batch_alter_table("users", recreate="always" if bind.dialect.name == "sqlite" else "auto") as batch:
        if bind.dialect.name == "sqlite":
            batch.drop_constraint(op.f("ck_users_email_frequency"), type_="check")
        batch.drop_column("last_digest_at")
        batch.drop_column("email_frequency")
