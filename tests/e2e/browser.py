"""Driving Debian's Chromium with Playwright: sign-in, accessibility, screenshots.

Never a downloaded browser: `playwright install` is not used; the executable is
/usr/bin/chromium (or $ZORGPAD_CHROMIUM). axe-core comes from npm (node_modules).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ZORGPAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=nl-BE",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
WIDTHS = (1280, 768)
# Records every Content-Security-Policy refusal, so a test can show that none happened.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
}"""


def launch(playwright):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium (make test checks this first)"
        )
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run `npm ci` (make test does)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_page(browser, base: str, *, width: int = 1280, javascript: bool = True):
    """A fresh context (own cookies) with a page that collects console errors."""
    context = browser.new_context(
        base_url=base,
        viewport={"width": width, "height": 900},
        locale="nl-BE",
        timezone_id="Europe/Brussels",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(15_000)
    # Init scripts run outside the page's CSP (as a browser extension would).
    context.add_init_script(script=CSP_WATCH)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.console_errors = []  # script errors, and assets or fetches that failed

    def on_console(message):
        # A page answered with 404 or 422 is logged too; those are checked by status.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.console_errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            page.console_errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def sign_in(page, username: str, password: str = "demo"):
    page.goto("/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


def sign_out(page):
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(re.compile(r"/login"))


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (once it has
    loaded: a navigation that replaces the document under a run starts it again)."""
    for attempt in range(2):
        page.wait_for_load_state()
        try:
            results = page.evaluate(AXE_RUN)
            break
        except PlaywrightError as error:
            navigated = "documentElement" in str(error) or "context was destroyed" in str(error)
            if attempt or not navigated:
                raise
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}"
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


def csp_violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []")


def screenshot(page, name: str) -> None:
    """The page at each width, full length, into screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 1000 else 1024})
        page.wait_for_timeout(150)  # let the layout (and the diagram) settle
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(original)
