"""Daily use in a real browser (issue 22): a lost race is said with the stored answers and
what was typed; the case page's actions outside the tasks; the director's export of a
pupil. Each page: axe-core finds nothing serious, the CSP refuses nothing, no script
fails; screenshots at 1280 and 768 px."""

import urllib.error

from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api
from tests.walk import example


def _check(page, name: str, served_on: str) -> None:
    assert serious_violations(page) == [], name
    assert csp_violations(page) == [], name
    assert page.console_errors == [], name
    if served_on == "sqlite":
        screenshot(page, name)


def _open_case(served, last_name: str) -> int:
    zorg1 = Api(served, "zorg1")
    pupils = {p["last_name"]: p["id"] for p in zorg1.call("GET", "/api/pupils?per_page=100")["items"]}
    try:
        opened = zorg1.call(
            "POST",
            "/api/cases",
            {
                "pupil_id": pupils[last_name],
                "absence_type": "spijbelen",
                "reason": "Knipperlicht op het overleg",
            },
        )
        return opened["id"]
    except urllib.error.HTTPError as taken:  # the demo opened one already
        assert taken.code == 409
        found = zorg1.call("GET", f"/api/cases?pupil_id={pupils[last_name]}&per_page=5")["items"]
        return found[0]["id"]


def test_a_lost_race_shows_who_won_and_gives_back_what_was_typed(served, browser, request):
    served_on = request.node.callspec.params["served"]
    case_id = _open_case(served, "Maes")
    zorg1 = Api(served, "zorg1")
    task_id = zorg1.task_id(case_id, "task_action_plan")
    page = new_page(browser, served)
    sign_in(page, "dir1")
    page.goto(f"/taken/{task_id}")
    page.get_by_label("Situatie").first.fill("Lina komt op maandag niet; de ouders werken vroeg.")
    # Meanwhile the coordinator completes the same task through the API.
    zorg1.complete(case_id, "task_action_plan", example("task_action_plan"))
    page.get_by_role("button", name="Taak afronden").last.click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Deze taak werd intussen afgerond door An Zorgcoördinator"
    )
    expect(page.locator(".typed-answers")).to_contain_text("Lina komt op maandag niet")
    expect(page.get_by_role("heading", name="Ingevulde gegevens")).to_be_visible()
    _check(page, "taak-verloren-race", served_on)


def test_the_case_page_offers_the_actions_outside_the_tasks(served, browser, request):
    served_on = request.node.callspec.params["served"]
    case_id = _open_case(served, "Janssens")  # compulsory on every hard day (born 2010)
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.goto(f"/dossiers/{case_id}")
    actions = page.locator("section.case-actions")
    expect(actions.get_by_role("heading", name="Acties buiten de taken")).to_be_visible()
    actions.locator("summary", has_text="Politiespoor starten").click()
    actions.locator("summary", has_text="Schoolverandering registreren").click()
    expect(actions.get_by_label("Nieuwe school", exact=True)).to_be_visible()
    _check(page, "dossier-acties", served_on)
    actions.get_by_label("Waarom nu").fill("Gezin onbereikbaar na drie pogingen.")
    actions.get_by_role("button", name="Politiespoor starten").click()
    expect(page.get_by_text("Het politiespoor is gestart: het CLB geeft eerst zijn advies")).to_be_visible()


def test_the_director_exports_everything_about_a_pupil(served, browser, request):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "dir1")
    page.get_by_role("link", name="Leerlingen", exact=True).click()
    page.get_by_role("link", name="Peeters, Emma").first.click()
    section = page.locator("section", has=page.get_by_role("heading", name="Recht op inzage"))
    expect(section).to_be_visible()
    _check(page, "leerling-recht-op-inzage", served_on)
    with page.expect_download() as download:
        section.get_by_role("link", name="Alle gegevens exporteren (zip)").click()
    assert download.value.suggested_filename.endswith(".zip")
