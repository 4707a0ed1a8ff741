"""Phase 1's plan as the sources have it: a begeleidingsplan (no signatures) next
to the formal spijbelactieplan, which a school under a local police protocol
keeps; documents.template takes `begeleidingsplan`.

0008 created the CHECK as `ck_documents_ck_documents_template` (its name went
through the naming convention once more); it is replaced by
`ck_documents_template`, the name `set_checks` gives. The CHECK list is frozen
here (app/vocabulary.py at this revision).

Revision ID: 0013_begeleidingsplan
Revises: 0012_roles
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0013_begeleidingsplan"
down_revision = "0012_roles"
branch_labels = None
depends_on = None

TEMPLATES = ("spijbelactieplan", "begeleidingsplan", "dossier_maatregelen", "mdoc_bijlage", "agodi_melding",
             "politie_melding", "warme_overdracht")
OLD_NAME = "ck_documents_ck_documents_template"


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"ALTER TABLE documents DROP CONSTRAINT IF EXISTS {OLD_NAME}")
    elif OLD_NAME in {c["name"] for c in sa.inspect(bind).get_check_constraints("documents")}:
        with op.batch_alter_table("documents", recreate="always") as batch:
            batch.drop_constraint(op.f(OLD_NAME), type_="check")
    set_checks("documents", {"template": TEMPLATES})


def downgrade():
    raise NotImplementedError("0013_begeleidingsplan is not reversible: restore a backup to go back")
