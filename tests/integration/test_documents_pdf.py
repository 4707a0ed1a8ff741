"""Every document converts to PDF with LibreOffice headless, also several at once.

Needs `soffice` (LibreOffice) and `pdftotext` (poppler-utils): without them these
tests are skipped locally with the reason, and fail in CI (CI=true), like PostgreSQL.
"""

import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from app.documents import pdf
from app.extensions import db
from app.models import AuditEntry
from app.tasks import document_pdfs
from tests.integration.documents_support import (
    documents,
    download,
    name_police_protocol,
    to_legal_tracks,
    to_signal,
)


@pytest.fixture
def converters():
    missing = [
        name
        for name, found in (("soffice", pdf.soffice()), ("pdftotext", shutil.which("pdftotext")))
        if not found
    ]
    if missing:
        reason = (
            f"PDF tests need LibreOffice and poppler-utils (missing: {', '.join(missing)}): "
            "apt-get install -y libreoffice-writer-nogui poppler-utils"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def _text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        return subprocess.run(
            ["pdftotext", "-layout", file.name, "-"], capture_output=True, check=True, text=True, timeout=60
        ).stdout


def _every_document(login, demo, clock):
    walk = to_signal(login, demo, clock)  # a begeleidingsplan by its step
    name_police_protocol(login, demo["school_ids"][0])  # then the formal plan, on demand
    made = login("zorg1").post(f"/api/cases/{walk.id}/documents", json={"template": "spijbelactieplan"})
    assert made.status_code == 201, made.get_json()
    to_legal_tracks(walk)
    assert walk.message("zorg1", "school_change", new_school_id=demo["school_ids"][1]).status_code == 200
    walk.complete("task_warm_handover", "clb1")
    return walk


def test_every_document_converts_to_pdf_also_in_parallel(app, login, demo, clock, converters):
    walk = _every_document(login, demo, clock)
    made = {d["template"]: d for d in documents(login, "clb1", walk.id)}
    assert len(made) == 7
    docx = {template: download(login, "clb1", d["id"]).data for template, d in made.items()}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=3) as pool:  # own profiles: parallel runs do not clash
        pdfs = dict(
            zip(docx, pool.map(lambda content: pdf.to_pdf(content, timeout=120), docx.values()), strict=True)
        )
    assert time.monotonic() - started < 120
    titles = {
        "begeleidingsplan": "Begeleidingsplan",
        "spijbelactieplan": "Spijbelactieplan",
        "dossier_maatregelen": "Dossier van begeleidende",
        "mdoc_bijlage": "Bijlage bij het M-document",
        "agodi_melding": "Melding zorgwekkend dossier",
        "politie_melding": "Fiche onbereikbaarheid",
        "warme_overdracht": "Warme overdracht",
    }
    for template, content in pdfs.items():
        assert content.startswith(b"%PDF-"), template
        words = _text(content)
        assert titles[template] in words and "Emma Peeters" in words, template
        assert "pagina 1 van" in words, template  # the footer's page fields were filled in


def test_the_api_answers_a_pdf_with_its_name_and_audits_it(app, login, demo, clock, converters):
    walk = to_signal(login, demo, clock)
    plan = next(d for d in documents(login, "zorg1", walk.id) if d["template"] == "begeleidingsplan")
    # Made in the background, not in the request: until then a 202 (nothing read, nothing audited).
    waiting = download(login, "zorg1", plan["id"], "pdf")
    assert waiting.status_code == 202 and waiting.get_json()["code"] == "pdf_pending"
    assert document_pdfs.sweep(app).made >= 1
    response = download(login, "zorg1", plan["id"], "pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == "attachment; filename=begeleidingsplan-emma-peeters-v1.pdf"
    assert "Sofie Peeters en Tom Peeters" in _text(response.data)
    with app.app_context():
        details = db.session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "document_read")
        ).all()
    assert details == [f"case={walk.id} begeleidingsplan v1 pdf"]


def test_without_libreoffice_a_pdf_is_a_clear_503(app, login, demo, clock, monkeypatch):
    walk = to_signal(login, demo, clock)
    plan = next(d for d in documents(login, "zorg1", walk.id) if d["template"] == "begeleidingsplan")
    monkeypatch.setenv("PATH", str(Path(tempfile.gettempdir()) / "no-programs-here"))
    response = download(login, "zorg1", plan["id"], "pdf")
    assert response.status_code == 503 and response.get_json()["code"] == "service_unavailable"
    assert "LibreOffice ontbreekt" in response.get_json()["message"]
    assert download(login, "zorg1", plan["id"]).status_code == 200  # the Word file still comes


def test_a_conversion_that_takes_too_long_is_stopped(converters):
    docx = (Path(__file__).resolve().parents[2] / "document_templates" / "spijbelactieplan.docx").read_bytes()
    started = time.monotonic()
    with pytest.raises(pdf.PdfFailed, match="longer than"):
        pdf.to_pdf(docx, timeout=0.05)
    assert time.monotonic() - started < 10
