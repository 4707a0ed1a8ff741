"""PDF once per version: made in the background when a version is made (a worker thread
after the commit, the scheduler's job for what it missed), stored with the version; a
download serves the stored PDF and never waits for LibreOffice (202 until it is there)."""

import time
from statistics import median

import pytest
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.documents import pdf
from app.extensions import db
from app.models import Document
from app.services.documents import pdfs
from app.tasks import document_pdfs
from tests.integration.documents_support import documents, download, to_signal
from tests.integration.test_documents_pdf import _text, converters  # noqa: F401  (fixture)
from tests.web import text_of


def _plan(login, walk) -> dict:
    return next(d for d in documents(login, "zorg1", walk.id) if d["template"] == "begeleidingsplan")


def _stored(app, document_id: int) -> Document:
    with app.app_context():
        found = db.session.scalar(
            select(Document).where(Document.id == document_id).options(undefer(Document.pdf))
        )
        db.session.expunge(found)
        return found


@pytest.mark.usefixtures("converters")
def test_a_new_version_gets_its_pdf_from_the_worker_thread_and_the_download_serves_it(
    app, login, demo, clock
):
    app.config["PDF_IN_BACKGROUND"] = True
    walk = to_signal(login, demo, clock)  # the plan's step made a begeleidingsplan
    made = login("zorg1").post(f"/api/cases/{walk.id}/documents", json={"template": "dossier_maatregelen"})
    assert made.status_code == 201
    document_pdfs.drain(app)  # the thread converted both versions after their commits
    for document in (_plan(login, walk), made.get_json()):
        stored = _stored(app, document["id"])
        assert stored.pdf.startswith(b"%PDF-") and stored.pdf_made_at == clock.now(), document["template"]
    started = time.perf_counter()
    response = download(login, "zorg1", made.get_json()["id"], "pdf")
    assert time.perf_counter() - started < 1  # the stored bytes: no LibreOffice in the request
    assert response.status_code == 200 and response.data == _stored(app, made.get_json()["id"]).pdf
    assert "Dossier van begeleidende" in _text(response.data)
    with app.app_context():
        assert pdfs.pending() == []  # nothing left for the scheduler's job


@pytest.mark.usefixtures("converters")
def test_the_download_never_waits_and_the_scheduler_job_makes_what_is_missing(app, login, demo, clock):
    walk = to_signal(login, demo, clock)  # PDF_IN_BACKGROUND unset under TESTING: no thread
    plan = _plan(login, walk)
    waited = []
    for _ in range(5):
        started = time.perf_counter()
        response = download(login, "zorg1", plan["id"], "pdf")
        waited.append(time.perf_counter() - started)
        assert response.status_code == 202 and response.headers["Retry-After"] == "5"
    assert median(waited) < 0.5
    assert "wordt aangemaakt" in response.get_json()["message"]
    clock.advance(minutes=1)
    run = document_pdfs.sweep(app)
    assert run.made >= 1 and run.failed == 0
    assert _stored(app, plan["id"]).pdf_made_at == clock.now()
    assert download(login, "zorg1", plan["id"], "pdf").status_code == 200
    assert document_pdfs.sweep(app).made == 0  # once per version


@pytest.mark.usefixtures("converters")
def test_the_case_page_link_shows_a_page_that_asks_again_until_the_pdf_is_there(app, login, web, demo, clock):
    walk = to_signal(login, demo, clock)
    plan = _plan(login, walk)
    browser = web("zorg1")
    page = browser.get(f"/documenten/{plan['id']}?formaat=pdf")
    assert page.status_code == 202 and page.headers["Retry-After"] == "5"
    words = text_of(page.get_data(as_text=True))
    assert "De PDF van Begeleidingsplan (versie 1) wordt aangemaakt" in words
    html = page.get_data(as_text=True)
    assert f'data-pdf-status="/documenten/{plan["id"]}/pdf-klaar"' in html and "js/pdf_pending.js" in html
    assert browser.get(f"/documenten/{plan['id']}/pdf-klaar").status_code == 202  # its script asks
    document_pdfs.sweep(app)
    assert browser.get(f"/documenten/{plan['id']}/pdf-klaar").status_code == 204
    assert web("zorg3").get(f"/documenten/{plan['id']}/pdf-klaar").status_code == 404  # another school
    ready = browser.get(f"/documenten/{plan['id']}?formaat=pdf")
    assert ready.status_code == 200 and ready.mimetype == "application/pdf"


def test_a_conversion_that_keeps_failing_is_tried_three_times_then_the_download_says_so(
    app, login, demo, clock, monkeypatch
):
    walk = to_signal(login, demo, clock)
    plan = _plan(login, walk)

    def broken(_content, *, timeout):
        raise pdf.PdfFailed("LibreOffice failed (1): kapot")

    monkeypatch.setattr(pdfs, "to_pdf", broken)
    monkeypatch.setattr(pdfs, "available", lambda: True)
    for attempt in range(1, pdfs.ATTEMPTS + 1):
        assert download(login, "zorg1", plan["id"], "pdf").status_code == 202
        assert document_pdfs.sweep(app).failed >= 1
        assert _stored(app, plan["id"]).pdf_attempts == attempt
    assert document_pdfs.sweep(app).failed == 0  # no fourth try
    refused = download(login, "zorg1", plan["id"], "pdf")
    assert refused.status_code == 503 and "kon niet gemaakt worden" in refused.get_json()["message"]
    assert _stored(app, plan["id"]).pdf_error == "LibreOffice failed (1): kapot"
    assert download(login, "zorg1", plan["id"]).status_code == 200  # the Word file still comes


@pytest.mark.parametrize(
    "setting, testing, expected", [(None, True, False), (None, False, True), (True, True, True)]
)
def test_the_thread_runs_unless_testing_or_switched_off(app, setting, testing, expected):
    app.config["PDF_IN_BACKGROUND"], app.testing = setting, testing
    assert document_pdfs.enabled(app) is expected


def test_a_version_committed_is_queued_and_a_rolled_back_one_is_not(app, login, demo, clock, monkeypatch):
    queued = []
    monkeypatch.setattr(document_pdfs, "enqueue", lambda _app, ids: queued.extend(ids))
    walk = to_signal(login, demo, clock)
    assert _plan(login, walk)["id"] in queued
    refused = login("zorg1").post(f"/api/cases/{walk.id}/documents", json={"template": "spijbelactieplan"})
    assert refused.status_code == 409
    with app.app_context():
        ids = set(db.session.scalars(select(Document.id)))
    assert set(queued) == ids
