"""Drempels en overleg in a real browser: the director changes a threshold and the cadence (by
keyboard and by mouse), a refused value is shown at its field and in a focused summary, staff
read the page. Each state: axe-core finds nothing serious, the CSP refuses nothing, no script
fails; screenshots at 1280 and 768 px into screenshots/."""

import re

from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in

SIGNAL_B = "Halve dagen met B-code in een schooljaar: signaal aan het CLB"
WARNING = "Halve dagen met B-code: waarschuwing voor de schooltoeslag"


def _check(page, name: str, served_on: str) -> None:
    assert serious_violations(page) == [], name
    assert csp_violations(page) == [], name
    assert page.console_errors == [], name
    if served_on == "sqlite":
        screenshot(page, name)


def test_a_director_changes_a_threshold(served, browser, request):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "dir1")
    page.get_by_role("link", name="Afwezigheden", exact=True).click()
    expect(page.get_by_text("signaal aan het CLB vanaf 5 halve dagen met B-code")).to_be_visible()
    page.get_by_role("link", name="Drempels en overleg").click()
    expect(page.get_by_role("heading", name=re.compile("^Drempels en overleg"))).to_be_visible()
    _check(page, "drempels-directie", served_on)

    # A value the law refuses: the warning must stay below the allowance's limit of 30.
    page.get_by_label(WARNING).fill("30")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Hoogstens 29: vanaf 30 halve dagen met B-code in twee opeenvolgende")
    expect(page.get_by_label(WARNING)).to_have_value("30")
    _check(page, "drempels-fout", served_on)
    summary.get_by_role("link").first.click()  # the summary leads to the field
    expect(page.get_by_label(WARNING)).to_be_focused()

    # By keyboard: empty the warning again, type the new signal threshold, Enter saves.
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.get_by_label(SIGNAL_B).focus()
    page.keyboard.type("4")
    page.get_by_label("Tweewekelijks").check()  # by mouse
    page.get_by_label(SIGNAL_B).press("Enter")
    expect(page.get_by_text("De drempels en het ritme van het overleg zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_label(SIGNAL_B)).to_have_value("4")
    expect(page.get_by_label(WARNING)).to_have_value("")
    expect(page.get_by_label("Tweewekelijks")).to_be_checked()
    _check(page, "drempels-opgeslagen", served_on)
    page.context.close()

    # The care coordinator reads the new values, and the meetings page says so.
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.get_by_role("link", name="Afwezigheden", exact=True).click()
    page.get_by_role("link", name="Overleg afwezigheden").click()
    expect(page.get_by_text("signaal aan het CLB vanaf 4 halve dagen met B-code")).to_be_visible()
    page.get_by_role("link", name="Alle drempels en het ritme van het overleg").click()
    read_only = "U kunt deze drempels lezen. De directie van de school past ze aan."
    expect(page.get_by_text(read_only)).to_be_visible()
    expect(page.get_by_role("button", name="Opslaan")).to_have_count(0)
    expect(
        page.get_by_role("row", name=re.compile(f"^{re.escape(SIGNAL_B)}.* 5 4 eigen keuze"))
    ).to_be_visible()
    _check(page, "drempels-lezen", served_on)
    page.context.close()
