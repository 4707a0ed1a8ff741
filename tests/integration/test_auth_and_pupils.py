"""Login, tokens, error format, and pupils scoped per school / CLB."""

from app.extensions import db
from app.models import AuditEntry, User
from tests.walk import CaseWalk


def test_login_returns_token_and_user(client, demo):
    response = client.post("/api/auth/login", json={"username": "zorg1", "password": "demo"})
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["token"]) > 30
    assert body["user"]["username"] == "zorg1"
    assert body["user"]["roles"] == ["zorgcoordinator"]
    assert body["user"]["school_id"] == demo["school_ids"][0]


def test_wrong_password_is_401_and_audited(app, client, demo):
    response = client.post("/api/auth/login", json={"username": "zorg1", "password": "nope"})
    assert response.status_code == 401
    assert response.get_json()["code"] == "unauthorized"
    with app.app_context():
        assert db.session.query(AuditEntry).filter_by(action="login_failed").count() == 1


def test_passwords_are_stored_as_argon2(app, demo):
    with app.app_context():
        user = db.session.query(User).filter_by(username="clb1").one()
        assert user.password_hash.startswith("$argon2id$")


def test_calls_without_or_with_bad_token_are_401(client, demo):
    assert client.get("/api/me").status_code == 401
    response = client.get("/api/me", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_expired_token_is_refused(client, login, clock):
    user = login("zorg1")
    assert user.get("/api/me").status_code == 200
    clock.advance(hours=13)
    assert user.get("/api/me").status_code == 401


def test_logout_revokes_the_token(login):
    user = login("clb1")
    assert user.post("/api/auth/logout").status_code == 204
    assert user.get("/api/me").status_code == 401


def test_missing_fields_give_field_errors(client, demo):
    response = client.post("/api/auth/login", json={"username": "zorg1"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "validation_failed"
    assert "password" in body["errors"]


def test_school_users_see_their_school_and_the_clb_only_pupils_signalled_to_it(login, demo):
    school1, school2, _ = demo["school_ids"]
    zorg1 = login("zorg1").get("/api/pupils").get_json()
    zorg2 = login("zorg2").get("/api/pupils").get_json()
    assert {p["school_id"] for p in zorg1["items"]} == {school1}
    assert {p["school_id"] for p in zorg2["items"]} == {school2}
    # Before any signal or referral the CLB reads no pupil (domain.md, "Who sees what").
    assert login("clb1").get("/api/pupils?per_page=100").get_json()["total"] == 0
    emma = zorg1["items"][0]
    assert login("clb1").get(f"/api/pupils/{emma['id']}").status_code == 404
    walk = CaseWalk(login, pupil_id=emma["id"])  # spijbelen
    walk.plan()
    walk.refer()
    clb = login("clb1").get("/api/pupils?per_page=100").get_json()
    assert [p["id"] for p in clb["items"]] == [emma["id"]]  # from the referral on
    assert login("clb1").get(f"/api/pupils/{emma['id']}").status_code == 200
    assert login("admin").get("/api/pupils").get_json()["total"] == 0


def test_pupil_of_other_school_answers_404(login):
    other = login("zorg2").get("/api/pupils").get_json()["items"][0]
    assert login("zorg1").get(f"/api/pupils/{other['id']}").status_code == 404
    response = login("zorg1").patch(f"/api/pupils/{other['id']}", json={"class_name": "X"})
    assert response.status_code == 404


def test_pagination_envelope(login):
    body = login("zorg1").get("/api/pupils?per_page=2&page=2").get_json()
    assert body["page"] == 2 and body["per_page"] == 2
    assert len(body["items"]) == 2
    assert body["total"] == 4


def test_create_and_update_pupil(login, demo):
    zorg1 = login("zorg1")
    response = zorg1.post(
        "/api/pupils",
        json={
            "external_id": "L-9999",
            "first_name": "Sara",
            "last_name": "De Smet",
            "birth_date": "2012-02-29",
            "class_name": "1B",
        },
    )
    assert response.status_code == 201, response.get_json()
    pupil = response.get_json()
    assert pupil["school_id"] == demo["school_ids"][0]
    patched = zorg1.patch(f"/api/pupils/{pupil['id']}", json={"class_name": "2B"}).get_json()
    assert patched["class_name"] == "2B"
    assert zorg1.get(f"/api/pupils/{pupil['id']}").get_json()["class_name"] == "2B"


def test_duplicate_external_id_is_409_and_writes_nothing(login):
    zorg1 = login("zorg1")
    before = zorg1.get("/api/pupils").get_json()["total"]
    response = zorg1.post(
        "/api/pupils",
        json={
            "external_id": "L-1001",
            "first_name": "Dubbel",
            "last_name": "Nummer",
            "birth_date": "2011-01-01",
        },
    )
    assert response.status_code == 409
    assert "external_id" in response.get_json()["errors"]
    assert zorg1.get("/api/pupils").get_json()["total"] == before


def test_invalid_pupil_gives_field_errors(login):
    response = login("zorg1").post(
        "/api/pupils",
        json={
            "external_id": "",
            "first_name": "A",
            "birth_date": "2999-01-01",
            "shoe_size": 42,
        },
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert {"external_id", "last_name", "birth_date", "shoe_size"} <= set(errors)


def test_clb_and_other_school_cannot_create_pupils(login, demo):
    body = {"external_id": "X1", "first_name": "A", "last_name": "B", "birth_date": "2012-01-01"}
    assert login("clb1").post("/api/pupils", json=body).status_code == 403
    body["school_id"] = demo["school_ids"][1]
    assert login("zorg1").post("/api/pupils", json=body).status_code == 403


def test_reading_a_pupil_is_audited(app, login):
    zorg1 = login("zorg1")
    pupil = zorg1.get("/api/pupils").get_json()["items"][0]
    zorg1.get(f"/api/pupils/{pupil['id']}")
    with app.app_context():
        entry = db.session.query(AuditEntry).filter_by(action="pupil_read").one()
        assert entry.object_id == pupil["id"]
