"""A step's document after the step's commit (app/services/documents/deferred.py,
app/tasks/documents.py): the step freezes the template's context in the row (status
`preparing`), a worker thread or the scheduler's job renders it once; meanwhile the API,
the case page and the downloads say it is being made. Under TESTING the switch is off
(steps render inline, as every other documents test sees); these tests turn it on."""

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.extensions import db
from app.models import Case, Document
from app.services import consistency
from app.services.documents import deferred, making, pdfs
from app.tasks import documents as document_tasks
from app.vocabulary import DocumentStatus
from tests.integration.documents_support import Read, documents, download, to_signal
from tests.web import text_of

PLAN = "begeleidingsplan"


@pytest.fixture
def background(app):
    app.config["DOCUMENTS_IN_BACKGROUND"] = True
    return app


@pytest.fixture
def no_worker(background):
    """A process whose steps leave documents to the background but that has no worker
    thread (a command, a forked sweep worker): only the scheduler's job renders them."""
    queue = background.extensions.pop(document_tasks.EXTENSION)
    yield background
    background.extensions[document_tasks.EXTENSION] = queue


def _plan(login, case_id: int, username: str = "zorg1") -> dict:
    return next(d for d in documents(login, username, case_id) if d["template"] == PLAN)


def _row(app, document_id: int) -> Document:
    with app.app_context():
        found = db.session.scalar(
            select(Document)
            .where(Document.id == document_id)
            .options(undefer(Document.content), undefer(Document.inputs))
        )
        db.session.expunge(found)
        return found


def test_the_worker_thread_renders_a_steps_document_after_the_commit(background, login, demo, clock):
    walk = to_signal(login, demo, clock)  # the plan's step asked for a begeleidingsplan
    document_tasks.drain(background)
    plan = _plan(login, walk.id)
    assert plan["status"] == "ready" and plan["size"] > 10_000 and len(plan["sha256"]) == 64
    stored = _row(background, plan["id"])
    assert stored.inputs is None and stored.render_claimed_at is None  # dropped once rendered
    response = download(login, "zorg1", plan["id"])
    assert response.status_code == 200 and "Begeleidingsplan" in Read(response.data).text
    with background.app_context():
        assert deferred.pending() == []  # nothing left for the scheduler's job


def test_rendered_later_it_is_the_document_rendering_in_the_step_makes(app, login, demo, clock):
    """The same step's document twice on the same case: inline (rolled back), then in
    preparation and rendered from its frozen inputs: the same bytes."""
    walk = to_signal(login, demo, clock)
    service_task = _plan(login, walk.id)["service_task"]
    with app.app_context():
        case = db.session.get(Case, walk.id)
        inline = making.generate_for_step(case, PLAN, "school", service_task, None, clock.now())
        assert inline.status == DocumentStatus.READY
        inline_bytes = inline.content
        db.session.rollback()
        app.config["DOCUMENTS_IN_BACKGROUND"] = True
        case = db.session.get(Case, walk.id)
        later = making.generate_for_step(case, PLAN, "school", service_task, None, clock.now())
        db.session.commit()
        later_id = later.id
        assert later.status == DocumentStatus.PREPARING and later.content is None and later.sha256 is None
    document_tasks.drain(app)
    stored = _row(app, later_id)
    assert stored.status == DocumentStatus.READY and stored.content == inline_bytes


def test_in_preparation_it_says_so_and_the_scheduler_job_renders_it_once(no_worker, login, web, demo, clock):
    app = no_worker
    walk = to_signal(login, demo, clock)
    plan = _plan(login, walk.id)
    assert plan["status"] == "preparing" and plan["sha256"] is None and plan["size"] is None
    with app.app_context():
        preparing = deferred.pending()  # the plan's, and the signal's dossier of measures
        assert plan["id"] in preparing and len(preparing) == 2
    waiting = download(login, "zorg1", plan["id"])
    assert waiting.status_code == 202 and waiting.headers["Retry-After"] == "5"
    assert waiting.get_json()["code"] == "document_pending"
    browser = web("zorg1")
    page = text_of(browser.get(f"/dossiers/{walk.id}").get_data(as_text=True))
    assert "wordt aangemaakt" in page
    waiting_page = browser.get(f"/documenten/{plan['id']}")
    assert waiting_page.status_code == 202 and "Document wordt aangemaakt" in waiting_page.get_data(
        as_text=True
    )
    assert browser.get(f"/documenten/{plan['id']}/pdf-klaar?formaat=docx").status_code == 202

    run = document_tasks.sweep(app)
    assert (run.made, run.failed) == (2, 0)
    assert _plan(login, walk.id)["status"] == "ready"
    assert download(login, "zorg1", plan["id"]).status_code == 200
    assert browser.get(f"/documenten/{plan['id']}/pdf-klaar?formaat=docx").status_code == 204
    page = text_of(browser.get(f"/dossiers/{walk.id}").get_data(as_text=True))
    assert "wordt aangemaakt" not in page
    assert document_tasks.sweep(app).made == 0  # once per version


