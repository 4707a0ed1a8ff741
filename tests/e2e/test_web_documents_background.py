"""A step's document rendered in the background by the served app's own worker thread,
as in production (the other browser tests' servers render it in the step): the case
page lists it in preparation or ready, and it becomes downloadable without anyone
running a job."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in
from tests.e2e.conftest import serving
from tests.e2e.served import Api
from tests.walk import example

BACKGROUND = {"ZORGPAD_DOCUMENTS_IN_BACKGROUND": "1"}  # the scheduler's job stays off (served.py)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def background_served(request, tmp_path_factory):
    with serving(request, tmp_path_factory, BACKGROUND) as (base, _url):
        yield base


def _plan_status(api: Api, case_id: int) -> str:
    documents = api.call("GET", f"/api/cases/{case_id}/documents")["items"]
    return next(d["status"] for d in documents if d["template"] == "begeleidingsplan")


def test_the_worker_thread_makes_the_steps_document_downloadable(background_served, browser, request):
    zorg1 = Api(background_served, "zorg1")
    case_id = zorg1.open_case("Maes", absence_type="spijbelen", reason="Knipperlicht")["id"]
    answer = zorg1.complete(case_id, "task_action_plan", example("task_action_plan"))
    assert answer["id"] == case_id and "task_action_plan" not in {t["bpmn_id"] for t in answer["open_tasks"]}
    # The step answered before its document was rendered; the thread renders it right after.
    deadline = time.monotonic() + 30
    while (status := _plan_status(zorg1, case_id)) == "preparing" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status == "ready"

    page = new_page(browser, background_served)
    sign_in(page, "zorg1")
    page.goto(f"/dossiers/{case_id}")
    section = page.locator("#documenten")
    expect(section.get_by_role("cell", name="Begeleidingsplan", exact=True)).to_be_visible()
    expect(section.get_by_text("wordt aangemaakt")).to_have_count(0)
    with page.expect_download() as downloading:
        section.get_by_role("link", name=re.compile("^Word: Begeleidingsplan versie 1")).click()
    assert downloading.value.suggested_filename == "begeleidingsplan-lina-maes-v1.docx"
    assert serious_violations(page) == [] and csp_violations(page) == [] and page.console_errors == []
    if request.node.callspec.params["background_served"] == "sqlite":
        screenshot(page, "dossier-document-op-de-achtergrond")
