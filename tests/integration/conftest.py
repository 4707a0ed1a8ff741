"""Fixtures for the integration tests of the web pages."""
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
