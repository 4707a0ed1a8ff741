"""The SQL statements a piece of work sends: the tests that bound them (a step, the case
page, an import) count with `recorded`, so a part that starts reading again fails one."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def recorded(app, keep: Callable[[str], bool] = lambda _statement: True) -> Iterator[list[str]]:
    """The statements sent on `app`'s engine meanwhile (those `keep` keeps), in order."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_):
        if keep(statement):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
