"""Importing a school's pupil roster: each format, idempotent re-imports, a broken file
refused whole with its lines, contacts' checks kept or renewed, missing pupils kept, who may."""

import io
from pathlib import Path

from app.extensions import db
from app.models import AuditEntry, Pupil, PupilContact
from tests.integration.absences_support import add_other_clb, add_pupil

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "roster"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(user, school_id: int, content: bytes, filename: str = "leerlingen.csv", **form):
    return user.post(
        f"/api/schools/{school_id}/pupils/import",
        data={"file": (io.BytesIO(content), filename), **form},
        content_type="multipart/form-data",
    )


def counts(body):
    return body["created"], body["updated"], body["unchanged"]


def stored(app, school_id: int) -> dict:
    """Every pupil of the school with its contacts, as comparable data."""
    with app.app_context():
        pupils = db.session.query(Pupil).filter_by(school_id=school_id).order_by(Pupil.external_id)
        return {
            p.external_id: (
                p.first_name,
                p.last_name,
                p.birth_date.isoformat(),
                p.class_name,
                p.domicile_address,
                [
                    (c.name, c.relation, tuple(c.phones), c.email, c.language, c.parental_authority)
                    for c in p.contacts
                ],
            )
            for p in pupils
        }


def checks(app, external_id: str) -> list:
    with app.app_context():
        rows = (
            db.session.query(PupilContact)
            .join(Pupil)
            .filter(Pupil.external_id == external_id)
            .order_by(PupilContact.position)
        )
        return [
            (c.name, c.checked_on.isoformat(), c.checked_by.username if c.checked_by else None) for c in rows
        ]


def test_a_csv_roster_creates_updates_and_a_reimport_changes_nothing(app, login, school1):
    secr = login("secr1")
    response = upload(secr, school1, fixture("roster.csv"))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["format"] == "csv" and counts(body) == (2, 1, 0)  # Emma updated: domicile and contacts
    assert (body["pupils"], body["contacts"], body["contacts_replaced"]) == (3, 4, 3)
    assert body["not_in_file"] == 3  # Noah, Lina and Adam: kept, reported
    assert [p["last_name"] for p in body["not_in_file_pupils"]] == ["El Amrani", "Janssens", "Maes"]
    after = stored(app, school1)
    assert len(after) == 6  # nobody deleted
    assert after["L-1001"][4] == "Veldstraat 3, 9000 Gent"
    assert after["L-1001"][5][0] == (
        "Sofie Peeters",
        "moeder",
        ("0475 12 34 56", "09 234 56 78"),
        "sofie.peeters@example.be",
        "nl",
        True,
    )
    assert after["L-1005"][:2] == ("Zoë", "Vermeulen")
    assert checks(app, "L-1001") == [
        ("Sofie Peeters", "2026-11-24", "secr1"),
        ("Tom Peeters", "2026-11-24", "secr1"),
    ]
    again = upload(secr, school1, fixture("roster.csv")).get_json()
    assert counts(again) == (0, 0, 3) and again["contacts_replaced"] == 0
    assert stored(app, school1) == after
    with app.app_context():
        actions = [a for (a,) in db.session.query(AuditEntry.action).filter(AuditEntry.action.like("pupil%"))]
    assert actions.count("pupils_imported") == 2
    assert actions.count("pupil_created") == 2 and actions.count("pupil_updated") == 1


def test_a_changed_contact_is_checked_again_the_others_keep_their_date(app, login, clock, school1):
    upload(login("secr1"), school1, fixture("roster.csv"))
    clock.advance(days=7)
    login.sign_in_again()
    changed = fixture("roster.csv").replace(b"0486 22 33 44", b"0486 99 88 77")
    body = upload(login("zorg1"), school1, changed).get_json()
    assert counts(body) == (0, 1, 2) and body["contacts_replaced"] == 1
    assert checks(app, "L-1001") == [
        ("Sofie Peeters", "2026-11-24", "secr1"),
        ("Tom Peeters", "2026-12-01", "zorg1"),
    ]


def test_a_broken_file_is_refused_whole_with_every_problem_by_line(app, login, school1):
    before = stored(app, school1)
    content = (
        b"external_id,first_name,last_name,birth_date,class_name,contact1_name,contact1_relation,contact1_phones\n"
        b"L-1001,Emma,Peeters,2011-03-14,2A,Sofie Peeters,moeder,0475 12 34 56\n"
        b"L-7001,Sara,,2012-02-30,1B,Ann,tante,12\n"
        b"L-7002,Sam,Smet,2012-01-01,1B,,,\n"
        b"L-7002,Sam,Smet,2012-01-01,1C,,,\n"  # the same number, another class
    )
    response = upload(login("secr1"), school1, content)
    assert response.status_code == 422
    body = response.get_json()
    assert [(p["line"], p["field"]) for p in body["problems"]] == [
        (3, "last_name"),
        (3, "birth_date"),
        (3, "contact1_relation"),
        (3, "contact1_phones"),
        (5, "external_id"),
    ]
    assert "staat al op regel 4" in body["problems"][-1]["message"]
    assert body["problem_count"] == 5 and "er werd niets gewijzigd" in body["message"]
    assert stored(app, school1) == before
    with app.app_context():
        assert db.session.query(AuditEntry).filter_by(action="pupils_import_refused").count() == 1


