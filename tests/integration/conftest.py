"""Fixtures shared by the integration tests: web pages, the first demo school."""

import pytest

from tests.web import WebUser


@pytest.fixture
def web(app, demo):
    """web("zorg1") → that demo user signed in to the web pages (own cookies)."""
    users = {}

    def as_user(username: str) -> WebUser:
        if username not in users:
            users[username] = WebUser(app, username)
        return users[username]

    return as_user


@pytest.fixture
def school1(demo):
    """The first demo school's id (Sint-Jozefscollege)."""
    return demo["school_ids"][0]
