"""The Documenten section of a case page in a real browser: axe-core, CSP, pictures;
making a document and downloading it; the diagram draws the document steps."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.served import Api
from tests.walk import REFERRAL, example

# The service tasks of the main path (workflows/zorgpad_case.bpmn).
CASE_DOCUMENT_STEPS = (
    "service_begeleidingsplan",
    "service_spijbelactieplan",
    "service_dossier_maatregelen",
    "service_mdoc_bijlage",
    "service_agodi_melding_school",
    "service_agodi_melding_clb",
)


@pytest.fixture(scope="module")
def case(served):
    """Lina's case with its begeleidingsplan made by the step, referred to the CLB."""
    zorg1 = Api(served, "zorg1")
    opened = zorg1.open_case("Maes", absence_type="spijbelen", reason="Knipperlicht")
    case_id = opened["id"]
    # A plan entered late: its evaluation date has passed, so its evaluation opens at once.
    zorg1.complete(
        case_id,
        "task_action_plan",
        example("task_action_plan", plan_date="2026-11-16", evaluation_date="2026-11-20"),
    )
    referral = {k: v for k, v in {**example("task_phase1_evaluation"), **REFERRAL}.items() if v is not None}
    zorg1.complete(case_id, "task_phase1_evaluation", referral)
    return case_id


def _check(page, name, served_on):
    assert serious_violations(page) == [], name
    assert csp_violations(page) == [], name
    assert page.console_errors == [], name
    if served_on == "sqlite":
        screenshot(page, name)


def test_the_documents_section_lists_makes_and_downloads(served, browser, case, request):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "zorg1")
    page.goto(f"/dossiers/{case}")
    section = page.locator("#documenten")
    expect(section.get_by_role("cell", name="Begeleidingsplan", exact=True)).to_be_visible()
    expect(page.locator("#diagram.is-loaded")).to_have_count(1)
    for step in CASE_DOCUMENT_STEPS:  # every document step is drawn in the diagram
        expect(page.locator(f'#diagram .djs-shape[data-element-id="{step}"]')).to_have_count(1)
    _check(page, "dossier-documenten", served_on)

    section.get_by_label("Document maken uit wat het dossier nu bevat").select_option("dossier_maatregelen")
    section.get_by_role("button", name="Document maken").click()
    expect(page.get_by_text("Dossier van begeleidende maatregelen, versie 1, is gemaakt.")).to_be_visible()
    dossier = section.get_by_role("cell", name="Dossier van begeleidende maatregelen", exact=True)
    expect(dossier).to_be_visible()
    with page.expect_download() as downloading:
        section.get_by_role("link", name=re.compile("^Word: Begeleidingsplan versie 1")).click()
    assert downloading.value.suggested_filename == "begeleidingsplan-lina-maes-v1.docx"
    assert page.console_errors == [] and csp_violations(page) == []
    # The PDF is made in the background (off on this server): the link says it is on its way.
    section.get_by_role("link", name=re.compile("^PDF: Begeleidingsplan versie 1")).click()
    expect(page.get_by_role("heading", name="PDF wordt aangemaakt")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("De download start vanzelf")
    _check(page, "document-pdf-wordt-aangemaakt", served_on)
    page.get_by_role("link", name="Terug naar het dossier").click()
    expect(page.locator("#documenten")).to_be_visible()
    page.context.close()

    page = new_page(browser, served)
    sign_in(page, "clb1")
    page.goto(f"/dossiers/{case}")
    section = page.locator("#documenten")
    expect(section.get_by_role("cell", name="Begeleidingsplan", exact=True)).to_be_visible()  # the school's
    waiting = (
        "Bijlage bij het M-document kan pas gemaakt worden als de taak ‘M-document aan OCJ/VK’ afgerond is."
    )
    expect(section.get_by_text(waiting)).to_be_visible()
    _check(page, "dossier-documenten-clb", served_on)
    page.context.close()