def test_informat_cp1252_one_line_per_relation_never_stores_the_register_number(app, login, school1):
    response = upload(login("secr1"), school1, fixture("informat.csv"), "leerlingen informat.csv")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["format"] == "informat" and counts(body) == (1, 1, 0)
    assert body["ignored_columns"] == ["Rijksregisternummer"]
    after = stored(app, school1)
    assert [c[0] for c in after["L-1002"][5]] == ["Inès Janssens", "François Dubois"]
    assert (
        after["L-3001"][:2] == ("Elif", "Çelik")
        and after["L-3001"][4] == "Sint-Pietersnieuwstraat 41, 9000 Gent"
    )
    with app.app_context():  # nowhere in the pupil's or contacts' rows
        dump = repr(
            [
                tuple(row)
                for table in (Pupil.__table__, PupilContact.__table__)
                for row in db.session.execute(db.select(table))
            ]
        )
    assert "10110212345" not in dump
    assert counts(upload(login("secr1"), school1, fixture("informat.csv")).get_json()) == (0, 0, 2)


def test_smartschool_accounts_match_numbers_numerically(app, login, school1):
    jonas = add_pupil(app, school1, "0000012345", "Jonas")  # as Informat padded it
    body = upload(login("zorg1"), school1, fixture("smartschool.json"), "accounts.json").get_json()
    assert body["format"] == "smartschool" and counts(body) == (0, 1, 0)
    with app.app_context():
        pupil = db.session.get(Pupil, jonas)
        assert (pupil.external_id, pupil.last_name, pupil.class_name) == ("0000012345", "Wouters", "2B")
        assert [c.name for c in pupil.contacts] == ["Els Wouters"]


def test_one_pupil_written_two_ways_in_one_file_is_refused(app, login, school1):
    add_pupil(app, school1, "12345", "Jonas")
    content = (
        b"leerlingnummer;voornaam;naam;geboortedatum\n"
        b"12345;Jonas;Test;05/05/2011\n"
        b"0000012345;Jonas;Test;05/05/2011\n"  # the same pupil, padded
        b"777;Sien;Nieuw;01/01/2012\n"
        b"0777;Sien;Nieuw;01/01/2012\n"  # a new pupil, written two ways
    )
    response = upload(login("secr1"), school1, content)
    assert response.status_code == 422
    assert [(p["line"], p["field"]) for p in response.get_json()["problems"]] == [
        (3, "external_id"),
        (5, "external_id"),
    ]


def test_an_empty_domicile_or_no_contacts_keep_what_staff_typed(app, login, school1):
    emma = login("zorg1").get("/api/pupils?q=Emma").get_json()["items"][0]
    login("zorg1").patch(
        f"/api/pupils/{emma['id']}",
        json={
            "domicile": {"address": "Veldstraat 3, 9000 Gent"},
            "contacts": [{"name": "Oma", "relation": "grootouder"}],
        },
    )
    content = (
        "leerlingnummer;voornaam;naam;geboortedatum;klas;domicilie\nL-1001;Emma;Peeters;14/03/2011;2A;\n"
    )
    body = upload(login("secr1"), school1, content.encode()).get_json()
    assert counts(body) == (0, 0, 1)
    assert stored(app, school1)["L-1001"][4:] == (
        "Veldstraat 3, 9000 Gent",
        [("Oma", "grootouder", (), None, None, None)],
    )


def test_who_may_import_and_where(app, login, school1, demo):
    _, other_school = add_other_clb(app)
    content = fixture("roster.csv")
    assert upload(login("leraar1"), school1, content).status_code == 403
    assert upload(login("clb1"), school1, content).status_code == 403  # the CLB reads, never writes
    assert upload(login("zorg2"), school1, content).status_code == 404  # another school
    assert upload(login("clbx"), school1, content).status_code == 404  # a CLB that does not serve it
    assert upload(login("llb1"), school1, content).status_code == 200
    assert upload(login("dir1"), school1, content).status_code == 200
    assert upload(login("zorg1"), other_school, content).status_code == 404
