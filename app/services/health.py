"""Liveness of the parts the app needs."""

from sqlalchemy import text

from app.extensions import db


def check() -> dict:
    db.session.execute(text("SELECT 1"))
    db.session.rollback()
    return {"status": "ok", "database": db.engine.dialect.name}
