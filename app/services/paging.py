"""One page of a query, with the total the API's list envelope reports."""

from sqlalchemy import Select, func, select

from app.extensions import db

# The long lists (the caseload, the work lists) count up to here and no further: an
# exact count walks every row in scope (a region's 50,000 open tasks, 100,000 cases).
COUNT_CAP = 1_000


class Total(int):
    """A list's total; `capped`: there are more than this many (the count stopped at the cap)."""

    capped: bool

    def __new__(cls, value: int, capped: bool = False) -> "Total":
        total = super().__new__(cls, value)
        total.capped = capped
        return total


def count(query: Select, cap: int | None = None) -> Total:
    """How many rows `query` yields; with `cap`, counted up to it (a capped Total beyond)."""
    query = query.order_by(None)
    if cap is None:
        return Total(db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one())
    found = db.session.execute(select(func.count()).select_from(query.limit(cap + 1).subquery())).scalar_one()
    return Total(min(found, cap), capped=found > cap)


def paginate(query: Select, page: int, per_page: int, *, cap: int | None = None) -> tuple[list, Total]:
    total = count(query, cap)
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    return items, total
