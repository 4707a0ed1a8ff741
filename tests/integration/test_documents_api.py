"""Who may list, generate and download a case's documents; versions; the audit log; the web section."""

import hashlib

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Document
from tests.integration.documents_support import (
    CLB_SECRET,
    documents,
    download,
    emma,
    latest,
    to_legal_tracks,
    to_signal,
)
from tests.walk import CaseWalk
from tests.web import text_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _generate(login, username, case_id, template):
    return login(username).post(f"/api/cases/{case_id}/documents", json={"template": template})


def test_generating_again_adds_a_version_and_keeps_the_old_one(app, login, demo, clock):
    walk = CaseWalk(login, pupil_id=emma(login))
    walk.plan()
    first = latest(login, "zorg1", walk.id, "begeleidingsplan")
    old_bytes = download(login, "zorg1", first["id"]).data
    clock.advance(minutes=5)
    made = _generate(login, "dir1", walk.id, "begeleidingsplan")
    assert made.status_code == 201, made.get_json()
    second = made.get_json()
    assert (second["version"], second["service_task"], second["created_by"]["username"]) == (2, None, "dir1")
    assert second["template_sha256"] == first["template_sha256"]
    assert second["created_at"] == clock.now().isoformat()  # five minutes after the plan's step
    listed = [(d["template"], d["version"]) for d in documents(login, "zorg1", walk.id)]
    assert listed == [("begeleidingsplan", 2), ("begeleidingsplan", 1)]  # newest first
    made_events = [
        (e["what"], e["old_value"], e["new_value"], (e["actor"] or {}).get("username"))
        for e in walk.events("zorg1")
        if e["kind"] == "document_generated"
    ]
    assert made_events == [
        ("begeleidingsplan", None, "versie 1", "zorg1"),  # by the plan's step
        ("begeleidingsplan", None, "versie 2", "dir1"),
    ]
    again = download(login, "zorg1", first["id"])
    assert again.data == old_bytes and hashlib.sha256(again.data).hexdigest() == first["sha256"]
    with app.app_context():
        assert db.session.scalar(select(Document.size).where(Document.id == first["id"])) == len(old_bytes)


def test_a_download_has_its_type_a_dutch_name_and_is_audited(app, login, demo):
    walk = CaseWalk(login, pupil_id=emma(login))
    walk.plan()
    document = latest(login, "zorg1", walk.id, "begeleidingsplan")
    response = download(login, "leraar1", document["id"])  # any school colleague may read it
    assert response.status_code == 200 and response.mimetype == DOCX
    disposition = response.headers["Content-Disposition"]
    assert disposition == "attachment; filename=begeleidingsplan-emma-peeters-v1.docx"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data[:2] == b"PK"
    with app.app_context():
        reads = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "document_read")).all()
        assert [(r.object_type, r.object_id, r.detail) for r in reads] == [
            ("document", document["id"], f"case={walk.id} begeleidingsplan v1 docx")
        ]
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "documents_listed"))
    bad = login("zorg1").get(f"/api/documents/{document['id']}/download?format=odt")
    assert bad.status_code == 422 and "format" in bad.get_json()["errors"]


def test_who_may_generate_which_document(login, demo):
    walk = CaseWalk(login, pupil_id=emma(login))
    early = _generate(login, "zorg1", walk.id, "begeleidingsplan")
    assert early.status_code == 409
    assert early.get_json()["errors"]["template"] == [
        "Begeleidingsplan kan pas gemaakt worden als de taak ‘Begeleidingsplan opstellen’ afgerond is."
    ]
    walk.plan()
    assert _generate(login, "secr1", walk.id, "begeleidingsplan").status_code == 403
    refused = _generate(login, "zorg1", walk.id, "mdoc_bijlage")
    assert refused.status_code == 403 and "CLB" in refused.get_json()["message"]
    unknown = _generate(login, "zorg1", walk.id, "brief")
    assert unknown.status_code == 422 and "template" in unknown.get_json()["errors"]
    assert _generate(login, "zorg2", walk.id, "begeleidingsplan").status_code == 404  # another school
    assert _generate(login, "clb1", walk.id, "dossier_maatregelen").status_code == 404  # not signalled yet
    assert _generate(login, "zorg1", walk.id, "dossier_maatregelen").status_code == 201  # needs no form


