"""How the app talks to its database: on PostgreSQL statements are prepared from their
second use on a connection and the pool hands out its warmest connection first
(app/__init__.py); ZORGPAD_PG_PREPARE_THRESHOLD sets it, `off` for a pooler in
transaction mode. A typo in the setting stops the app at its start."""

import pytest

from app import create_app
from app.config import from_environment
from app.extensions import db


def _connection_settings(url: str, **config) -> tuple:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, **config})
    with app.app_context():
        try:
            with db.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                settings = (raw.prepare_threshold, raw.prepared_max, db.engine.pool._pool.use_lifo)
        finally:
            db.engine.dispose()
    return settings


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # psycopg's settings
def test_postgresql_connections_prepare_from_the_second_use_and_the_pool_is_lifo(database_url):
    assert _connection_settings(database_url) == (1, 500, True)
    assert _connection_settings(database_url, PG_PREPARE_THRESHOLD=None)[0] is None


def test_the_threshold_setting_is_read_and_checked(monkeypatch, tmp_path):
    monkeypatch.setenv("ZORGPAD_PG_PREPARE_THRESHOLD", "off")
    assert from_environment(str(tmp_path))["PG_PREPARE_THRESHOLD"] is None
    monkeypatch.setenv("ZORGPAD_PG_PREPARE_THRESHOLD", "3")
    assert from_environment(str(tmp_path))["PG_PREPARE_THRESHOLD"] == 3
    monkeypatch.delenv("ZORGPAD_PG_PREPARE_THRESHOLD")
    assert from_environment(str(tmp_path))["PG_PREPARE_THRESHOLD"] == 1
    monkeypatch.setenv("ZORGPAD_PG_PREPARE_THRESHOLD", "sometimes")
    with pytest.raises(ValueError, match="ZORGPAD_PG_PREPARE_THRESHOLD='sometimes'"):
        from_environment(str(tmp_path))
