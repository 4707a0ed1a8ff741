"""Fixtures: the app on real SQLite and real PostgreSQL, clients per demo user.

PostgreSQL runs when ZORGPAD_TEST_POSTGRES_URL is set (an admin URL; each test
session creates and drops its own database). With ZORGPAD_REQUIRE_POSTGRES=1
(CI) a missing or unreachable server fails the run instead of skipping.
"""

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.clock import FixedClock
from app.config import normalise_database_url
from app.engine import specs
from app.extensions import db
from tests.clocks import T0
from tests.demo_snapshot import demo_data

PG_URL = os.environ.get("ZORGPAD_TEST_POSTGRES_URL")
REQUIRE_PG = os.environ.get("ZORGPAD_REQUIRE_POSTGRES") == "1"


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url():
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ZORGPAD_REQUIRE_POSTGRES=1 but ZORGPAD_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need ZORGPAD_TEST_POSTGRES_URL")
    admin_url = make_url(normalise_database_url(PG_URL))
    name = f"zorgpad_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but not usable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    _migrate(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# The sequences of these tables (serial and identity columns) that moved, back to their start.
_RESTART_SEQUENCES = """
    SELECT setval(sequence.oid::regclass, moved.start_value, false) FROM pg_class sequence
    JOIN pg_depend owner ON owner.objid = sequence.oid AND owner.classid = 'pg_class'::regclass
        AND owner.refclassid = 'pg_class'::regclass AND owner.deptype IN ('a', 'i')
    JOIN pg_class owning ON owning.oid = owner.refobjid
    JOIN pg_sequences moved ON moved.schemaname = current_schema() AND moved.sequencename = sequence.relname
    WHERE sequence.relkind = 'S' AND owning.relname = ANY(:tables) AND moved.last_value IS NOT NULL
"""


def _truncate_all() -> None:
    """Every table empty and its sequences back at the start, as `TRUNCATE … RESTART
    IDENTITY` leaves them. TRUNCATE gives each table new files (a second per test);
    DELETE with the triggers off (the append-only logs refuse DELETE otherwise;
    session_replication_role needs the superuser the admin URL is) and setval take
    milliseconds."""
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as conn:
        if conn.execute(text("SELECT current_setting('is_superuser') = 'on'")).scalar():
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("; ".join(f'DELETE FROM "{name}"' for name in reversed(tables))))
            conn.execute(text(_RESTART_SEQUENCES), {"tables": tables}).all()
        else:
            listed = ", ".join(f'"{name}"' for name in tables)
            conn.execute(text(f"TRUNCATE {listed} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "zorgpad.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def clock():
    return FixedClock(T0)


# argon2 at its cheapest: password hashing is not what these tests measure.
CHEAP_HASHING = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}


@pytest.fixture
def app(database_url, clock):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "DEMO_MODE": True,
            **CHEAP_HASHING,
        }
    )
    app.extensions["zorgpad.clock"] = clock
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _truncate_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    specs.clear_cache()  # a later test may deploy other XML under the same version


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def demo_snapshots(tmp_path_factory):
    return tmp_path_factory.mktemp("demo")


@pytest.fixture
def demo(app, demo_snapshots):
    """What `seed_demo()` returns, the demo data in the database (tests/demo_snapshot.py:
    seeded once per worker and database, the same rows and ids copied in afterwards)."""
    with app.app_context():
        return demo_data(demo_snapshots)


class UserClient:
    """A test client that sends one user's bearer token."""

    def __init__(self, client, token: str, username: str):
        self.client, self.token, self.username = client, token, username

    def _call(self, method, path, **kwargs):
        headers = kwargs.pop("headers", {})
        headers["Authorization"] = f"Bearer {self.token}"
        return getattr(self.client, method)(path, headers=headers, **kwargs)

    def get(self, path, **kw):
        return self._call("get", path, **kw)

    def post(self, path, **kw):
        return self._call("post", path, **kw)

    def patch(self, path, **kw):
        return self._call("patch", path, **kw)

    def put(self, path, **kw):
        return self._call("put", path, **kw)

    def delete(self, path, **kw):
        return self._call("delete", path, **kw)