def test_school_users_never_see_clb_documents(login, demo, clock):
    walk = to_signal(login, demo, clock)
    walk.refer()
    walk.complete("task_clb_accept", "clb1", accepted=True)
    # The CLB may make the school's documents? No: each side makes its own.
    assert _generate(login, "clb1", walk.id, "begeleidingsplan").status_code == 403
    refused = _generate(login, "clb1", walk.id, "warme_overdracht")
    assert refused.status_code == 409 and "Warme overdracht" in refused.get_json()["message"]
    clb_side = _generate(login, "clb1", walk.id, "agodi_melding")
    assert clb_side.status_code == 409  # the CLB filed no AGODI report yet
    ids = {d["template"]: d["id"] for d in documents(login, "clb1", walk.id)}
    assert set(ids) == {"begeleidingsplan", "dossier_maatregelen"}  # the CLB reads the school's
    assert download(login, "clb1", ids["begeleidingsplan"]).status_code == 200
    assert download(login, "zorg2", ids["begeleidingsplan"]).status_code == 404
    assert login("zorg2").get(f"/api/cases/{walk.id}/documents").status_code == 404
    assert download(login, "clb2", ids["dossier_maatregelen"]).status_code == 404  # another CLB


def test_after_a_school_change_each_school_reads_the_documents_of_its_period(login, demo):
    walk = CaseWalk(login, pupil_id=emma(login))
    walk.plan()
    before = latest(login, "zorg1", walk.id, "begeleidingsplan")
    assert walk.message("zorg1", "school_change", new_school_id=demo["school_ids"][1]).status_code == 200
    walk.complete("task_action_plan", "zorg2")
    after = latest(login, "zorg2", walk.id, "begeleidingsplan")
    assert after["version"] == 2
    assert [d["id"] for d in documents(login, "zorg1", walk.id)] == [before["id"]]
    assert [d["id"] for d in documents(login, "zorg2", walk.id)] == [after["id"]]
    assert download(login, "zorg1", after["id"]).status_code == 404
    refused = _generate(login, "zorg1", walk.id, "dossier_maatregelen")
    assert refused.status_code == 403 and "enkel nog lezen" in refused.get_json()["message"]


def test_the_case_page_lists_documents_and_makes_one(login, web, demo):
    walk = CaseWalk(login, pupil_id=emma(login))
    walk.plan()
    page = web("zorg1").get(f"/dossiers/{walk.id}")
    words = text_of(page.text)
    assert "Documenten" in words and "Begeleidingsplan" in words
    assert "Spijbelactieplan hoort bij een lokaal politieprotocol" in words  # why not the formal one
    assert "Bijlage bij het M-document" not in words  # not the school's to make
    made = web("zorg1").post(f"/dossiers/{walk.id}/documenten", {"template": "dossier_maatregelen"})
    assert made.status_code == 302 and made.headers["Location"].endswith(f"/dossiers/{walk.id}#documenten")
    page = web("zorg1").get(f"/dossiers/{walk.id}")
    assert "Dossier van begeleidende maatregelen, versie 1, is gemaakt." in text_of(page.text)
    dossier = latest(login, "zorg1", walk.id, "dossier_maatregelen")
    response = web("zorg1").get(f"/documenten/{dossier['id']}")
    assert response.status_code == 200 and response.mimetype == DOCX
    assert web("zorg2").get(f"/documenten/{dossier['id']}").status_code == 404
    no_token = web("zorg1").post(
        f"/dossiers/{walk.id}/documenten", {"template": "dossier_maatregelen"}, csrf=False
    )
    assert no_token.status_code == 400
    assert len(documents(login, "zorg1", walk.id)) == 2  # the refused post made nothing
    secretariat = text_of(web("secr1").get(f"/dossiers/{walk.id}").text)
    assert "Document maken" not in secretariat and "Begeleidingsplan" in secretariat


def test_the_case_page_lets_the_clb_tick_clb_only_notes_for_a_document(login, web, demo, clock):
    walk = to_signal(login, demo, clock)
    to_legal_tracks(walk)
    journal = login("clb1").get(f"/api/cases/{walk.id}/journal").get_json()["items"]
    secret = next(e["id"] for e in journal if e["text"] == CLB_SECRET)
    page = web("clb1").get(f"/dossiers/{walk.id}").text
    assert "Notities enkel voor het CLB" in text_of(page)
    assert f'name="include_entries" value="{secret}"' in page
    assert "Notities enkel voor het CLB" not in text_of(web("zorg1").get(f"/dossiers/{walk.id}").text)
    made = web("clb1").post(
        f"/dossiers/{walk.id}/documenten", [("template", "mdoc_bijlage"), ("include_entries", str(secret))]
    )
    assert made.status_code == 302
    assert latest(login, "clb1", walk.id, "mdoc_bijlage")["included_entries"] == [secret]
