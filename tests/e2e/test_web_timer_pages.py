"""The timers' pages in a real browser (axe-core, no CSP refusals or script errors,
screenshots at 1280 and 768 px): Meldingen, Schoolkalender, Incidenten, a late task in
Mijn taken, reminders and escalations in a case's timeline.

The server runs the timer fixture's diagram (tests/fixtures/bpmn/timers_demo.bpmn: a task
watched by a reminder and an escalation) on the served clock, with no scheduler of its own;
the test fires the timers with `zorgpad scheduler run-once --now` at the end of the school
day after the escalation's (counted in school days from the served clock, holidays
included), as an operator catching up would.
"""

import json
import re
import shutil
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from app.calendar.deadlines import DEADLINES
from app.calendar.school_days import BRUSSELS, due_after_school_days, is_school_day
from app.config import normalise_database_url
from tests.clocks import previous_school_day
from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.conftest import serving
from tests.e2e.served import Api, served_now, served_today, sweep_as_of
from tests.timer_fixture import FIXTURES, TIMER_KEYS


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def timers_served(request, tmp_path_factory):
    """(base URL, database URL, server settings) of `zorgpad serve` on the timer fixture."""
    folder = tmp_path_factory.mktemp("timers")
    (folder / "workflows").mkdir()
    for name in ("timers_demo.bpmn", "fixture_noop.bpmn"):
        shutil.copy(FIXTURES / "bpmn" / name, folder / "workflows")
    shutil.copytree(FIXTURES / "forms", folder / "forms")
    settings = {
        "ZORGPAD_WORKFLOWS_DIR": str(folder / "workflows"),
        "ZORGPAD_FORMS_DIR": str(folder / "forms"),
        "ZORGPAD_WORKFLOW_KEYS": json.dumps(TIMER_KEYS),
        "ZORGPAD_SCHEDULER_IN_SERVER": "0",
        "ZORGPAD_TIMER_MAX_ATTEMPTS": "1",
    }
    with serving(request, tmp_path_factory, settings) as (base, url):
        yield base, url, settings


def _sql(database_url: str, statement: str, **values):
    engine = create_engine(normalise_database_url(database_url))
    try:
        with engine.begin() as conn:
            return conn.execute(text(statement), values)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def cases(timers_served):
    """Emma's and Lina's cases past their reminders and escalations, Noah's case broken
    (an incident); Lina's task due yesterday (a late row in Mijn taken)."""
    base, url, settings = timers_served
    zorg1 = Api(base, "zorg1")
    pupils = {p["last_name"]: p["id"] for p in zorg1.call("GET", "/api/pupils?per_page=100")["items"]}
    # Opened by hand on an absence of the day before (its follow-up is what the timers watch).
    opening = {
        "reason": "Knipperlicht",
        "first_absence_on": previous_school_day(served_today(base)).isoformat(),
    }
    emma = zorg1.call("POST", "/api/cases", {"pupil_id": pupils["Peeters"], **opening})
    noah = zorg1.call("POST", "/api/cases", {"pupil_id": pupils["Janssens"], **opening})
    lina = zorg1.call("POST", "/api/cases", {"pupil_id": pupils["Maes"], **opening})
    # The opener owns each case and holds its tasks (issue 20); these pages are about tasks
    # nobody holds: the team's, reminded as a team.
    for case in (emma, noah, lina):
        for task in case["open_tasks"]:
            zorg1.call("POST", f"/api/tasks/{task['id']}/unclaim")
    _sql(
        url,
        "UPDATE workflow_instances SET state = :state WHERE case_id = :case_id",
        state='{"not": "a workflow"}',
        case_id=noah["id"],
    )
    # Past every reminder and escalation of a case opened today: the school day after the
    # escalation's, at its end.
    at = due_after_school_days(served_now(base), DEADLINES["escalation"].default + 1).isoformat()
    swept = sweep_as_of(base, at)
    # Emma's and Lina's reminders and escalations fire; Noah's case fails: with one attempt
    # allowed, it is an incident at once.
    assert "1 new incidents" in swept, swept
    # The server's clock has not moved: picture a late row by moving Lina's due date back a day.
    _sql(
        url,
        "UPDATE case_tasks SET due_at = :due WHERE id = :task_id",
        due=served_now(base) - timedelta(days=1),
        task_id=lina["open_tasks"][0]["id"],
    )
    return {
        "emma": emma["id"],
        "noah": noah["id"],
        "lina": lina["id"],
        "emma_task": emma["open_tasks"][0]["id"],
    }


