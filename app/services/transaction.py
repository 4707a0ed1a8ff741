"""The one commit per use case, with lost races turned into Conflict (409)."""

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.services.errors import Conflict, DomainError

STALE = "Het dossier werd intussen door iemand anders gewijzigd; laad het opnieuw."
# PostgreSQL gave up on this transaction for another's sake: a deadlock (two
# transactions each waiting for a row the other holds, e.g. a step that changed the
# case before its instance, against the sweep that holds the instance and then locks
# the case) or a serialization failure. Nothing of it was written: a lost race.
LOST_RACES = frozenset({"40P01", "40001"})


@contextmanager
def writing(integrity_error: DomainError | None = None):
    """Run the block's writes and commit once; roll back everything on failure.

    StaleDataError means another transaction bumped the case version first; a
    deadlock or serialization failure, that the database chose this one to give way.
    """
    session = db.session
    try:
        yield session
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(STALE) from None
    except IntegrityError:
        session.rollback()
        if integrity_error is None:
            raise
        raise integrity_error.again() from None
    except OperationalError as error:
        session.rollback()
        if getattr(error.orig, "sqlstate", None) in LOST_RACES:
            raise Conflict(STALE) from None
        raise
    except BaseException:
        session.rollback()
        raise
