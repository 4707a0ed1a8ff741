"""Flask extensions, created unbound and attached in create_app (init_app)."""

from typing import TYPE_CHECKING, ClassVar

from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic migrations are deterministic on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Model(DeclarativeBase):
    """The base of every table (app/models): a typed declarative base, so type
    checkers read the mapped columns; the session and metadata are Flask-SQLAlchemy's."""

    metadata = MetaData(naming_convention=NAMING)

    if TYPE_CHECKING:
        # Every model maps one Table (none a join or a select); DeclarativeBase
        # types `__table__` as any FromClause. For the type checker only.
        __table__: ClassVar[Table]


# expire_on_commit=False: after the one commit of a use case we still answer
# from the objects in hand instead of reloading every row (the cost the issue
# names in the peer implementation).
db = SQLAlchemy(model_class=Model, session_options={"expire_on_commit": False})
migrate = Migrate()
api = Api()
