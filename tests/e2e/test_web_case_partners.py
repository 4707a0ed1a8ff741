"""Issue 20 on the case page in a real browser: the school's coordinator reads the
CLB's HGD advice "voor de school" and acknowledges it; the CLB starts the
M-document from the case page. axe-core, CSP, pictures at 1280 and 768 px."""

import json
from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from app.calendar.school_days import add_school_days
from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api, served_today
from tests.walk import REFERRAL, example

FORMS = Path(__file__).resolve().parents[2] / "forms"
ADVICE = "Toetsen in een aparte ruimte; de leerlingbegeleider is elke maandag het aanspreekpunt."
FINDINGS = "Faalangst; thuis spanningen tussen de ouders."


def _dated(task_id: str, today: date, **changes) -> dict:
    """The form's example with every date today, and an evaluation later."""
    schema = json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))
    data = example(task_id)
    for name, spec in schema["properties"].items():
        if name in data and spec.get("format") == "date":
            data[name] = today.isoformat()
    if "evaluation_date" in data and task_id != "task_phase1_evaluation":
        data["evaluation_date"] = add_school_days(today, 15).isoformat()
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _case_with_hgd_advice(served) -> int:
    """Lena's case: a plan, evaluated now, referred; the CLB's HGD advises the school."""
    zorg1, clb1 = Api(served, "zorg1"), Api(served, "clb1")
    pupils = {p["last_name"]: p["id"] for p in zorg1.call("GET", "/api/pupils?per_page=100")["items"]}
    pupil = pupils["Janssens"]  # of compulsory age on every hard day (tests/clocks.py): AGODI is offered
    case_id = zorg1.call(
        "POST", "/api/cases", {"pupil_id": pupil, "absence_type": "spijbelen", "reason": "Knipperlicht"}
    )["id"]
    today = served_today(served)
    plan = _dated("task_action_plan", today)
    plan["actions"] = [dict(a, deadline=add_school_days(today, 5).isoformat()) for a in plan["actions"]]
    zorg1.complete(case_id, "task_action_plan", plan)
    zorg1.call("POST", f"/api/cases/{case_id}/messages", {"name": "evaluate_now", "data": {}})
    zorg1.complete(case_id, "task_phase1_evaluation", _dated("task_phase1_evaluation", today, **REFERRAL))
    clb1.complete(case_id, "task_clb_accept", _dated("task_clb_accept", today, accepted=True))
    clb1.complete(case_id, "task_clb_intake", _dated("task_clb_intake", today))
    clb1.complete(case_id, "task_clb_round_plan", _dated("task_clb_round_plan", today, trajectories=["hgd"]))
    clb1.complete(case_id, "task_hgd", _dated("task_hgd", today, findings=FINDINGS, for_school=ADVICE))
    return case_id


def test_the_coordinator_acknowledges_the_clbs_advice_and_the_clb_starts_an_m_document(
    served, browser, request
):
    served_on = request.node.callspec.params["served"]
    case_id = _case_with_hgd_advice(served)
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.goto(f"/dossiers/{case_id}")
    notices = page.locator("section#mededelingen")
    expect(notices.get_by_role("heading", name="Voor de school: mededelingen van het CLB")).to_be_visible()
    expect(notices).to_contain_text(ADVICE)
    expect(page.locator("main")).not_to_contain_text(FINDINGS)  # the CLB's own findings stay with the CLB
    # The school may start an AGODI report (phase 2) but not the M-document.
    tracks = page.locator("section#sporen")
    expect(tracks.get_by_label("Melding zorgwekkend dossier aan AGODI")).to_be_visible()
    expect(tracks).not_to_contain_text("M-document")
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []
    if served_on == "sqlite":
        screenshot(page, "dossier-mededelingen-school")
    notices.get_by_role("button", name="Gelezen en opgevolgd").click()
    expect(page.locator(".flash--success")).to_contain_text("Mededeling bevestigd")
    expect(page.locator("section#mededelingen")).to_contain_text(
        "Gelezen en opgevolgd door An Zorgcoördinator"
    )
    expect(page.locator("section#mededelingen").get_by_role("button")).to_have_count(0)
    expect(page.locator(".timeline")).to_contain_text("Gelezen en opgevolgd")
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []

    clb = new_page(browser, served)
    sign_in(clb, "clb1")
    clb.goto(f"/dossiers/{case_id}")
    expect(clb.locator("section#mededelingen").get_by_role("button")).to_have_count(0)
    tracks = clb.locator("section#sporen")
    tracks.get_by_label("M-document aan OCJ/VK").check()
    tracks.get_by_label("Overleg met de school").fill("Besproken met de zorgcoördinator op het overleg.")
    if served_on == "sqlite":
        screenshot(clb, "dossier-sporen-clb")
    assert serious_violations(clb) == [] and csp_violations(clb) == [] and clb.console_errors == []
    tracks.get_by_role("button", name="Melding starten").click()
    expect(clb.locator(".flash--success")).to_contain_text("Het M-document is gestart")
    expect(clb.get_by_role("link", name="M-document aan OCJ/VK").first).to_be_visible()
    expect(clb.locator("section#sporen")).to_contain_text("Er loopt al een M-document")
