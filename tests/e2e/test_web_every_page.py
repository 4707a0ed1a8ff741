"""Every page of the web interface, from Flask's URL map, in a real browser: axe-core
finds no serious or critical problem, the Content-Security-Policy refuses nothing, no
script fails, and no internal identifier (snake_case) is in what people read. A new page
without an entry in PAGES (or a reason in NOT_PAGES) fails here. Then a task completed
with the keyboard alone, from the task list to the confirmation."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api

CODES = re.compile(r"\b[a-z]+_[a-z_]+\b")

# Endpoint → (user, path with {ids}); error pages and refusals are pages too.
PAGES = {
    "web.login": (None, "/login"),
    "web.logout": ("zorg1", "/logout"),
    "web.my_tasks": ("zorg1", "/taken?tab=group"),
    "web.task": ("zorg1", "/taken/{task}"),
    "web.case_list": ("zorg1", "/dossiers?q=Peeters"),
    "web.case": ("zorg1", "/dossiers/{case}"),
    "web.pupil_list": ("zorg1", "/leerlingen"),
    "web.pupil": ("zorg1", "/leerlingen/{pupil}"),
    "web.pupil_new": ("zorg1", "/leerlingen/nieuw"),
    "web.pupil_edit": ("zorg1", "/leerlingen/{pupil}/gegevens"),
    "web.notification_list": ("zorg1", "/meldingen"),
    "web.mail_settings": ("zorg1", "/meldingen/e-mail"),
    "web.absence_schools": ("zorg1", "/afwezigheden"),
    "web.school_absences": ("zorg1", "/scholen/{school}/afwezigheden"),
    "web.absence_import": ("zorg1", "/scholen/{school}/afwezigheden/inlezen"),
    "web.roster_import": ("zorg1", "/scholen/{school}/leerlingen/inlezen"),
    "web.meetings_page": ("zorg1", "/scholen/{school}/overleg"),
    "web.meeting": ("zorg1", "/scholen/{school}/overleg/{meeting}"),
    "web.thresholds": ("dir1", "/scholen/{school}/drempels"),
    "web.calendars": ("dir1", "/schoolkalender"),
    "web.calendar": ("dir1", "/schoolkalender/{school}"),
    "web.referrals": ("clb1", "/aanmeldingen"),
    "web.my_clb_agreements": ("clbdir1", "/clb/afspraken"),
    "web.clb_agreements": ("clbdir1", "/clb/{clb}/afspraken"),
    "web.incidents": ("admin", "/incidenten"),
    "web.workflow_versions": ("admin", "/beheer/paden"),
}
NOT_PAGES = {
    "web.index": "a redirect to Mijn taken",
    "web.static": "the app's CSS, scripts and images",
    "web.vendor_file": "bpmn-js and htmx from node_modules",
    "web.download_document": "a .docx or PDF download",
    "web.pupil_export": "a zip download (the pupil's export)",
    "web.case_diagram": "the BPMN XML the case page's diagram reads",
    "web.workflow_migration": "needs two versions of a process: tests/e2e/test_web_workflow_versions.py",
}


def _prose(page) -> str:
    """What a person reads in the page's main part, without the file columns and keys
    shown as code (<code>): internal identifiers (police_track, signal_clb) must not be in it."""
    return page.evaluate(
        "() => { const main = document.querySelector('main').cloneNode(true);"
        " main.querySelectorAll('code, kbd, samp').forEach(el => el.remove()); return main.innerText; }"
    )


@pytest.fixture(scope="module")
def ids(served):
    zorg1 = Api(served, "zorg1")
    me = zorg1.call("GET", "/api/me")
    pupils = {p["last_name"]: p["id"] for p in zorg1.call("GET", "/api/pupils?per_page=100")["items"]}
    truancy = {"absence_type": "spijbelen", "reason": "Knipperlicht", "first_absence_on": "2026-11-23"}
    case = zorg1.call("POST", "/api/cases", {"pupil_id": pupils["Peeters"], **truancy})["id"]
    meeting = zorg1.call("POST", f"/api/schools/{me['school_id']}/meetings", {})["id"]
    clb = Api(served, "clbdir1").call("GET", "/api/me")["clb_id"]  # the CLB of zorg1's school
    return {
        "case": case,
        "task": zorg1.task_id(case, "task_absence_contact_parents"),
        "pupil": pupils["Peeters"],
        "school": me["school_id"],
        "meeting": meeting,
        "clb": clb,
    }


def test_every_page_has_an_entry(served_app_rules):
    endpoints = {
        rule.endpoint
        for rule in served_app_rules
        if rule.endpoint.startswith("web.") and "GET" in rule.methods
    }
    assert endpoints - set(PAGES) - set(NOT_PAGES) == set(), "a page without an accessibility check"
    assert set(PAGES) | set(NOT_PAGES) <= endpoints, "an entry for a page that is gone"


@pytest.fixture(scope="module")
def served_app_rules():
    from app import create_app

    return list(create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).url_map.iter_rules())


def test_every_page_is_accessible(served, browser, ids, request):
    served_on = request.node.callspec.params["served"]
    pages: dict[str | None, list[tuple[str, str]]] = {}
    for endpoint, (user, path) in PAGES.items():
        pages.setdefault(user, []).append((endpoint, path.format(**ids)))
    problems = {}
    for user, paths in pages.items():
        page = new_page(browser, served)
        if user:
            sign_in(page, user)
        for endpoint, path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (endpoint, path)
            if endpoint == "web.case":
                expect(page.locator("#diagram.is-loaded")).to_have_count(1)
            found = serious_violations(page) + csp_violations(page) + page.console_errors
            found += [f"code in the text: {word}" for word in sorted(set(CODES.findall(_prose(page))))]
            if found:
                problems[endpoint] = found
            if served_on == "sqlite" and endpoint in ("web.mail_settings", "web.logout"):
                screenshot(page, endpoint.removeprefix("web."))
        page.context.close()
    assert problems == {}


def test_a_task_is_completed_with_the_keyboard_alone(served, browser, ids):
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.goto(f"/taken/{ids['task']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ouders contacteren bij afwezigheid")
    # From the top of the page: Tab to the first field of the form, then fill and send.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    first_field = (
        page.locator("form.task-form")
        .first.locator("input:not([type=hidden]):not([tabindex='-1']), textarea, select")
        .first
    )
    for _ in range(80):  # the menu, the case summary, then the form
        page.keyboard.press("Tab")
        if first_field.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the form's first field is not reachable with Tab")
    _fill_with_keyboard(page)
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator(".flash--success")).to_contain_text("Ouders contacteren bij afwezigheid")
    page.context.close()


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || !el.form) return null;
  const group = el.type === 'radio' && el.form.querySelector(`input[name="${el.name}"]:checked`);
  return [el.tagName, el.type || '', el.name, el.value, el.textContent.trim(), Boolean(group)];
}"""


def _fill_with_keyboard(page) -> None:
    """Tab through the form from the prefilled dates (the absence's day, today),
    choosing with Space where nothing is chosen and typing the remarks, up to the
    button that completes the task, and press it with Enter."""
    for _ in range(150):
        focused = page.evaluate(FOCUSED)
        if focused is not None:
            tag, control, name, value, text, chosen = focused
            if tag == "BUTTON" and text == "Taak afronden":
                page.keyboard.press("Enter")
                return
            if control == "radio" and not chosen:
                page.keyboard.press("Space")
            elif tag == "TEXTAREA" and "." not in name and not value:  # not in a row of attempts
                page.keyboard.type("Moeder telefonisch bereikt: Emma was ziek, attest volgt.")
        page.keyboard.press("Tab")
    pytest.fail("Tab never reached the button 'Taak afronden'")