def _check(page, name: str, served_on: str) -> None:
    assert serious_violations(page) == [], name
    assert csp_violations(page) == [], name
    assert page.console_errors == [], name
    if served_on == "sqlite":
        screenshot(page, name)


def _next_day(base: str, predicate):
    day = served_now(base).astimezone(BRUSSELS).date() + timedelta(days=1)
    while not predicate(day):
        day += timedelta(days=1)
    return day


def _served_on(request) -> str:
    return request.node.callspec.params["timers_served"]


def test_notifications_in_the_header_and_on_their_page(timers_served, browser, cases, request):
    base = timers_served[0]
    page = new_page(browser, base)
    sign_in(page, "dir1")
    # Two reminders and two escalations, read aloud with the count.
    expect(page.get_by_role("link", name="Meldingen, 4 ongelezen")).to_be_visible()
    page.get_by_role("link", name="Meldingen, 4 ongelezen").click()
    expect(page.get_by_role("heading", name="Meldingen", exact=True)).to_be_visible()
    expect(page.locator(".notification--unread")).to_have_count(4)
    expect(page.locator(".notification__title").first).to_have_text(re.compile("^Escalatie: "))
    _check(page, "meldingen", _served_on(request))
    page.get_by_role("button", name=re.compile(r"^Gelezen\W+Escalatie")).first.click()
    expect(page.get_by_role("link", name="Meldingen, 3 ongelezen")).to_be_visible()
    expect(page.locator(".notification--unread")).to_have_count(3)
    page.get_by_role("button", name="Alles gelezen").click()
    expect(page.get_by_text("Alle meldingen zijn gelezen.")).to_be_visible()
    expect(page.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()
    expect(page.locator(".notification--unread")).to_have_count(0)
    page.context.close()

    # The keyboard alone: from a notification to its task.
    page = new_page(browser, base)
    sign_in(page, "zorg1")
    page.get_by_role("link", name=re.compile(r"^Meldingen, \d+ ongelezen$")).focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name=re.compile(r"^Naar de taak\W+Herinnering: Opvolgen$")).first
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Opvolgen", exact=True)).to_be_visible()
    assert page.console_errors == [] and csp_violations(page) == []
    page.context.close()


def test_late_tasks_first_in_mijn_taken(timers_served, browser, cases, request):
    page = new_page(browser, timers_served[0])
    sign_in(page, "zorg1")
    page.goto("/taken?tab=group")
    rows = page.locator("tbody tr")
    expect(rows.first).to_have_class("task-row--late")
    expect(rows.first.get_by_text(re.compile(r"^te laat \(sinds"))).to_be_visible()
    expect(page.get_by_text("1 taak is te laat en staat bovenaan.")).to_be_visible()
    _check(page, "mijn-taken-te-laat", _served_on(request))
    page.context.close()


