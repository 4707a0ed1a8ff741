"""“Nu evalueren” on a case page in a real browser: axe-core, CSP, pictures; the form
ends the wait for the plan's evaluation date and the evaluation task appears."""

from datetime import date

from playwright.sync_api import expect

from app.calendar.school_days import add_school_days
from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api, served_today
from tests.walk import example


def _waiting_case(served) -> tuple[int, date]:
    """Mila's case, its begeleidingsplan made today with an evaluation in 15 school days."""
    zorg1 = Api(served, "zorg1")
    pupils = {p["last_name"]: p["id"] for p in zorg1.call("GET", "/api/pupils?per_page=100")["items"]}
    opened = zorg1.call(
        "POST",
        "/api/cases",
        {"pupil_id": pupils["Maes"], "absence_type": "spijbelen", "reason": "Knipperlicht"},
    )
    case_id = opened["id"]
    today = served_today(served)
    until = add_school_days(today, 15)
    plan = example(
        "task_action_plan",
        plan_date=today.isoformat(),
        evaluation_date=until.isoformat(),
    )
    plan["actions"] = [dict(a, deadline=add_school_days(today, 5).isoformat()) for a in plan["actions"]]
    zorg1.complete(case_id, "task_action_plan", plan)
    return case_id, until


def test_the_case_page_offers_evaluate_now_and_opens_the_evaluation(served, browser, request):
    served_on = request.node.callspec.params["served"]
    case_id, _ = _waiting_case(served)
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.goto(f"/dossiers/{case_id}")
    section = page.locator("section.early-evaluation")
    expect(section.get_by_role("heading", name="Nu evalueren")).to_be_visible()
    expect(section).to_contain_text("Het dossier wacht tot")
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []
    if served_on == "sqlite":
        screenshot(page, "dossier-nu-evalueren")  # at 1280 and 768 px
    section.get_by_label("Reden").fill("Drie nieuwe B-codes sinds het plan.")
    page.get_by_role("button", name="Nu evalueren").click()
    expect(page.get_by_text("De evaluatie is vervroegd")).to_be_visible()
    expect(page.get_by_role("link", name="Evaluatie en beslissing fase 1").first).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("evaluatie vervroegd door")
    expect(page.locator("section.early-evaluation")).to_have_count(0)
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []
    if served_on == "sqlite":
        screenshot(page, "dossier-na-nu-evalueren")
