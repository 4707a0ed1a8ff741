"""*Versies van de paden* in a real browser (axe-core, no CSP refusals or script errors,
screenshots): the admin sees a case on the version before, tries the migration and moves
it; the case's timeline says so.

The server starts on today's workflows; then the next version (tests/migration_fixture.py)
is written into its workflows folder and deployed with `zorgpad deploy-workflows`, as an
operator would after a change.
"""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.conftest import PG_URL, REQUIRE_PG
from tests.e2e.served import _ENVIRONMENTS, ZORGPAD, Api, postgres_database, serve
from tests.migration_fixture import ROOT, write_versions

ZORGPAD_CASE = "zorgpad_case"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def versions_served(request, tmp_path_factory):
    """(base URL, database, workflows folder, forms folder) of a served app on today's workflows."""
    folder = tmp_path_factory.mktemp("versions")
    shutil.copytree(ROOT / "workflows", folder / "workflows")
    shutil.copytree(ROOT / "forms", folder / "forms")
    settings = {
        "ZORGPAD_WORKFLOWS_DIR": str(folder / "workflows"),
        "ZORGPAD_FORMS_DIR": str(folder / "forms"),
        "ZORGPAD_SCHEDULER_IN_SERVER": "0",
    }
    if request.param == "sqlite":
        with serve(f"sqlite:///{folder / 'web.sqlite3'}", settings) as base:
            yield base, request.param, folder
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ZORGPAD_REQUIRE_POSTGRES=1 but ZORGPAD_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need ZORGPAD_TEST_POSTGRES_URL")
    with postgres_database(PG_URL) as url, serve(url, settings) as base:
        yield base, request.param, folder


def _check(page, name: str, served_on: str) -> None:
    assert serious_violations(page) == [], name
    assert csp_violations(page) == [], name
    assert page.console_errors == [], name
    if served_on == "sqlite":
        screenshot(page, name)


def test_the_admin_moves_a_case_to_the_next_version(versions_served, browser):
    base, served_on, folder = versions_served
    school = Api(base, "zorg1")
    pupil = school.call("GET", "/api/pupils?per_page=100")["items"][0]["id"]
    case = school.call(
        "POST", "/api/cases", {"pupil_id": pupil, "reason": "Knipperlicht: test van de versies."}
    )
    write_versions(folder / "workflows", folder / "forms")
    env = _ENVIRONMENTS[base]
    deployed = subprocess.run(
        [ZORGPAD, "deploy-workflows"], env=env, capture_output=True, text=True, timeout=120
    )
    assert deployed.returncode == 0 and f"deployed {ZORGPAD_CASE} v2" in deployed.stdout, deployed

    page = new_page(browser, base)
    sign_in(page, "admin")
    page.get_by_role("link", name="Paden").click()
    expect(page.get_by_role("heading", name="Versies van de paden")).to_be_visible()
    row = page.locator(f"#version-{ZORGPAD_CASE}-1")
    expect(row.locator("td").nth(3)).to_have_text("1")
    _check(page, "paden", served_on)
    row.get_by_role(
        "link", name=re.compile(r"^Proefdraai naar v2\W+Zorgpad: problematische afwezigheden v1$")
    ).click()
    expect(page.get_by_text(f"dossier {case['id']}, case")).to_be_visible()
    expect(page.get_by_text("Migreren zoals ze zijn: 1")).to_be_visible()
    _check(page, "paden-proefdraai", served_on)
    page.get_by_role("button", name="Migreren naar v2").click()
    expect(page.get_by_text("1 verplaatst")).to_be_visible()
    expect(page.locator(f"#version-{ZORGPAD_CASE}-1 td").nth(3)).to_have_text("0")
    page.context.close()

    page = new_page(browser, base)
    sign_in(page, "zorg1")
    page.goto(f"/dossiers/{case['id']}")
    expect(page.locator(".timeline").get_by_text(f"loopt verder op {ZORGPAD_CASE} v2")).to_be_visible()
    page.context.close()
