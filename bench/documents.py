"""make bench (called by bench/run.py): how long a document takes.

A case with a realistic history (a school year's absences so far, a long
journal, the plan, the signal, a referral, phase 3 with an M-document and an
AGODI report), then per template, medians of repeated runs in milliseconds:
  context  building the context from the database (as the side may read it)
  render   docxtpl filling the .docx (and fixing the zip's timestamps)
  http     POST /api/cases/{id}/documents: authorization, both of the above,
           the row with its bytes, the event, one commit
  pdf      one version's PDF by the background job (LibreOffice headless, a fresh profile)
           each time (only when soffice is installed; 3 runs)
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ZORGPAD_DEMO_MODE", "1")

from app import create_app  # noqa: E402
from app.calendar.school_days import is_school_day  # noqa: E402
from app.clock import FixedClock  # noqa: E402
from app.documents import render_docx  # noqa: E402
from app.documents.pdf import soffice  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Case, School  # noqa: E402
from app.services.documents import making as document_service  # noqa: E402
from app.services.documents.context import Source, reader_for  # noqa: E402
from app.services.documents.templates import TEMPLATES  # noqa: E402
from app.tasks import document_pdfs  # noqa: E402
from app.vocabulary import Lane  # noqa: E402
from tests.walk import REFERRAL, example  # noqa: E402

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # a Tuesday, as in the tests
CODES = "BBZRZBPBZBRB"  # a pupil who is often away


def _ms(samples) -> float:
    return round(statistics.median(samples) * 1000, 2)


def _absences_csv(number: str) -> bytes:
    rows, day, index = ["external_id,date,half_day,code,note"], date(2026, 9, 1), 0
    while day < NOW.date():
        if is_school_day(day) and day.weekday() in (0, 4):  # Mondays and Fridays
            for half in ("am", "pm"):
                rows.append(f"{number},{day.isoformat()},{half},{CODES[index % len(CODES)]},")
                index += 1
        day += timedelta(days=1)
    return ("\n".join(rows) + "\n").encode()


class Client:
    def __init__(self, app):
        self.client, self.tokens = app.test_client(), {}

    def call(self, user, method, path, **kwargs):
        if user not in self.tokens:
            self.tokens[user] = self.client.post(
                "/api/auth/login", json={"username": user, "password": "demo"}
            ).get_json()["token"]
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        response = getattr(self.client, method)(path, headers=headers, **kwargs)
        assert response.status_code < 300, (path, response.status_code, response.get_data(as_text=True)[:300])
        return response

    def complete(self, user, case_id, bpmn_id, **changes):
        listed = self.call(user, "get", f"/api/tasks?scope=all&case_id={case_id}&per_page=100")
        tasks = listed.get_json()["items"]
        task = next(t for t in tasks if t["bpmn_id"] == bpmn_id)
        data = {k: v for k, v in {**example(bpmn_id), **changes}.items() if v is not None}
        self.call(user, "post", f"/api/tasks/{task['id']}/complete", json={"data": data})


def _case(app, client) -> int:
    import io

    pupils = client.call("zorg1", "get", "/api/pupils?q=L-1001").get_json()["items"]
    school_id = pupils[0]["school_id"]
    case_id = client.call(
        "zorg1",
        "post",
        "/api/cases",
        json={"pupil_id": pupils[0]["id"], "absence_type": "spijbelen", "reason": "Vaak afwezig."},
    ).get_json()["id"]
    # The school year's absences so far, into the open case (imports drive the path).
    client.call(
        "secr1",
        "post",
        f"/api/schools/{school_id}/absences/import",
        data={"file": (io.BytesIO(_absences_csv("L-1001")), "afwezigheden.csv")},
        content_type="multipart/form-data",
    )
    for i in range(21):  # the school's attempts to reach the family
        client.call(
            "zorg1",
            "post",
            f"/api/cases/{case_id}/journal",
            json={
                "kind": "contact_attempt",
                "channel": "phone",
                "occurred_at": (NOW - timedelta(days=60 - i)).isoformat(),
                "text": f"Poging {i}: moeder niet bereikt, voicemail ingesproken.",
                "outcome": "Geen antwoord",
            },
        )
    # Dated so that the path's waits (the plan's and the round's evaluation) are over.
    client.complete(
        "zorg1",
        case_id,
        "task_action_plan",
        plan_date="2026-11-02",
        signed_on="2026-11-02",
        evaluation_date="2026-11-20",
    )
    client.complete(
        "zorg1",
        case_id,
        "task_phase1_evaluation",
        decision="signal_clb",
        monitoring_until=None,
        b_half_days=20,
    )
    client.complete("zorg1", case_id, "task_signal_clb", b_half_days=20)
    for i in range(19):
        client.call(
            "clb1",
            "post",
            f"/api/cases/{case_id}/journal",
            json={
                "kind": "measure",
                "occurred_at": (NOW - timedelta(days=20 - i)).isoformat(),
                "text": f"Maatregel {i}: gesprek met leerling en ouders over de aanpak.",
                "visibility": "shared",
            },
        )
    client.complete("zorg1", case_id, "task_phase1_evaluation", **REFERRAL)
    client.complete("clb1", case_id, "task_clb_accept", accepted=True)
    client.complete("clb1", case_id, "task_clb_intake")
    client.complete(
        "clb1", case_id, "task_clb_round_plan", plan_date="2026-11-20", evaluation_date="2026-11-23"
    )
    client.complete("clb1", case_id, "task_short_term")
    client.complete(
        "clb1",
        case_id,
        "task_round_evaluation",
        decision="phase3",
        followup_agreements=None,
        phase3_reason="Blijft afwezig.",
    )
    client.complete(
        "clb1",
        case_id,
        "task_phase3_plan",
        offers=[],
        tracks=["m_document", "agodi"],
        agodi_filed_by="school",
    )
    client.complete("clb1", case_id, "task_m_document")
    client.complete("zorg1", case_id, "task_agodi_report")
    client.call("zorg1", "post", f"/api/cases/{case_id}/messages", json={"name": "police_track", "data": {}})
    client.complete("zorg1", case_id, "task_police_report")
    return case_id


def _timings(app, client, case_id: int, repeat: int) -> dict:
    results = {}
    directory = app.config["DOCUMENT_TEMPLATES_DIR"]
    for key, spec in TEMPLATES.items():
        if key == "warme_overdracht":
            continue  # needs a school change; its context is of the same size
        side = spec.sides[0]
        user = "zorg1" if side == Lane.SCHOOL else "clb1"
        contexts, renders = [], []
        with app.app_context():
            case = db.session.get(Case, case_id)
            school = db.session.get(School, case.school_id)
            row = document_service._source_row(case, spec.sources[side], None) if spec.sources[side] else None
            source = Source(case, side, school, reader_for(side, school, None), spec.title, 1, NOW, "bench")
            for _ in range(repeat):
                start = time.perf_counter()
                context = spec.build(source, row)
                contexts.append(time.perf_counter() - start)
                start = time.perf_counter()
                rendered = render_docx(directory, spec.filename, context)
                renders.append(time.perf_counter() - start)
            db.session.rollback()
        posts = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.call(user, "post", f"/api/cases/{case_id}/documents", json={"template": key})
            posts.append(time.perf_counter() - start)
        results[key] = {
            "context_ms": _ms(contexts),
            "render_ms": _ms(renders),
            "http_ms": _ms(posts),
            "chronology_rows": len(context.get("chronology", [])),
            "absence_days": len(context["absences"]["rows"]),
            "docx_bytes": len(rendered.content),
        }
        if soffice() and key == "spijbelactieplan":
            # The PDF is made once per version in the background (app/tasks/document_pdfs.py):
            # what it costs is one conversion by the scheduler's job; a download serves it stored.
            start = time.perf_counter()
            document_pdfs.sweep(app, limit=1)
            results[key]["pdf_ms"] = round((time.perf_counter() - start) * 1000, 1)
    return results


def run(repeat: int = 15) -> dict:
    from flask_migrate import upgrade

    from app.services.demo import seed_demo

    tmp = Path(tempfile.mkdtemp(prefix="zorgpad-bench-documents-"))
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}"})
        app.extensions["zorgpad.clock"] = FixedClock(NOW)
        with app.app_context():
            upgrade()
            seed_demo()
        client = Client(app)
        case_id = _case(app, client)
        results = _timings(app, client, case_id, repeat)
        with app.app_context():
            db.engine.dispose()
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
