"""The right of access: the school's director and the CLB director each export their part
of everything about one pupil (GET /api/pupils/{id}/export), never the other's secrets."""

import io
import json
import zipfile

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry
from tests.integration.documents_support import CLB_SECRET, TRICKY, documents, to_signal

CLB_SHARED_NOTE = "Gesprek met de zorgcoördinator over de aanpak."


def _export(login, username: str, pupil_id: int):
    return login(username).get(f"/api/pupils/{pupil_id}/export")


def _read(response) -> tuple[dict, zipfile.ZipFile]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return json.loads(archive.read("gegevens.json")), archive


def _case_pupil(login, walk) -> int:
    return login("zorg1").get(f"/api/cases/{walk.id}").get_json()["pupil"]["id"]


def test_the_school_director_exports_the_schools_part_with_its_documents(app, login, demo, clock):
    walk = to_signal(login, demo, clock)
    pupil_id = _case_pupil(login, walk)
    made = login("zorg1").post(f"/api/cases/{walk.id}/documents", json={"template": "dossier_maatregelen"})
    assert made.status_code == 201
    data, archive = _read(_export(login, "dir1", pupil_id))
    assert data["export"]["deel"] == "school" and data["leerling"]["id"] == pupil_id
    assert data["leerling"]["external_id"] == "L-1001"
    assert [c["id"] for c in data["dossiers"]] == [walk.id]
    # The absences the school registered (Emma's import: three B half-days among them).
    assert sum(1 for r in data["afwezigheden"] if r["code"] == "B") == 3
    assert data["taken"] and {t["lane"] for t in data["taken"]} == {"school"}
    plan = next(t for t in data["taken"] if t["bpmn_id"] == "task_action_plan")
    assert plan["status"] == "completed" and plan["data"]  # what was filled in, as stored
    texts = [entry["text"] for entry in data["logboek"]]
    assert TRICKY in texts and CLB_SHARED_NOTE in texts and CLB_SECRET not in texts
    assert all(event["visibility"] == "shared" for event in data["tijdlijn"]) and data["tijdlijn"]
    school_documents = {d["id"] for d in documents(login, "zorg1", walk.id)}
    assert {d["id"] for d in data["documenten"]} == school_documents
    for listed in data["documenten"]:
        assert archive.read(listed["bestand"])[:2] == b"PK"  # a .docx (a zip) for each
        assert "content" not in listed
    assert "LEESMIJ.txt" in archive.namelist()
    assert CLB_SECRET not in json.dumps(data, ensure_ascii=False)
    with app.app_context():
        row = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "pupil_exported")).one()
        assert (row.object_type, row.object_id) == ("pupil", pupil_id) and row.detail.startswith("school")


def test_the_clb_director_exports_the_clbs_own_file_only(login, demo, clock):
    walk = to_signal(login, demo, clock)
    pupil_id = _case_pupil(login, walk)
    walk.refer()
    walk.complete("task_clb_accept", "clb1", accepted=True)
    data, _ = _read(_export(login, "clbdir1", pupil_id))
    assert data["export"]["deel"] == "clb" and data["leerling"]["id"] == pupil_id
    assert "afwezigheden" not in data  # the school's registrations are the school's to give
    assert {t["lane"] for t in data["taken"]} == {"clb"}
    assert any(t["bpmn_id"] == "task_clb_accept" and t["status"] == "completed" for t in data["taken"])
    texts = [entry["text"] for entry in data["logboek"]]
    assert CLB_SECRET in texts and CLB_SHARED_NOTE in texts  # the CLB's own notes, shared or not
    assert TRICKY not in texts  # the school's note is in the school's part
    assert all(event["visibility"] == "clb" for event in data["tijdlijn"])


def test_only_the_directors_export_and_only_in_their_scope(login, demo, clock):
    walk = to_signal(login, demo, clock)
    pupil_id = _case_pupil(login, walk)
    for username in ("zorg1", "secr1", "clb1", "clbarts1"):
        refused = _export(login, username, pupil_id)
        assert refused.status_code == 403, username
        assert "directie" in refused.get_json()["message"]
    others = login("zorg1").get("/api/pupils?per_page=100").get_json()["items"]
    never_signalled = next(p["id"] for p in others if p["id"] != pupil_id)
    assert _export(login, "dir1", never_signalled).status_code == 200
    # The CLB reads a pupil from the signal on: before it, not even an export.
    assert _export(login, "clbdir1", never_signalled).status_code == 404
    school_2_pupil = login("zorg2").get("/api/pupils?per_page=1").get_json()["items"][0]["id"]
    assert _export(login, "dir1", school_2_pupil).status_code == 404
