"""The absence meeting of a real school in a browser: 60 pupils on one compact table, every
decision chosen per row and saved in one submit (issue 22). A refused row first: the page
names it, keeps what was typed and stores nothing. Keyboard: a row's decision, then its note.
Screenshots at 1280 and 768 px of the table with 60 pupils."""

import json
import re
import time
import urllib.request
import uuid

import pytest
from playwright.sync_api import expect

from app.calendar.school_year import school_year_bounds, school_year_of
from tests.clocks import last_school_half_days
from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api, served_today

PUPILS = 60


def _upload(api: Api, path: str, name: str, content: str) -> dict:
    """A multipart upload to the served API (the roster, the absences)."""
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: text/csv\r\n\r\n{content}\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        api.base + path,
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {api.token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def school(served):
    """60 pupils of the first demo school with 5 B half-days each (the import opens their cases):
    one roster file and one absence file through the API, as the school's software would."""
    zorg = Api(served, "zorg1")
    school_id = zorg.call("GET", "/api/pupils?per_page=1")["items"][0]["school_id"]
    roster = ["external_id,first_name,last_name,birth_date,class_name"]
    roster += [
        f"M-{n:03d},Leerling{n:02d},Overleg{n:02d},2012-0{1 + n % 9}-1{n % 10},{1 + n % 6}A"
        for n in range(PUPILS)
    ]
    _upload(zorg, f"/api/schools/{school_id}/pupils/import", "leerlingen.csv", "\n".join(roster) + "\n")
    today = served_today(served)
    half_days = last_school_half_days(today, 5, school_year_bounds(school_year_of(today))[0])
    rows = ["external_id,date,half_day,code,note"]
    rows += [f"M-{n:03d},{d.isoformat()},{h},B," for n in range(PUPILS) for d, h in half_days]
    _upload(zorg, f"/api/schools/{school_id}/absences/import", "afwezigheden.csv", "\n".join(rows) + "\n")
    return school_id


def _decision(n: int) -> str:
    return "signal_clb" if n % 20 == 0 else "action_agreed" if n % 7 == 0 else "discussed"


def test_a_meeting_of_60_pupils_is_saved_in_one_submit(served, browser, school, request):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.goto(f"/scholen/{school}/overleg")
    page.get_by_label("Notitie").fill("Overleg met 60 leerlingen")
    page.get_by_role("button", name="Overleg aanmaken en agenda opstellen").click()
    expect(page.get_by_role("heading", name=re.compile("^Overleg afwezigheden van"))).to_be_visible()
    page.wait_for_load_state()  # the heading shows before a long table has all arrived: count it whole
    rows = page.locator("tr.meeting-row")
    assert rows.count() >= PUPILS
    ours = [
        page.locator("tr.meeting-row", has=page.get_by_role("link", name=f"Leerling{n:02d} Overleg{n:02d}"))
        for n in range(PUPILS)
    ]
    for row in ours:
        expect(row.locator("td.num").nth(1)).to_have_text("5")  # the B count
        expect(row.locator(".meeting-row__case")).to_contain_text("Fase 1")
    if served_on == "sqlite":
        screenshot(page, "overleg-60-leerlingen")
    page.set_viewport_size({"width": 768, "height": 1024})
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 768 && !e.closest('.table-wrap'))
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert wide == [] and page.evaluate("document.documentElement.scrollWidth") <= 768
    # At 768 px the table fits: the decision and the note of a row are on screen, not scrolled away.
    for field in ("Beslissing", "Toelichting"):
        box = ours[0].get_by_label(f"{field} voor Leerling00 Overleg00").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 768, (field, box)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Keyboard: from a row's decision the Tab key goes to its note.
    first = ours[0].get_by_label("Beslissing voor Leerling00 Overleg00")
    first.focus()
    page.keyboard.press("Tab")
    expect(ours[0].get_by_label("Toelichting voor Leerling00 Overleg00")).to_be_focused()

    for n, row in enumerate(ours):
        row.get_by_label(re.compile("^Beslissing voor")).select_option(_decision(n))
        if n % 7 == 0:
            row.get_by_label(re.compile("^Toelichting voor")).fill(f"Afspraak {n}")
    # One bad row: a return path next to a running case. Nothing is stored; the row is named.
    ours[5].get_by_label(re.compile("^Beslissing voor")).select_option("return_path")
    page.get_by_role("button", name="Beslissingen van het overleg bewaren").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Leerling05 Overleg05: Er loopt al een dossier")
    expect(page.locator(".error-summary")).to_contain_text("Er werd niets bewaard")
    expect(ours[5]).to_have_class(re.compile("has-error"))
    expect(ours[7].get_by_label(re.compile("^Toelichting voor"))).to_have_value("Afspraak 7")  # kept
    expect(page.locator(".lead")).to_contain_text("Beslist: 0 van")
    assert serious_violations(page) == []
    if served_on == "sqlite":
        screenshot(page, "overleg-60-geweigerd")

    page.locator(".error-summary a").first.click()
    expect(ours[5].get_by_label(re.compile("^Beslissing voor"))).to_be_focused()
    ours[5].get_by_label(re.compile("^Beslissing voor")).select_option("discussed")
    started = time.monotonic()
    page.get_by_role("button", name="Beslissingen van het overleg bewaren").click()
    expect(page.get_by_text(f"{PUPILS} beslissingen vastgelegd")).to_be_visible()
    print(
        f"\n{PUPILS} decisions saved and the page shown again in {time.monotonic() - started:.1f} s ({served_on})"
    )
    for n, row in enumerate(ours):
        expect(row.get_by_label(re.compile("^Beslissing voor"))).to_have_value(_decision(n))
        expect(row).to_have_class(re.compile("is-decided"))
    expect(ours[14].get_by_label(re.compile("^Toelichting voor"))).to_have_value("Afspraak 14")
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []
    if served_on == "sqlite":
        screenshot(page, "overleg-60-bewaard")
    page.context.close()

    # What the meeting decided is in the cases: the CLB reads a signalled pupil's case.
    clb = Api(served, "clb1")
    signalled = clb.call("GET", "/api/pupils?q=Leerling20&per_page=5")["items"]
    assert [p["last_name"] for p in signalled] == ["Overleg20"]