@pytest.fixture
def login(client, demo):
    cache = {}

    def token(username: str) -> str:
        response = client.post("/api/auth/login", json={"username": username, "password": "demo"})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["token"]

    def as_user(username: str) -> UserClient:
        if username not in cache:
            cache[username] = UserClient(client, token(username), username)
        return cache[username]

    def sign_in_again():
        """After the clock moved past their tokens' lifetime, the same users sign in again."""
        for username, user in cache.items():
            user.token = token(username)

    as_user.sign_in_again = sign_in_again
    return as_user


# Under xdist (`make test`: -n 2 --dist loadgroup) the tests that share a module-scoped
# fixture (a served app, a browser, a parsed process) stay together on one worker, per
# parameter of those fixtures (the served app on SQLite and the one on PostgreSQL may
# run side by side): each is set up once, as in a serial run. An `xdist_group` mark in
# a test module names its own group. pytest 9.2 no longer lets xdist 3.8 carry the
# group in the test's id (pytest-xdist issue 1386): each worker writes the groups it
# collected into a folder the controller made, and the controller's scheduler reads them.
GROUPS_FOLDER = "ZORGPAD_TEST_GROUPS"


def pytest_report_header(config):
    """The days the served apps start from: a failure on a hard day names it (rerun with
    ZORGPAD_TEST_NOW or ZORGPAD_TEST_POSTGRES_NOW)."""
    from tests.clocks import SERVED_AT_BY_DATABASE

    return "served apps start: " + ", ".join(
        f"{kind} {at.isoformat()}" for kind, at in SERVED_AT_BY_DATABASE.items()
    )


def pytest_configure(config):
    controller = not hasattr(config, "workerinput")
    if (
        controller
        and config.getoption("dist", "no") == "loadgroup"
        and config.getoption("numprocesses", None)
    ):
        os.environ[GROUPS_FOLDER] = tempfile.mkdtemp(prefix="zorgpad-test-groups-")


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput") and os.environ.get(GROUPS_FOLDER):
        shutil.rmtree(os.environ.pop(GROUPS_FOLDER), ignore_errors=True)


def _group(item) -> str | None:
    marked = item.get_closest_marker("xdist_group")
    if marked is not None:
        return str(marked.args[0] if marked.args else marked.kwargs.get("name", "default"))
    fixtures = getattr(item, "_fixtureinfo", None)
    shared = [
        name
        for name in item.fixturenames
        if fixtures
        and fixtures.name2fixturedefs.get(name)
        and fixtures.name2fixturedefs[name][-1].scope in ("module", "class", "package")
    ]
    if not shared:
        return None
    params = getattr(item, "callspec", None)
    values = sorted(f"{name}={params.params[name]}" for name in shared if params and name in params.params)
    return ":".join([item.module.__name__, *values])


def pytest_collection_modifyitems(config, items):
    folder, worker = os.environ.get(GROUPS_FOLDER), os.environ.get("PYTEST_XDIST_WORKER")
    if not (folder and worker):
        return
    groups = {item.nodeid: group for item in items if (group := _group(item)) is not None}
    written = Path(folder) / f"{worker}.json.part"
    written.write_text(json.dumps(groups), encoding="utf-8")
    written.rename(written.with_suffix(""))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadgroup" or not os.environ.get(GROUPS_FOLDER):
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedFixtureScheduling(LoadGroupScheduling):
        """Load groups from the workers' files; units in collection order (the served
        apps' tests, the longest, first: tests/e2e comes first)."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                found = sorted(Path(os.environ[GROUPS_FOLDER]).glob("*.json"))
                self.groups = json.loads(found[0].read_text(encoding="utf-8")) if found else {}
            return self.groups.get(nodeid) or super()._split_scope(nodeid)

    config.option.loadscopereorder = False
    return SharedFixtureScheduling(config, log)