def test_a_claimed_version_is_rendered_by_its_claimant_until_the_claim_goes_stale(
    no_worker, login, demo, clock
):
    app = no_worker
    walk = to_signal(login, demo, clock)
    plan = _plan(login, walk.id)
    with app.app_context():
        assert deferred._claim(plan["id"]) is not None  # another scheduler took it, then died
        assert deferred.render(plan["id"]) is None and plan["id"] not in deferred.pending()
    assert document_tasks.sweep(app).made == 1  # the other one
    assert _plan(login, walk.id)["status"] == "preparing"
    clock.advance(seconds=deferred.CLAIM_TTL.total_seconds() + 1)
    assert document_tasks.sweep(app).made == 1
    assert _plan(login, walk.id)["status"] == "ready"


def test_two_schedulers_render_each_version_once(no_worker, login, demo, clock):
    app = no_worker
    walk = to_signal(login, demo, clock)
    plan = _plan(login, walk.id)
    with app.app_context():  # more versions in preparation, so the two runs overlap
        case = db.session.get(Case, walk.id)
        for _ in range(5):
            making.generate_for_step(case, PLAN, "school", plan["service_task"], None, clock.now())
            db.session.flush()
        db.session.commit()
        preparing = len(deferred.pending())
    runs = []
    threads = [threading.Thread(target=lambda: runs.append(document_tasks.sweep(app))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert preparing == 7 and sum(run.made for run in runs) == 7 and sum(run.failed for run in runs) == 0
    with app.app_context():
        statuses = db.session.scalars(select(Document.status)).all()
    assert statuses == [DocumentStatus.READY] * 7


def test_a_version_that_cannot_be_rendered_fails_after_its_attempts(
    no_worker, login, web, demo, clock, tmp_path
):
    app = no_worker
    walk = to_signal(login, demo, clock)
    plan = _plan(login, walk.id)
    templates = app.config["DOCUMENT_TEMPLATES_DIR"]
    app.config["DOCUMENT_TEMPLATES_DIR"] = str(tmp_path)  # its template is gone
    for attempt in range(1, deferred.ATTEMPTS + 1):
        assert document_tasks.sweep(app).failed == 2  # and the signal's dossier
        stored = _row(app, plan["id"])
        assert stored.render_attempts == attempt and stored.render_error
    app.config["DOCUMENT_TEMPLATES_DIR"] = templates
    assert stored.status == DocumentStatus.FAILED
    assert document_tasks.sweep(app) == deferred.RenderRun(0, 0)  # not tried again
    assert _plan(login, walk.id)["status"] == "failed"
    assert download(login, "zorg1", plan["id"]).status_code == 503
    assert web("zorg1").get(f"/documenten/{plan['id']}/pdf-klaar?formaat=docx").status_code == 410
    page = text_of(web("zorg1").get(f"/dossiers/{walk.id}").get_data(as_text=True))
    assert "kon niet gemaakt worden" in page
    checked = app.test_cli_runner().invoke(args=["check"])  # the nightly check names it
    assert checked.exit_code == 1
    assert f"document {plan['id']}: could not be made (" in checked.output


def test_a_version_nobody_renders_is_named_by_the_check(no_worker, login, demo, clock):
    app = no_worker
    walk = to_signal(login, demo, clock)
    plan = _plan(login, walk.id)
    document_tasks.sweep(app)  # what the walk left in preparation
    with app.app_context():  # a step asks for another version, and no scheduler runs
        case = db.session.get(Case, walk.id)
        later = making.generate_for_step(case, PLAN, "school", plan["service_task"], None, clock.now())
        db.session.commit()
        later_id = later.id
    runner = app.test_cli_runner()
    fresh = runner.invoke(args=["check"])
    assert fresh.exit_code == 0, fresh.output  # in preparation a while: normal
    clock.advance(seconds=consistency.STUCK.total_seconds() + 60)
    checked = runner.invoke(args=["check"])
    assert checked.exit_code == 1
    assert f"document {later_id}: still in preparation after" in checked.output
    document_tasks.sweep(app)
    assert runner.invoke(args=["check"]).exit_code == 0


def test_the_pdf_job_waits_for_the_docx(no_worker, login, demo, clock):
    app = no_worker
    walk = to_signal(login, demo, clock)
    plan = _plan(login, walk.id)
    with app.app_context():
        assert plan["id"] not in pdfs.pending()  # nothing to convert yet
    document_tasks.sweep(app)
    with app.app_context():
        assert plan["id"] in pdfs.pending()
