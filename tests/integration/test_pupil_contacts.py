"""A pupil's parents and guardians and their domicile: read in scope, written by the
school's staff, each contact checked (date and person) when it changed, audited."""

from app.extensions import db
from app.models import AuditEntry
from tests.walk import CaseWalk

MOTHER = {
    "name": "Sofie De Smet",
    "relation": "moeder",
    "address": "Kerkstraat 12, 9000 Gent",
    "phones": ["0475 12 34 56", "+32 9 123 45 67"],
    "email": "sofie@example.be",
    "language": "nl",
    "parental_authority": True,
}
FATHER = {"name": "Karim El Idrissi", "relation": "vader", "phones": ["0486/11.22.33"], "language": "fr"}
PUPIL = {
    "external_id": "L-7001",
    "first_name": "Sara",
    "last_name": "De Smet",
    "birth_date": "2012-02-29",
    "class_name": "1B",
    "domicile": {"address": "Kerkstraat 12, 9000 Gent"},
    "contacts": [MOTHER, FATHER],
}


def _pupil_of(login, username: str = "zorg1") -> dict:
    response = login(username).post("/api/pupils", json=PUPIL)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_pupil_registered_with_contacts_and_domicile(login, clock):
    created = _pupil_of(login)
    assert [c["name"] for c in created["contacts"]] == ["Sofie De Smet", "Karim El Idrissi"]
    mother = created["contacts"][0]
    assert mother["phones"] == ["0475 12 34 56", "+32 9 123 45 67"]
    assert mother["parental_authority"] is True and mother["language"] == "nl"
    assert mother["checked_on"] == "2026-11-24" and mother["checked_by"]["username"] == "zorg1"
    assert created["contacts"][1]["parental_authority"] is None  # not known
    assert created["domicile"]["address"] == "Kerkstraat 12, 9000 Gent"
    assert created["domicile"]["checked_by"]["username"] == "zorg1"
    read = login("zorg1").get(f"/api/pupils/{created['id']}").get_json()
    assert read["contacts"] == created["contacts"] and read["domicile"] == created["domicile"]


def test_patch_replaces_the_list_and_dates_only_what_changed(app, login, clock):
    pupil = _pupil_of(login)
    clock.advance(days=7)
    login.sign_in_again()
    father = {**FATHER, "phones": ["0486 11 22 33"]}  # a number changed
    grandmother = {"name": "Maria Peeters", "relation": "grootouder", "phones": ["09 222 33 44"]}
    response = login("secr1").patch(
        f"/api/pupils/{pupil['id']}", json={"contacts": [father, MOTHER, grandmother]}
    )
    assert response.status_code == 200, response.get_json()
    contacts = response.get_json()["contacts"]
    assert [c["name"] for c in contacts] == ["Karim El Idrissi", "Sofie De Smet", "Maria Peeters"]
    checks = [(c["checked_on"], c["checked_by"]["username"]) for c in contacts]
    # The mother came back unchanged (in another place): her check stays.
    assert checks == [("2026-12-01", "secr1"), ("2026-11-24", "zorg1"), ("2026-12-01", "secr1")]
    assert response.get_json()["domicile"]["checked_on"] == "2026-11-24"  # not sent: unchanged
    # The same list again changes nothing; an empty list removes them all.
    again = login("secr1").patch(
        f"/api/pupils/{pupil['id']}", json={"contacts": [father, MOTHER, grandmother]}
    )
    assert again.get_json()["contacts"] == contacts
    cleared = login("secr1").patch(f"/api/pupils/{pupil['id']}", json={"contacts": [], "domicile": None})
    assert cleared.get_json()["contacts"] == [] and cleared.get_json()["domicile"] is None
    with app.app_context():
        details = [
            e.detail
            for e in db.session.query(AuditEntry).filter_by(action="pupil_updated").order_by(AuditEntry.id)
        ]
    assert details == ["contacts", "", "contacts,domicile"]


