"""One page of a query, with the total the API's list envelope reports."""

from sqlalchemy import Select, func, select

from app.extensions import db


def paginate(query: Select, page: int, per_page: int) -> tuple[list, int]:
    total = db.session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    return items, total
