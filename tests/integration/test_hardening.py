"""What a tester found (issue "Hardening"): bounded requests, inputs that gave a 500,
the login throttle, caching of personal data, invisible characters, the session
cookie. Each test failed before its fix."""

import base64
import io
import json
import zlib

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry
from app.vocabulary import AuditAction
from tests.walk import CaseWalk
from tests.web import WebUser


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/api/auth/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


# --- 1. one anonymous request could grow a worker by ~620 MB ------------------------


def test_a_body_over_the_limit_is_refused_before_it_is_read(app, client):
    big = b'{"username": "' + b"x" * (app.config["MAX_BODY_BYTES"] + 1) + b'", "password": "x"}'
    response = client.post("/api/auth/login", data=big, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["code"] == "too_large"


def test_a_schools_file_may_be_larger_than_an_ordinary_body(app, login, school1):
    rows = "".join(f"L-1001,2026-11-{d:02d},am,Z,{'x' * 400}\n" for d in range(2, 28) for _ in range(120))
    content = ("external_id,date,half_day,code,note\n" + rows).encode()
    assert len(content) > app.config["MAX_BODY_BYTES"]
    response = login("secr1").post(
        f"/api/schools/{school1}/absences/import",
        data={"file": (io.BytesIO(content), "groot.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code != 413, response.get_json()
    app.config["MAX_UPLOAD_BYTES"] = 1000
    response = login("secr1").post(
        f"/api/schools/{school1}/absences/import",
        data={"file": (io.BytesIO(content), "groot.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


# --- 3. two inputs gave a 500 -------------------------------------------------------


def test_json_nested_too_deep_is_refused_with_a_message(client):
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/auth/login", data=deep, content_type="application/json")
    assert response.status_code in (400, 422), response.status_code
    assert "te diep genest" in response.get_json()["message"]


def test_a_lone_surrogate_in_journal_text_is_refused_at_its_field(login):
    walk = CaseWalk(login)
    body = '{"kind": "note", "occurred_at": "2026-11-24T08:00:00+01:00", "text": "a\\ud800b"}'
    response = login("zorg1").post(
        f"/api/cases/{walk.id}/journal", data=body, content_type="application/json"
    )
    assert response.status_code == 422, response.get_json()
    assert "surrogaat" in response.get_json()["errors"]["text"][0]


# --- 4. the login throttle locked the real user out ------------------------------------


def test_failures_from_elsewhere_do_not_lock_the_real_user_out(client, demo):
    for _ in range(5):
        assert _login(client, "zorg1", "fout", address="203.0.113.7").status_code == 401
    assert _login(client, "zorg1", "fout", address="203.0.113.7").status_code == 429  # the guesser waits
    assert _login(client, "zorg1", "demo", address="10.0.0.1").status_code == 200  # the user does not


def test_a_name_guessed_from_many_addresses_is_slowed_and_the_lockouts_are_logged(app, client, demo):
    app.config["LOGIN_SLOWDOWN_MAX_SECONDS"] = 0.01  # the wait itself is not what this test measures
    for index in range(app.config["LOGIN_USER_CEILING"]):
        assert _login(client, "dir1", "fout", address=f"198.51.100.{index}").status_code == 401
    assert _login(client, "dir1", "demo", address="10.0.0.9").status_code == 200  # slowed, not blocked
    with app.app_context():
        details = db.session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == AuditAction.LOGIN_THROTTLED)
        ).all()
    assert any(d.startswith("dir1 slowed") for d in details)


# --- 5. API responses with pupil data could be cached ------------------------------------


def test_api_answers_are_not_stored_and_head_answers_like_get(app, client, login):
    user = login("zorg1")
    for path in ("/api/pupils", "/api/me", "/api/health"):
        assert user.get(path).headers["Cache-Control"] == "no-store"
    assert client.head("/api/health").status_code == 200
    assert client.head("/login").status_code == 200  # a page's HEAD is its GET without the body
    docs = client.get("/api/docs")
    policy = docs.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "frame-ancestors 'none'" in policy
    secure = client.get("/api/health", base_url="https://zorgpad.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in client.get("/api/health").headers


# --- 6. invisible and reordering characters reached screens and documents -----------------


def test_invisible_and_reordering_characters_are_refused_in_journal_meeting_and_forms(
    app, login, web, school1
):
    walk = CaseWalk(login)
    user = login("zorg1")
    for text in ("factuur\u202etxt.exe", "on\u200bzichtbaar"):
        entry = {"kind": "note", "occurred_at": "2026-11-24T08:00:00+01:00", "text": text}
        response = user.post(f"/api/cases/{walk.id}/journal", json=entry)
        assert response.status_code == 422 and "text" in response.get_json()["errors"]
    meeting = user.post(f"/api/schools/{school1}/meetings", json={"note": "over\u202ezicht"})
    assert meeting.status_code == 422 and "note" in meeting.get_json()["errors"]
    talk = walk.task("task_absence_pupil_talk", "zorg1")
    data = {
        "absence_date": "2026-11-23",
        "return_date": "2026-11-24",
        "talk_date": "2026-11-24",
        "pupil_view": "Niets\u202e aan de hand",
    }
    refused = login("leraar1").post(f"/api/tasks/{talk['id']}/complete", json={"data": data})
    assert refused.status_code == 422 and "data.pupil_view" in refused.get_json()["errors"], (
        refused.get_json()
    )
    page = web("zorg1").post(
        f"/dossiers/{walk.id}/logboek",
        {"kind": "note", "occurred_at": "2026-11-24T08:30", "text": "stil\u200blegging"},
    )
    assert page.status_code == 422


# --- 7. the session cookie carried the API token readable -----------------------------------


def test_the_session_cookie_does_not_carry_a_usable_token(app, demo):
    browser = WebUser(app, "zorg1")
    cookie = browser.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    payload = cookie.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    session = json.loads(zlib.decompress(raw) if cookie.startswith(".") else raw)
    sealed = session["token"]
    api = app.test_client()
    assert api.get("/api/me", headers={"Authorization": f"Bearer {sealed}"}).status_code == 401
    assert browser.get("/taken").status_code == 200  # the page still knows who it is


def test_a_task_form_refuses_invisible_characters_at_its_field(app, demo):
    """The pages' task forms do not pass the API's edge: the form's own check refuses them."""
    from app.services.forms import field_errors, load_form

    with app.app_context():
        form = load_form(app.config["FORMS_DIR"], "task_absence_pupil_talk")
    data = {
        "absence_date": "2026-11-23",
        "return_date": "2026-11-24",
        "talk_date": "2026-11-24",
        "pupil_view": "Niets\u200b aan de hand",
    }
    assert "pupil_view" in field_errors(form, data)
    assert field_errors(form, {**data, "pupil_view": "Niets aan de hand,\nzegt hij."}) == {}


# --- who read what ----------------------------------------------------------------------------


def test_an_admin_lists_who_read_a_pupils_data(app, login):
    walk = CaseWalk(login)
    pupil_id = walk.case["pupil_id"]
    login("zorg1").get(f"/api/pupils/{pupil_id}")
    login("secr1").get(f"/api/cases/{walk.id}")
    login("zorg1").get(f"/api/pupils/{pupil_id}/absences")
    assert login("zorg1").get("/api/audit").status_code == 403
    admin = login("admin")
    body = admin.get(f"/api/audit?pupil_id={pupil_id}&per_page=100").get_json()
    seen = {(row["user"]["username"], row["action"]) for row in body["items"]}
    assert {("zorg1", "pupil_read"), ("secr1", "case_read"), ("zorg1", "absences_read")} <= seen
    assert set(body) == {"items", "total", "page", "per_page"}
    secr1 = next(r["user"]["id"] for r in body["items"] if r["user"]["username"] == "secr1")
    by_user = admin.get(f"/api/audit?user_id={secr1}&per_page=100").get_json()
    assert by_user["total"] >= 1 and {r["user"]["username"] for r in by_user["items"]} == {"secr1"}
    mine = admin.get("/api/audit?action=audit_read").get_json()
    assert mine["total"] >= 1  # the listing itself is in the log
    other = CaseWalk(login, pupil=1)
    assert all(row["object_id"] != other.id or row["object_type"] != "case" for row in body["items"])
