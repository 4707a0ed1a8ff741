"""The one commit per use case, with lost races turned into Conflict (409)."""

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.services.errors import Conflict, DomainError

STALE = "Het dossier werd intussen door iemand anders gewijzigd; laad het opnieuw."


@contextmanager
def writing(integrity_error: DomainError | None = None):
    """Run the block's writes and commit once; roll back everything on failure.

    StaleDataError means another transaction bumped the case version first.
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
    except BaseException:
        session.rollback()
        raise
