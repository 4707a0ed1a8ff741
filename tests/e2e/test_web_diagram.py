"""The case's BPMN diagram in a browser (issue 22): readable on load (the current phase, in
the lane of the current task, the task itself in view), with buttons to zoom in and out and
to show the task, the phase or the whole diagram; the buttons work by keyboard. Screenshots
at 1280 and 768 px of a case in phase 1 (school lane) and one in phase 2 (CLB lane)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api
from tests.walk import REFERRAL, example

TRUANCY = {"absence_type": "spijbelen", "reason": "Knipperlicht", "first_absence_on": "2026-11-23"}


@pytest.fixture(scope="module")
def cases(served):
    """Emma's case at its action plan (phase 1, school lane); Noah's referred to the CLB
    (phase 2, the CLB's acceptance open in the CLB lane)."""
    zorg1 = Api(served, "zorg1")
    pupils = {p["last_name"]: p["id"] for p in zorg1.call("GET", "/api/pupils?per_page=100")["items"]}
    emma = zorg1.call("POST", "/api/cases", {"pupil_id": pupils["Peeters"], **TRUANCY})["id"]
    zorg1.complete(emma, "task_absence_contact_parents", example("task_absence_contact_parents"))
    noah = zorg1.call("POST", "/api/cases", {"pupil_id": pupils["Janssens"], **TRUANCY})["id"]
    plan = example("task_action_plan", plan_date="2026-11-16", evaluation_date="2026-11-20")
    zorg1.complete(noah, "task_action_plan", plan)
    referral = {k: v for k, v in {**example("task_phase1_evaluation"), **REFERRAL}.items() if v is not None}
    zorg1.complete(noah, "task_phase1_evaluation", referral)
    return {"emma": emma, "noah": noah}


def _scale(page) -> float:
    return float(page.locator("#diagram").get_attribute("data-scale"))


def _viewbox(page) -> str:
    return page.locator("#diagram").get_attribute("data-viewbox")


def _in_view(page, selector: str) -> bool:
    """The element's box lies inside the diagram's box on the screen."""
    return page.evaluate(
        """(selector) => {
            const outer = document.getElementById('diagram').getBoundingClientRect();
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.width > 0 && box.left >= outer.left && box.right <= outer.right
                && box.top >= outer.top && box.bottom <= outer.bottom;
        }""",
        selector,
    )


def _open(page, case_id: int) -> None:
    page.goto(f"/dossiers/{case_id}")
    expect(page.locator("#diagram.is-loaded")).to_have_count(1)
    page.wait_for_function("() => document.getElementById('diagram').hasAttribute('data-scale')")


def test_the_diagram_opens_on_the_current_task_and_zooms(served, browser, cases, request):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "clb1")
    _open(page, cases["noah"])
    tools = page.get_by_role("toolbar", name="Diagram bekijken")
    for name in ("Inzoomen", "Uitzoomen", "Huidige taak", "Hele fase", "Hele diagram"):
        expect(tools.get_by_role("button", name=name, exact=True)).to_be_visible()
    caption = page.locator("[data-diagram-caption]")
    expect(caption).to_contain_text("Fase 2 in beeld")
    expect(caption).to_contain_text("(baan CLB)")
    # Readable on load, the current task (in the CLB lane) in view.
    assert _scale(page) >= 0.55
    assert _in_view(page, '#diagram .djs-shape[data-element-id="task_clb_accept"]')
    if served_on == "sqlite":
        screenshot(page, "dossier-diagram-fase2")
        _open(page, cases["noah"])  # the screenshots resized the page: start again from the load

    loaded, box = _scale(page), _viewbox(page)
    tools.get_by_role("button", name="Inzoomen").click()
    assert _scale(page) > loaded and _viewbox(page) != box
    tools.get_by_role("button", name="Uitzoomen").click()
    tools.get_by_role("button", name="Uitzoomen").click()
    assert _scale(page) < loaded
    tools.get_by_role("button", name="Hele diagram").click()
    whole = _scale(page)
    assert whole < 0.2  # the whole main path: twelve thousand units wide
    tools.get_by_role("button", name="Hele fase").click()
    assert _scale(page) > whole
    x = float(_viewbox(page).split()[0])
    assert 2000 < x < 5500  # phase 2's columns, not phase 1's
    tools.get_by_role("button", name="Huidige taak").click()
    assert _in_view(page, '#diagram .djs-shape[data-element-id="task_clb_accept"]')

    # By keyboard: the zoom buttons are ordinary buttons.
    before = _scale(page)
    tools.get_by_role("button", name="Inzoomen").focus()
    page.keyboard.press("Enter")
    assert _scale(page) > before
    page.keyboard.press("Tab")  # to "Uitzoomen"
    page.keyboard.press("Space")
    assert abs(_scale(page) - before) < 0.01
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []
    page.context.close()


def test_a_school_case_opens_in_its_phase_in_the_school_lane(served, browser, cases, request):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    _open(page, cases["emma"])
    caption = page.locator("[data-diagram-caption]")
    expect(caption).to_contain_text("Fase 1 in beeld")
    expect(caption).to_contain_text("(baan School)")
    assert _in_view(page, '#diagram .djs-shape[data-element-id="task_action_plan"]')
    assert _scale(page) >= 0.55
    assert serious_violations(page) == [] and page.console_errors == []
    if served_on == "sqlite":
        screenshot(page, "dossier-diagram-fase1")
    page.set_viewport_size({"width": 768, "height": 1024})
    page.reload()
    expect(page.locator("#diagram.is-loaded")).to_have_count(1)
    page.wait_for_function("() => document.getElementById('diagram').hasAttribute('data-scale')")
    assert _in_view(page, '#diagram .djs-shape[data-element-id="task_action_plan"]')
    page.context.close()
