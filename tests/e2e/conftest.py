"""Fixtures for the browser tests: one served app and one browser per test module."""

import os

import pytest

from tests.e2e import browser as browsing
from tests.e2e.served import postgres_database, serve

PG_URL = os.environ.get("ZORGPAD_TEST_POSTGRES_URL")
REQUIRE_PG = os.environ.get("ZORGPAD_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    """The base URL of `zorgpad serve` with the demo data, on each database."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("served") / "web.sqlite3"
        with serve(f"sqlite:///{path}") as base:
            yield base
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ZORGPAD_REQUIRE_POSTGRES=1 but ZORGPAD_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need ZORGPAD_TEST_POSTGRES_URL")
    with postgres_database(PG_URL) as url, serve(url) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browsing.launch(playwright)
        yield chromium
        chromium.close()
