"""Fixtures for the browser tests: one served app and one browser per test module."""

import os
from contextlib import contextmanager

import pytest

from tests.e2e import browser as browsing
from tests.e2e.served import postgres_database, serve

PG_URL = os.environ.get("ZORGPAD_TEST_POSTGRES_URL")
REQUIRE_PG = os.environ.get("ZORGPAD_REQUIRE_POSTGRES") == "1"


@contextmanager
def serving(request, tmp_path_factory, settings: dict[str, str] | None = None):
    """`zorgpad serve` with the demo data on the database `request.param` names, with
    more `settings` for the server; yields (base URL, database URL)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'web.sqlite3'}"
        with serve(url, settings) as base:
            yield base, url
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ZORGPAD_REQUIRE_POSTGRES=1 but ZORGPAD_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need ZORGPAD_TEST_POSTGRES_URL")
    with postgres_database(PG_URL) as url, serve(url, settings) as base:
        yield base, url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    """The base URL of `zorgpad serve` with the demo data, on each database."""
    with serving(request, tmp_path_factory) as (base, _url):
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browsing.launch(playwright)
        yield chromium
        chromium.close()
