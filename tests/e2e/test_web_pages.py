"""Each main page in a real browser: axe-core finds no serious or critical problem, the
Content-Security-Policy refuses nothing, no script fails; a screenshot at 1280 and 768 px
goes to screenshots/. Also: the keyboard alone, and the pages without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import SCREENSHOTS, csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api
from tests.walk import REFERRAL, example


@pytest.fixture(scope="module")
def cases(served):
    """Emma's case waiting for its action plan (claimed by zorg1, with a journal entry);
    Noah referred to the CLB, with a CLB-only note; their ids for the pages."""
    zorg1, clb1 = Api(served, "zorg1"), Api(served, "clb1")
    pupils = {p["last_name"]: p["id"] for p in zorg1.call("GET", "/api/pupils?per_page=100")["items"]}
    # Opened by hand on an absence (its follow-up comes with it), with the reason the school gives.
    truancy = {"absence_type": "spijbelen", "reason": "Knipperlicht", "first_absence_on": "2026-11-23"}
    emma = zorg1.call("POST", "/api/cases", {"pupil_id": pupils["Peeters"], **truancy})["id"]
    zorg1.complete(emma, "task_absence_contact_parents", example("task_absence_contact_parents"))
    plan = zorg1.task_id(emma, "task_action_plan")
    zorg1.call("POST", f"/api/tasks/{plan}/claim")
    zorg1.call(
        "POST",
        f"/api/cases/{emma}/journal",
        {
            "kind": "contact",
            "channel": "phone",
            "occurred_at": "2026-01-12T09:30:00+01:00",
            "text": "Moeder bereikt: Emma heeft zich verslapen.",
            "outcome": "Afspraak gemaakt",
        },
    )
    noah = zorg1.call("POST", "/api/cases", {"pupil_id": pupils["Janssens"], **truancy})["id"]
    # A plan entered late: its evaluation date has passed, so its evaluation opens at once.
    zorg1.complete(
        noah,
        "task_action_plan",
        example("task_action_plan", plan_date="2026-11-16", evaluation_date="2026-11-20"),
    )
    referral = {k: v for k, v in {**example("task_phase1_evaluation"), **REFERRAL}.items() if v is not None}
    zorg1.complete(noah, "task_phase1_evaluation", referral)
    clb1.call(
        "POST",
        f"/api/cases/{noah}/journal",
        {
            "kind": "note",
            "occurred_at": "2026-01-13T10:00:00+01:00",
            "visibility": "clb",
            "text": "Eerder bekend bij het CLB (2024).",
        },
    )
    return {
        "emma": emma,
        "noah": noah,
        "plan": plan,
        "emma_pupil": pupils["Peeters"],
        "referral": clb1.task_id(noah, "task_clb_accept"),
    }


def _check(page, name: str, served_on: str) -> None:
    assert serious_violations(page) == [], name
    assert csp_violations(page) == [], name
    assert page.console_errors == [], name
    if served_on == "sqlite":  # one set of pictures is enough
        screenshot(page, name)


def _wait_for_diagram(page):
    expect(page.locator("#diagram.is-loaded")).to_have_count(1)


SCHOOL_PAGES = [
    ("mijn-taken", "/taken", None),
    ("team-taken", "/taken?tab=group", None),
    ("taakformulier", "/taken/{plan}", None),
    ("dossier", "/dossiers/{emma}", _wait_for_diagram),
    ("leerlingen", "/leerlingen", None),
    ("leerling", "/leerlingen/{emma_pupil}", None),
    ("niet-gevonden", "/dossiers/999999", None),
]
CLB_PAGES = [
    ("aanmeldingen", "/aanmeldingen", None),
    ("aanmelding-beoordelen", "/taken/{referral}", None),
    ("dossier-clb", "/dossiers/{noah}", _wait_for_diagram),
]


def test_main_pages_are_accessible_and_pictured(served, browser, cases, request):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    page.goto("/login")
    _check(page, "aanmelden", served_on)
    sign_in(page, "zorg1")
    for name, path, ready in SCHOOL_PAGES:
        page.goto(path.format(**cases))
        if ready:
            ready(page)
        _check(page, name, served_on)
    # A refused form: the summary and the messages at the fields.
    page.goto(f"/taken/{cases['plan']}")
    page.get_by_role("button", name="Taak afronden", exact=True).click()
    expect(page.locator(".error-summary")).to_be_focused()
    _check(page, "taakformulier-fouten", served_on)
    page.context.close()

    page = new_page(browser, served)
    sign_in(page, "clb1")
    for name, path, ready in CLB_PAGES:
        page.goto(path.format(**cases))
        if ready:
            ready(page)
        _check(page, name, served_on)
    expect(page.get_by_text("Eerder bekend bij het CLB (2024).")).to_be_visible()
    page.context.close()


def test_the_keyboard_alone_signs_in_and_reaches_a_task(served, browser, cases):
    page = new_page(browser, served)
    page.goto("/login")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    page.keyboard.type("zorg1")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mijn taken", exact=True)).to_be_visible()
    task = page.get_by_role("link", name="Begeleidingsplan opstellen")
    task.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Begeleidingsplan opstellen")).to_be_visible()
    # The pupil's own goals, typed in the pupil's words from the keyboard.
    goals = page.get_by_label("Doelen van de leerling")
    goals.focus()
    page.keyboard.type("Ik wil terug bij mijn klas horen.")
    expect(goals).to_have_value("Ik wil terug bij mijn klas horen.")
    page.context.close()


def test_without_javascript_every_field_shows_and_rows_come_from_the_server(served, browser, cases):
    page = new_page(browser, served, javascript=False)
    sign_in(page, "zorg1")
    page.goto(f"/taken/{cases['plan']}")
    expect(page.locator("[data-row]")).to_have_count(1)
    page.locator("[data-row]").get_by_label("Actie").fill("Eerste actie")
    page.get_by_role("button", name="Actie toevoegen").click()  # a round trip to the server
    expect(page.locator("[data-row]")).to_have_count(2)
    expect(page.locator("[data-row]").nth(0).get_by_label("Actie")).to_have_value("Eerste actie")
    expect(page.locator("[data-row] legend").nth(1)).to_have_text("Actie 2")
    page.locator("[data-row]").nth(0).get_by_role("button", name="Actie verwijderen").click()
    expect(page.locator("[data-row]")).to_have_count(1)
    expect(page.locator("[data-row]").get_by_label("Actie")).to_have_value("")
    page.goto(f"/dossiers/{cases['emma']}")
    expect(page.get_by_text(re.compile("Het diagram heeft JavaScript nodig"))).to_be_visible()
    page.context.close()


def test_claim_and_release_in_the_work_list_update_the_row_in_place(served, browser, cases):
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.goto("/taken?tab=group")
    row = page.locator(f"#taak-{cases['plan']}")
    page.evaluate("() => { window.__samePage = true; }")
    row.get_by_role("button", name=re.compile("^Vrijgeven")).click()
    expect(row.get_by_text("De taak is terug voor het team.")).to_be_visible()
    expect(row.get_by_role("cell", name="niemand (team)")).to_be_visible()
    row.get_by_role("button", name=re.compile("^Opnemen")).click()  # htmx swapped in a working row
    expect(row.get_by_text("U hebt de taak opgenomen.")).to_be_visible()
    expect(row.get_by_role("cell", name="An Zorgcoördinator", exact=True)).to_be_visible()
    assert page.evaluate("() => window.__samePage === true")  # no page load: only the row changed
    assert page.console_errors == [] and csp_violations(page) == []
    page.context.close()


def test_the_case_page_prints_without_menus_forms_or_diagram(served, browser, cases, request):
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.goto(f"/dossiers/{cases['emma']}")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".journal-form", ".diagram-section", ".breadcrumbs"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_text("Moeder bereikt: Emma heeft zich verslapen.")).to_be_visible()
    if request.node.callspec.params["served"] == "sqlite":
        page.screenshot(path=str(SCREENSHOTS / "dossier-afdruk.png"), full_page=True)
    page.context.close()