def test_the_school_calendar_for_the_directie_and_for_readers(timers_served, browser, cases, request):
    served_on = _served_on(request)
    page = new_page(browser, timers_served[0])
    sign_in(page, "dir1")
    page.get_by_role("link", name="Schoolkalender").click()
    expect(page.get_by_role("heading", name=re.compile("^Schoolkalender"))).to_be_visible()
    _check(page, "schoolkalender", served_on)

    saturday = _next_day(timers_served[0], lambda day: day.weekday() == 5)
    page.get_by_label("Datum", exact=True).fill(saturday.isoformat())
    page.get_by_label("Reden", exact=True).fill("Zaterdag")
    page.get_by_role("button", name="Vrije dag toevoegen").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#dag-date-error")).to_have_text(
        "Valt in het weekend, op een feestdag of in een schoolvakantie."
    )
    expect(page.get_by_label("Reden", exact=True)).to_have_value("Zaterdag")  # kept
    _check(page, "schoolkalender-fouten", served_on)

    school_day = _next_day(timers_served[0], lambda day: is_school_day(day) and day.weekday() < 4)
    page.get_by_label("Datum", exact=True).fill(school_day.isoformat())
    page.get_by_label("Reden", exact=True).fill("Pedagogische studiedag")
    page.get_by_role("button", name="Vrije dag toevoegen").click()
    expect(page.locator(".flash--success")).to_have_text(
        re.compile(
            r"is een vrije dag \(Pedagogische studiedag\)\. (Geen open taak kreeg|\d+ taken? kregen?) "
            r"een nieuwe termijn\."
        )
    )
    expect(page.get_by_role("cell", name="Pedagogische studiedag")).to_be_visible()
    _check(page, "schoolkalender-vrije-dag", served_on)

    reminder = page.get_by_label("Herinnering", exact=True)
    reminder.fill("0")
    page.get_by_role("button", name=re.compile(r"^Opslaan\W+Herinnering$")).click()
    expect(page.locator("#termijn-reminder-error")).to_have_text("Tussen 1 en 200 schooldagen.")
    expect(page.get_by_label("Herinnering", exact=True)).to_have_value("0")
    page.get_by_label("Herinnering", exact=True).fill("4")
    page.get_by_role("button", name=re.compile(r"^Opslaan\W+Herinnering$")).click()
    expect(page.get_by_text("Herinnering: voortaan 4 schooldagen.")).to_be_visible()
    expect(page.get_by_label("Herinnering", exact=True)).to_have_value("4")
    page.get_by_role("button", name=re.compile(r"^Verwijderen\W+")).click()
    expect(page.locator(".flash--success")).to_have_text(re.compile(r"is weer een schooldag\."))
    expect(page.get_by_text("Nog geen eigen vrije dagen.")).to_be_visible()
    page.context.close()

    page = new_page(browser, timers_served[0])
    sign_in(page, "clb1")
    page.goto("/schoolkalender")
    _check(page, "schoolkalender-kiezen", served_on)
    page.get_by_role("link", name="Sint-Jozefscollege (demo)").click()
    expect(page.get_by_text("U kunt deze kalender lezen.")).to_be_visible()
    expect(page.get_by_role("button", name="Vrije dag toevoegen")).to_have_count(0)
    _check(page, "schoolkalender-lezen", served_on)
    page.context.close()


def test_incidents_for_the_admin(timers_served, browser, cases, request):
    page = new_page(browser, timers_served[0])
    sign_in(page, "admin")
    page.get_by_role("link", name="Incidenten").click()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_have_text(str(cases["noah"]))
    expect(page.get_by_text("Janssens")).to_have_count(0)  # case ids, no pupil names
    _check(page, "incidenten", _served_on(request))
    page.get_by_role("button", name=re.compile(rf"^Opnieuw proberen\W+dossier {cases['noah']}$")).click()
    expect(page.get_by_text(f"de planner probeert dossier {cases['noah']}")).to_be_visible()
    expect(page.get_by_text("Geen open incidenten")).to_be_visible()
    page.get_by_role("link", name="Afgehandeld").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    page.context.close()


def test_reminders_and_escalations_in_the_timeline(timers_served, browser, cases, request):
    page = new_page(browser, timers_served[0])
    sign_in(page, "zorg1")
    page.goto(f"/dossiers/{cases['emma']}")
    timeline = page.locator(".timeline")
    expect(timeline.get_by_text("Herinnering verstuurd")).to_be_visible()
    escalated = timeline.get_by_text(re.compile("“Opvolgen” bleef liggen en ging naar de directie"))
    expect(escalated).to_be_visible()
    # The fixture's diagram has no drawing (no BPMN DI): the page says so and carries on.
    expect(page.get_by_text("Het diagram kon niet geladen worden.")).to_be_visible()
    _check(page, "dossier-termijnen", _served_on(request))
    page.context.close()
