"""The caseload in a real browser (issue 20, issue 22 "Lists that hold a school"): the
Dossiers page with two filters and a search; bulk assign from the task list, refused
as a whole when one task cannot go to that colleague. Each page: axe-core finds
nothing serious, the CSP refuses nothing, no script fails; screenshots at 1280 and 768 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api


def _check(page, name: str, served_on: str) -> None:
    assert serious_violations(page) == [], name
    assert csp_violations(page) == [], name
    assert page.console_errors == [], name
    if served_on == "sqlite":
        screenshot(page, name)


@pytest.fixture(scope="module")
def cases(served):
    """School 1: Noah opened at 6 B (the signal to the CLB due), Lina on a warning
    sign (1 B), Adam on an absence of yesterday (his parents to contact)."""
    zorg1 = Api(served, "zorg1")
    pupils = {p["last_name"]: p["id"] for p in zorg1.call("GET", "/api/pupils?per_page=100")["items"]}
    opened = {}
    for name, extra in (
        ("El Amrani", {"first_absence_on": "2026-11-23"}),
        ("Janssens", {"b_count": 6}),
        ("Maes", {"b_count": 1}),
    ):
        body = {"pupil_id": pupils[name], "absence_type": "spijbelen", "reason": "Knipperlicht", **extra}
        opened[name] = zorg1.call("POST", "/api/cases", body)["id"]
    return opened


def test_the_dossiers_page_with_two_filters_and_a_search(served, browser, request, cases):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.get_by_role("link", name="Dossiers", exact=True).click()
    expect(page.get_by_role("heading", name="Dossiers")).to_be_visible()
    expect(page.get_by_text("3 dossiers.")).to_be_visible()
    rows = page.locator("table.case-table tbody tr")
    expect(rows).to_have_count(3)
    _check(page, "dossiers", served_on)

    page.get_by_label("Fase", exact=True).select_option("fase1")
    page.get_by_label("Signaal aan het CLB nog te doen").check()
    page.get_by_label("Zoek op naam of leerlingnummer").fill("janss")
    page.get_by_role("button", name="Toon dossiers").click()
    expect(page.get_by_text("1 dossier met deze filters.")).to_be_visible()
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row.get_by_role("link", name="Janssens, Noah")).to_be_visible()
    expect(row).to_contain_text("3B")  # the class
    expect(row).to_contain_text("nog te doen")
    expect(row.locator("td[data-label='B-codes']")).to_have_text("6")
    # The filters stay as chosen, and can be wiped.
    expect(page.get_by_label("Fase", exact=True)).to_have_value("fase1")
    expect(page.get_by_label("Signaal aan het CLB nog te doen")).to_be_checked()
    _check(page, "dossiers-gefilterd", served_on)

    page.get_by_label("Zoek op naam of leerlingnummer").fill("maes")
    page.get_by_role("button", name="Toon dossiers").click()
    expect(page.get_by_text("Geen dossiers met deze filters.")).to_be_visible()
    page.get_by_role("link", name="Alle filters wissen").first.click()
    expect(rows).to_have_count(3)
    page.get_by_label("Sorteren").select_option("name")
    page.get_by_role("button", name="Toon dossiers").click()
    expect(rows.nth(0)).to_contain_text("El Amrani")
    expect(rows.nth(2)).to_contain_text("Maes")
    row.get_by_role("link", name="El Amrani, Adam").click()
    expect(page.get_by_role("heading", name=re.compile("Adam El Amrani"))).to_be_visible()
    page.context.close()


def test_bulk_assign_from_the_task_list(served, browser, request, cases):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.get_by_role("link", name="Mijn taken", exact=True).click()
    tabs = page.get_by_role("navigation", name="Werklijsten")
    tabs.get_by_role("link", name=re.compile("^Mijn team")).click()
    page.get_by_label("Fase van het dossier").select_option("fase1")
    page.get_by_role("button", name="Toon taken").click()
    expect(tabs.get_by_role("link", name=re.compile("^Mijn team")).locator(".count-badge")).to_have_text("5")
    _check(page, "taken-gefilterd", served_on)

    noah = page.get_by_role("checkbox", name=re.compile(r"\(Noah Janssens\)"))
    lina = page.get_by_role("checkbox", name=re.compile(r"\(Lina Maes\)"))
    contact = page.get_by_role(
        "checkbox", name=re.compile(r"^Kiezen: Ouders contacteren.*\(Adam El Amrani\)")
    )
    # The secretariat may contact Adam's parents but not make Noah's plan: nothing is assigned.
    noah.first.check()
    contact.first.check()
    page.get_by_label("Gekozen taken toewijzen aan").select_option(label="Bart Secretariaat")
    page.get_by_role("button", name="Gekozen taken toewijzen").click()
    expect(page.get_by_text(re.compile("Geen enkele taak werd toegewezen: 1 taak kan niet"))).to_be_visible()
    expect(
        page.get_by_text(
            re.compile(r"Begeleidingsplan opstellen \(Noah Janssens\): .*heeft niet de rol ervoor")
        )
    ).to_be_visible()
    expect(page.locator("td[data-label='Wie']", has_text="Bart Secretariaat")).to_have_count(0)
    expect(page.get_by_label("Fase van het dossier")).to_have_value("fase1")  # back on the same list
    _check(page, "taken-toewijzen-geweigerd", served_on)

    noah.first.check()
    lina.first.check()
    page.get_by_label("Gekozen taken toewijzen aan").select_option(label="Kato Leerlingbegeleider")
    page.get_by_role("button", name="Gekozen taken toewijzen").click()
    expect(page.get_by_text("2 taken toegewezen.")).to_be_visible()
    for name in ("Noah Janssens", "Lina Maes"):
        row = page.locator("tr", has=page.get_by_role("link", name=name))
        expect(row.first.locator("td[data-label='Wie']")).to_have_text("Kato Leerlingbegeleider")

    # One box chooses every task of the page (with JavaScript).
    everything = page.get_by_role("checkbox", name="Alle taken op deze pagina kiezen")
    everything.check()
    expect(page.locator("input[name='taak']:checked")).to_have_count(5)
    everything.uncheck()
    expect(page.locator("input[name='taak']:checked")).to_have_count(0)
    page.context.close()