def test_each_field_is_checked_with_a_dutch_message_and_nothing_is_stored(login):
    pupil = _pupil_of(login)
    bad = [
        {**MOTHER, "email": "sofie.example.be", "relation": "tante"},
        {"relation": "vader", "phones": ["12", "0475 12 34 56"], "language": "Klingon"},
        {**FATHER, "parental_authority": "misschien", "address": "x" * 301},
    ]
    response = login("zorg1").patch(
        f"/api/pupils/{pupil['id']}", json={"contacts": bad, "domicile": {"address": ""}}
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert {
        "contacts.0.email",
        "contacts.0.relation",
        "contacts.1.name",
        "contacts.1.phones.0",
        "contacts.1.language",
        "contacts.2.parental_authority",
        "contacts.2.address",
        "domicile.address",
    } <= set(errors), errors
    assert "contacts.1.phones.1" not in errors
    assert "naam@voorbeeld.be" in errors["contacts.0.email"][0]
    assert "8 tot 15 cijfers" in errors["contacts.1.phones.0"][0]
    read = login("zorg1").get(f"/api/pupils/{pupil['id']}").get_json()
    assert [c["name"] for c in read["contacts"]] == ["Sofie De Smet", "Karim El Idrissi"]
    too_many = login("zorg1").patch(f"/api/pupils/{pupil['id']}", json={"contacts": [FATHER] * 11})
    assert too_many.status_code == 422 and "contacts" in too_many.get_json()["errors"]


def test_scope_another_school_404_the_clb_reads_from_the_referral_and_never_edits(login, demo):
    emma = login("zorg1").get("/api/pupils?q=Emma").get_json()["items"][0]
    login("zorg1").patch(f"/api/pupils/{emma['id']}", json={"contacts": [MOTHER]})
    assert login("zorg2").get(f"/api/pupils/{emma['id']}").status_code == 404
    assert login("zorg2").patch(f"/api/pupils/{emma['id']}", json={"contacts": []}).status_code == 404
    # The CLB before any signal or referral: nothing, not even that the pupil exists.
    assert login("clb1").get(f"/api/pupils/{emma['id']}").status_code == 404
    assert login("clb1").patch(f"/api/pupils/{emma['id']}", json={"contacts": []}).status_code == 404
    walk = CaseWalk(login, pupil_id=emma["id"])
    walk.plan()
    walk.refer()
    read = login("clb1").get(f"/api/pupils/{emma['id']}")
    assert read.status_code == 200
    assert read.get_json()["contacts"][0]["phones"] == MOTHER["phones"]
    refused = login("clb1").patch(f"/api/pupils/{emma['id']}", json={"contacts": []})
    assert refused.status_code == 403
    assert login("clb2").get(f"/api/pupils/{emma['id']}").status_code == 404  # another CLB


def test_who_of_the_school_may_write_the_contacts(login, demo):
    emma = login("zorg1").get("/api/pupils?q=Emma").get_json()["items"][0]
    for username, status in (("leraar1", 403), ("zorgl1", 403), ("llb1", 200), ("dir1", 200), ("secr1", 200)):
        response = login(username).patch(f"/api/pupils/{emma['id']}", json={"contacts": [FATHER]})
        assert response.status_code == status, username
    assert (
        login("leraar1").get(f"/api/pupils/{emma['id']}").get_json()["contacts"][0]["name"] == FATHER["name"]
    )


def test_reads_of_the_contacts_are_audited(app, login):
    pupil = _pupil_of(login)
    login("secr1").get(f"/api/pupils/{pupil['id']}")
    with app.app_context():
        rows = db.session.query(AuditEntry).filter_by(action="pupil_read", object_id=pupil["id"]).all()
        created = db.session.query(AuditEntry).filter_by(action="pupil_created", object_id=pupil["id"]).one()
    assert len(rows) == 1 and created.detail == "contacts,domicile"
