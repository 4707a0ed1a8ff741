"""One world per module and database: the demo seeded once (tests/demo_snapshot.py),
the extra users and two object sets built (tests/authz/world.py); the tests only read
it or send requests that the rules refuse or that change nothing another test reads."""

import shutil

import pytest

from app import create_app
from app.clock import FixedClock
from app.engine import specs
from app.extensions import db
from tests.authz import world
from tests.clocks import T0
from tests.conftest import CHEAP_HASHING, UserClient, _truncate_all
from tests.demo_snapshot import demo_data


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def authz_app(request, tmp_path_factory, demo_snapshots):
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("authz") / "zorgpad.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "DEMO_MODE": True, **CHEAP_HASHING})
    app.extensions["zorgpad.clock"] = FixedClock(T0)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _truncate_all()
        app.extensions["authz.demo"] = demo_data(demo_snapshots)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    specs.clear_cache()


class Login:
    """`login(username)`: a client with that user's bearer token (as tests/conftest.py)."""

    def __init__(self, app):
        self.client, self.cache = app.test_client(), {}

    def token(self, username: str) -> str:
        response = self.client.post("/api/auth/login", json={"username": username, "password": "demo"})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["token"]

    def __call__(self, username: str) -> UserClient:
        if username not in self.cache:
            self.cache[username] = UserClient(self.client, self.token(username), username)
        return self.cache[username]

    def fresh(self, username: str) -> UserClient:
        """A client with a token of its own (to log out without ending the cached one)."""
        return UserClient(self.client, self.token(username), username)

    def sign_in_again(self):
        for username, user in self.cache.items():
            user.token = self.token(username)


@pytest.fixture(scope="module")
def authz(authz_app):
    """The app, a login, and the two object sets: `own` at school 1, `other` at school 3."""
    login = Login(authz_app)
    demo = authz_app.extensions["authz.demo"]
    schools, clbs = demo["school_ids"], demo["clb_ids"]
    with authz_app.app_context():
        world.add_users(schools, clbs)
        first = world.build(
            login,
            school_id=schools[0],
            clb_id=clbs[0],
            zorg="zorg1",
            clb="clb1",
            pupil_external_id="L-1001",
            tag="Een",
        )
        third = world.build(
            login,
            school_id=schools[2],
            clb_id=clbs[1],
            zorg="zorg3",
            clb="clb2",
            pupil_external_id="A-3001",
            tag="Drie",
        )
    login.sign_in_again()
    return authz_app, login, first, third
