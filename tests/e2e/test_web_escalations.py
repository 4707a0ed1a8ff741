"""Escalations land (issue 20), in a real browser: the director finds the escalation
task in Mijn taken (it is theirs, with a due date), reassigns the task over its term
from the escalation's page and closes the escalation with a note; the case page shows
its dossierverantwoordelijken. axe-core, CSP, pictures at 1280 and 768 px."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api, served_now, sweep_as_of

ESCALATION = "Escalatie: begeleidingsplan ligt stil"


def _escalated_case(served) -> int:
    """Mila's case, its plan left open until well past its escalation (20 school days)."""
    zorg1 = Api(served, "zorg1")
    opened = zorg1.open_case("Maes", absence_type="spijbelen", reason="Knipperlicht")
    assert [t["bpmn_id"] for t in opened["open_tasks"]] == ["task_action_plan"]
    # Far enough for 20 school days from any of the served clocks (the hard days: summer included).
    sweep_as_of(served, (served_now(served) + timedelta(days=150)).isoformat())
    return opened["id"]


def _check(page) -> None:
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []


def test_the_director_acts_on_an_escalation_from_mijn_taken(served, browser, request):
    served_on = request.node.callspec.params["served"]
    case_id = _escalated_case(served)
    page = new_page(browser, served)
    sign_in(page, "dir1")
    page.goto("/taken")  # "Aan mij toegewezen": the escalation is the director's
    row = page.locator("tr", has=page.get_by_role("link", name=ESCALATION))
    expect(row).to_contain_text("Carla Directeur")
    row.get_by_role("link", name=ESCALATION).click()
    expect(page.get_by_role("heading", level=1, name=ESCALATION)).to_be_visible()
    section = page.locator("section.escalated-task")
    expect(section.get_by_role("link", name="Begeleidingsplan opstellen")).to_be_visible()
    expect(section).to_contain_text("An Zorgcoördinator")  # the case owner holds the plan
    expect(page.locator(".facts").first).to_contain_text(
        re.compile(r"Termijn\s*\S+ \d+ \w+ 20\d\d")
    )  # its due date
    _check(page)
    if served_on == "sqlite":
        screenshot(page, "escalatietaak")

    # Only colleagues whose role may do the plan are offered.
    choices = section.get_by_label("Taak toewijzen aan").locator("option").all_inner_texts()
    assert "Kato Leerlingbegeleider" in choices and "Bart Secretariaat" not in choices
    section.get_by_label("Taak toewijzen aan").select_option(label="Kato Leerlingbegeleider")
    section.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_text("De taak is toegewezen.")).to_be_visible()
    expect(page.locator("section.escalated-task")).to_contain_text("Kato Leerlingbegeleider")

    page.get_by_label("De taak aan iemand anders gegeven").check()
    page.get_by_role("textbox", name="Toelichting").fill(
        "Gegeven aan de leerlingbegeleider; af tegen vrijdag."
    )
    page.get_by_role("button", name="Taak afronden").click()
    expect(page.get_by_text(f"Taak afgerond: {ESCALATION}.")).to_be_visible()
    assert re.search(rf"/dossiers/{case_id}$", page.url)
    owners = page.locator("section.case-owners")
    expect(owners).to_contain_text("An Zorgcoördinator")
    _check(page)

    # The case's owner changes it on the case page.
    zorg = new_page(browser, served)
    sign_in(zorg, "zorg1")
    zorg.goto(f"/dossiers/{case_id}")
    owners = zorg.locator("section.case-owners")
    expect(owners.get_by_label("Dossierverantwoordelijke van de school")).to_be_visible()
    _check(zorg)
    if served_on == "sqlite":
        screenshot(zorg, "dossier-verantwoordelijken")
    owners.get_by_label("Dossierverantwoordelijke van de school").select_option(label="Carla Directeur")
    owners.get_by_role("button", name="Wijzigen").click()
    expect(zorg.get_by_text("Dossierverantwoordelijke: Carla Directeur.")).to_be_visible()
    expect(zorg.locator(".timeline")).to_contain_text("school: Carla Directeur (was An Zorgcoördinator)")
