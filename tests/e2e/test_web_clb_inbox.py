"""The CLB inbox "Signalen en aanmeldingen" in a real browser (issue 20): per school,
oldest first, what is asked and by when; the count in the navigation; the CLB gives
its advice before a police report from there and the school reads it on its report.
axe-core, CSP, pictures at 1280 and 768 px."""

import re

from playwright.sync_api import expect

from app.calendar.school_days import add_school_days
from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in, sign_out
from tests.e2e.served import Api, served_today
from tests.walk import REFERRAL, example

ADVICE = "Eerst samen met het CLB op huisbezoek; blijft het gezin onbereikbaar, meld dan."


def _case(served, username: str, last_name: str) -> tuple[Api, int]:
    school = Api(served, username)
    pupils = {p["last_name"]: p["id"] for p in school.call("GET", "/api/pupils?per_page=100")["items"]}
    opened = school.call(
        "POST",
        "/api/cases",
        {"pupil_id": pupils[last_name], "absence_type": "spijbelen", "reason": "Knipperlicht"},
    )
    return school, opened["id"]


def _to_evaluation(served, username: str, last_name: str) -> tuple[Api, int]:
    """A plan, then "Nu evalueren": the phase-1 evaluation is open."""
    school, case_id = _case(served, username, last_name)
    today = served_today(served)
    plan = example(
        "task_action_plan",
        plan_date=today.isoformat(),
        evaluation_date=add_school_days(today, 15).isoformat(),
    )
    plan["actions"] = [dict(a, deadline=add_school_days(today, 5).isoformat()) for a in plan["actions"]]
    school.complete(case_id, "task_action_plan", plan)
    school.call("POST", f"/api/cases/{case_id}/messages", {"name": "evaluate_now", "data": {}})
    return school, case_id


def _questions(served) -> dict[str, int]:
    """A signal and a police track at Sint-Jozefscollege, a referral at Atheneum De Linde."""
    today = served_today(served).isoformat()
    zorg1, signalled = _to_evaluation(served, "zorg1", "Maes")
    evaluation = example(
        "task_phase1_evaluation",
        decision="signal_clb",
        monitoring_until=None,
        b_half_days=6,
        evaluation_date=today,
    )
    zorg1.complete(
        signalled, "task_phase1_evaluation", {k: v for k, v in evaluation.items() if v is not None}
    )
    zorg2, referred = _to_evaluation(served, "zorg2", "Claes")
    referral = example("task_phase1_evaluation", evaluation_date=today, **REFERRAL)
    zorg2.complete(referred, "task_phase1_evaluation", {k: v for k, v in referral.items() if v is not None})
    _, police = _case(served, "zorg1", "Peeters")
    zorg1.call(
        "POST", f"/api/cases/{police}/messages", {"name": "police_track", "data": {"reason": "Onbereikbaar"}}
    )
    return {"signal": signalled, "referral": referred, "police": police}


def _clean(page) -> None:
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []


def test_the_clb_inbox_lists_what_its_schools_ask_and_the_clb_advises_from_it(served, browser, request):
    served_on = request.node.callspec.params["served"]
    cases = _questions(served)
    page = new_page(browser, served)
    sign_in(page, "clb1")
    nav = page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Signalen en aanmeldingen, 3 open"
    )
    expect(nav).to_be_visible()
    nav.click()
    expect(page.get_by_role("heading", name="Signalen en aanmeldingen", level=1)).to_be_visible()
    expect(page.get_by_text("3 open vragen van 2 scholen.")).to_be_visible()
    schools = page.locator("section.inbox-school")
    expect(schools).to_have_count(2)
    expect(schools.nth(0).get_by_role("heading", level=2)).to_have_text("Atheneum De Linde (demo) (1)")
    expect(schools.nth(1).get_by_role("heading", level=2)).to_have_text("Sint-Jozefscollege (demo) (2)")
    jozef = schools.nth(1).locator(".inbox-entry")
    expect(jozef.nth(0)).to_contain_text("Signaal: bespreken op het overleg afwezigheden")  # oldest first
    expect(jozef.nth(1)).to_contain_text("Advies vóór een melding aan de politie")
    expect(jozef.nth(0).locator(".due")).not_to_be_empty()
    linde = schools.nth(0).locator(".inbox-entry")
    expect(linde.locator("blockquote")).to_have_text(REFERRAL["help_question"])
    _clean(page)
    if served_on == "sqlite":
        screenshot(page, "signalen-en-aanmeldingen")  # at 1280 and 768 px

    jozef.nth(0).get_by_role("link", name=re.compile("Signaal bekijken")).click()
    expect(page).to_have_url(re.compile(r"/taken/\d+$"))
    expect(page.get_by_role("heading", name="Signaal aan het CLB: overleg afwezigheden")).to_be_visible()
    page.go_back()
    page.locator(".inbox-entry", has_text="Advies vóór een melding").get_by_role(
        "link", name=re.compile("Advies geven")
    ).click()
    expect(page.get_by_role("heading", name="Advies CLB vóór melding aan de politie")).to_be_visible()
    page.get_by_label("Eerst andere stappen").check()
    page.get_by_label("Toelichting bij het advies").fill(ADVICE)
    page.get_by_label("Datum van het advies").fill(served_today(served).isoformat())
    page.get_by_role("button", name="Taak afronden", exact=True).click()
    expect(page.get_by_text("Taak afgerond: Advies CLB vóór melding aan de politie.")).to_be_visible()
    _clean(page)
    page.get_by_role("link", name="Signalen en aanmeldingen, 2 open").click()
    expect(page.get_by_text("2 open vragen van 2 scholen.")).to_be_visible()
    expect(page.locator(".inbox-entry", has_text="Advies vóór een melding")).to_have_count(0)
    sign_out(page)

    sign_in(page, "zorg1")
    expect(page.get_by_role("link", name=re.compile("Signalen en aanmeldingen"))).to_have_count(0)
    page.goto(f"/taken/{Api(served, 'zorg1').task_id(cases['police'], 'task_police_report')}")
    advice = page.locator("section.referral-context", has_text="Advies van het CLB vóór de melding")
    expect(advice).to_contain_text("Eerst andere stappen")
    expect(advice.locator("blockquote")).to_have_text(ADVICE)
    expect(page.get_by_label("Advies van het CLB", exact=True)).to_have_value(
        f"Eerst andere stappen: {ADVICE}"
    )
    _clean(page)
    if served_on == "sqlite":
        screenshot(page, "politiemelding-met-advies-clb")
    page.context.close()
