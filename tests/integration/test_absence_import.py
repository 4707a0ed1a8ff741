"""Importing absences: each format, refusal of a bad file as a whole, re-imports, who may import."""

import logging
from datetime import date

import pytest

from app.extensions import db
from app.models import AbsenceEpisode, AbsenceImport, AbsenceRegistration, AuditEntry, Case
from tests.integration.absences_support import (
    add_other_clb,
    add_pupil,
    add_user,
    csv_rows,
    fixture,
    pupil_id,
    upload,
)


@pytest.fixture
def numbered(app, school1):
    """The pupils the Informat and Smartschool fixtures name, in school 1."""
    return {"12345": add_pupil(app, school1, "12345", "Jonas"), "678": add_pupil(app, school1, "678", "Sien")}


def registrations(app, **filters):
    with app.app_context():
        return {
            (r.pupil_id, r.day.isoformat(), r.half_day): (r.code, r.original_code, r.note)
            for r in db.session.query(AbsenceRegistration).filter_by(**filters)
        }


def counts(body):
    return body["rows"], body["new"], body["changed"], body["unchanged"]


def test_csv_import_maps_old_letters_and_keeps_them(app, login, school1):
    response = upload(login("secr1"), school1, fixture("absences.csv"))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["format"] == "csv" and counts(body) == (10, 10, 0, 0)
    rows = registrations(app)
    emma, noah, lina, adam = (pupil_id(app, f"L-100{i}") for i in range(1, 5))
    assert rows[(noah, "2026-11-23", "am")] == ("Z", "D", "doktersattest")
    assert rows[(adam, "2026-10-12", "am")] == ("R", "T", "schorsing")
    assert rows[(lina, "2026-11-23", "am")] == ("L", "L", None)
    assert rows[(lina, "2026-11-24", "am")] == ("-", "-", None)
    assert sum(1 for (pupil, _, _), (code, _, _) in rows.items() if pupil == emma and code == "B") == 5
    # Emma: 14/09 (two halves), 05/10, and Friday 20/11 afternoon + Monday 23/11 morning; Lina's
    # unannounced half-day (-) this morning is an absence to follow up too.
    assert body["b_summary"] == {"pupils_with_new_b": 1, "new_episodes": 4, "signal_due_pupil_ids": [emma]}


def test_reimport_changes_nothing_even_in_another_dialect(app, login, school1):
    secr = login("secr1")
    assert upload(secr, school1, fixture("absences.csv")).status_code == 200
    before = registrations(app)
    again = upload(secr, school1, fixture("absences.csv")).get_json()
    assert counts(again) == (10, 0, 0, 10)
    semicolon = upload(secr, school1, fixture("absences-semicolon.csv")).get_json()
    assert semicolon["format"] == "csv" and counts(semicolon) == (10, 0, 0, 10)
    assert semicolon["b_summary"] == {"pupils_with_new_b": 0, "new_episodes": 0, "signal_due_pupil_ids": []}
    assert registrations(app) == before
    with app.app_context():
        assert db.session.query(AbsenceRegistration).count() == 10
        assert db.session.query(AbsenceEpisode).count() == 4
        # Unchanged rows keep naming the import that wrote them.
        assert {r.import_id for r in db.session.query(AbsenceRegistration)} == {1}


def test_a_changed_code_is_updated_not_duplicated(app, login, school1):
    secr = login("secr1")
    upload(secr, school1, fixture("absences.csv"))
    # The pending half-day of Lina gets its B; Noah's D is replaced by the justified R.
    body = upload(
        secr,
        school1,
        csv_rows("L-1003,2026-11-24,am,B,", "L-1002,2026-11-23,am,R,begrafenis", "L-1001,2026-11-23,am,B,"),
    ).get_json()
    assert counts(body) == (3, 0, 2, 1)
    lina, noah = pupil_id(app, "L-1003"), pupil_id(app, "L-1002")
    rows = registrations(app)
    assert rows[(lina, "2026-11-24", "am")] == ("B", "B", None)
    assert rows[(noah, "2026-11-23", "am")] == ("R", "R", "begrafenis")
    assert len(rows) == 10
    # Lina's pending half-day became B: the same absence, already followed up; none is new.
    assert body["b_summary"]["new_episodes"] == 0 and body["b_summary"]["pupils_with_new_b"] == 1


def test_informat_blocks(app, login, school1, numbered):
    body = upload(login("zorg1"), school1, fixture("informat.txt"), "informat.txt").get_json()
    assert body["format"] == "informat" and counts(body) == (5, 5, 0, 0)
    rows = registrations(app)
    jonas, sien = numbered["12345"], numbered["678"]
    assert rows[(jonas, "2026-09-22", "am")] == ("B", "B", None)
    assert rows[(sien, "2026-09-22", "am")] == ("B", "B", None)
    assert rows[(jonas, "2026-09-22", "pm")] == ("B", "B", None)
    assert rows[(jonas, "2026-10-01", "am")] == ("-", "-", None)  # no code line: pending
    assert rows[(sien, "2026-10-01", "pm")] == ("Z", "D", None)
    assert counts(upload(login("zorg1"), school1, fixture("informat.txt")).get_json()) == (5, 0, 0, 5)


def test_smartschool_by_date_and_with_the_date_in_the_file_name(app, login, school1, numbered):
    dir1 = login("dir1")
    body = upload(dir1, school1, fixture("smartschool.json"), "smartschool.json").get_json()
    assert body["format"] == "smartschool" and counts(body) == (4, 4, 0, 0)
    body = upload(
        dir1,
        school1,
        fixture("smartschool-2026-11-18.json"),
        "smartschool-2026-11-18.json",
        format="smartschool",
    ).get_json()
    assert counts(body) == (3, 3, 0, 0)
    rows = registrations(app)
    jonas, sien = numbered["12345"], numbered["678"]
    assert rows[(sien, "2026-11-16", "pm")] == ("Z", "D", None)
    assert (sien, "2026-11-16", "am") not in rows  # null: present
    assert rows[(jonas, "2026-11-18", "pm")] == ("B", "B", None)
    # Present on 17/11 afternoon (""): 16/11 am – 17/11 am and 18/11 are two episodes; the fifth B is due.
    assert body["b_summary"] == {"pupils_with_new_b": 1, "new_episodes": 1, "signal_due_pupil_ids": [jonas]}
    with app.app_context():
        episodes = db.session.query(AbsenceEpisode).filter_by(pupil_id=jonas).order_by(AbsenceEpisode.id)
        assert [
            (
                e.first_day.isoformat(),
                e.first_half_day,
                e.last_day.isoformat(),
                e.last_half_day,
                e.b_half_days,
            )
            for e in episodes
        ] == [("2026-11-16", "am", "2026-11-17", "am", 3), ("2026-11-18", "am", "2026-11-18", "pm", 2)]


def test_a_bad_file_imports_nothing_and_lists_every_problem_by_line(app, login, school1):
    response = upload(login("secr1"), school1, fixture("errors.csv"))
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "validation_failed" and body["problem_count"] == 7
    lines = [(p["line"], p["field"]) for p in body["problems"]]
    assert lines == [
        (3, "external_id"),
        (4, "date"),
        (5, "half_day"),
        (6, "code"),
        (7, None),
        (8, "date"),
        (10, None),
    ]
    messages = {p["line"]: p["message"] for p in body["problems"]}
    assert "L-9999" in messages[3] and "regel 2" in messages[7] and "regel 9" in messages[10]
    assert "toekomst" in messages[8]
    assert set(body["errors"]) == {f"regel {n}" for n in (3, 4, 5, 6, 7, 8, 10)}
    with app.app_context():
        assert db.session.query(AbsenceRegistration).count() == 0
        assert db.session.query(AbsenceImport).count() == 0
        assert db.session.query(AbsenceEpisode).count() == 0
        refused = db.session.query(AuditEntry).filter_by(action="absences_import_refused").one()
        assert refused.object_id == school1 and "problems=7" in refused.detail


def test_an_informat_file_with_errors_names_its_lines(app, login, school1, numbered):
    content = b"220926T1\nB\n0000012345\n0000099999\n220926T3\n0000012345\n011026T1\nXX\n123\n"
    body = upload(login("secr1"), school1, content, "informat.txt").get_json()
    assert [(p["line"], p["field"]) for p in body["problems"]] == [
        (4, "external_id"),
        (5, "half_day"),
        (8, "code"),
        (9, "external_id"),
    ]
    assert registrations(app) == {}


def test_unrecognised_or_empty_files_are_refused(login, school1):
    secr = login("secr1")
    response = upload(secr, school1, b"naam;datum\nEmma;23/11/2026\n")
    assert response.status_code == 422 and "niet herkend" in response.get_json()["problems"][0]["message"]
    response = upload(secr, school1, b"")
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["message"] == "Het bestand is leeg."
    response = upload(secr, school1, fixture("absences.csv"), format="excel")
    assert response.status_code == 422 and "format" in response.get_json()["errors"]
    response = upload(secr, school1, fixture("absences.csv"), format="c\x00sv")
    assert response.status_code == 422 and "format" in response.get_json()["errors"]
    response = secr.post(
        f"/api/schools/{school1}/absences/import", data={"format": "csv"}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "file" in response.get_json()["errors"]


def test_who_may_import(app, login, demo, school1):
    school2 = demo["school_ids"][1]
    add_user(app, "klas1", "klastitularis", school_id=school1)
    _, other_school = add_other_clb(app)
    content = fixture("absences.csv")
    assert upload(login("klas1"), school1, content).status_code == 403
    assert upload(login("clb1"), school1, content).status_code == 403  # the school's CLB: sees, may not
    assert upload(login("clbx"), school1, content).status_code == 404  # another CLB
    assert upload(login("zorg2"), school1, content).status_code == 404  # another school
    assert upload(login("admin"), school1, content).status_code == 404
    assert upload(login("secr1"), other_school, content).status_code == 404
    # The pupils of school 1 are not pupils of school 2.
    assert upload(login("zorg2"), school2, content).get_json()["problem_count"] == 10
    assert registrations(app) == {}


def test_an_import_is_audited_with_its_counts(app, login, school1):
    upload(login("secr1"), school1, fixture("absences.csv"))
    with app.app_context():
        entry = db.session.query(AuditEntry).filter_by(action="absences_imported").one()
        row = db.session.query(AbsenceImport).one()
        assert (row.channel, row.format, row.filename, row.rows_new) == ("api", "csv", "afwezigheden.csv", 10)
        assert entry.object_id == school1 and "new=10" in entry.detail


def test_justified_b_codes_leave_the_episode_with_zero(app, login, school1):
    secr = login("secr1")
    upload(secr, school1, csv_rows("L-1002,2026-11-16,am,B,", "L-1002,2026-11-16,pm,B,"))
    body = upload(secr, school1, csv_rows("L-1002,2026-11-16,am,Z,", "L-1002,2026-11-16,pm,Z,")).get_json()
    assert counts(body) == (2, 0, 2, 0)
    with app.app_context():
        episode = db.session.query(AbsenceEpisode).one()
        assert episode.b_half_days == 0


def test_a_justified_b_splits_an_episode_without_a_second_follow_up(app, login, school1, clock):
    secr = login("secr1")
    upload(
        secr,
        school1,
        csv_rows("L-1002,2026-11-16,am,B,", "L-1002,2026-11-16,pm,B,", "L-1002,2026-11-17,am,B,"),
    )
    with app.app_context():  # the care path started its follow-up
        episode = db.session.query(AbsenceEpisode).one()
        episode.followup_started_at = clock.now()
        db.session.commit()
    body = upload(secr, school1, csv_rows("L-1002,2026-11-16,pm,Z,attest")).get_json()
    assert body["b_summary"]["new_episodes"] == 0
    with app.app_context():
        first, second = db.session.query(AbsenceEpisode).order_by(AbsenceEpisode.id).all()
        assert (first.first_day, first.last_day, first.b_half_days) == (
            date(2026, 11, 16),
            date(2026, 11, 16),
            1,
        )
        assert (second.first_day, second.b_half_days) == (date(2026, 11, 17), 1)
        assert second.followup_started_at == first.followup_started_at


def test_a_b_between_two_episodes_joins_them(app, login, school1):
    secr = login("secr1")
    upload(secr, school1, csv_rows("L-1002,2026-11-16,am,B,", "L-1002,2026-11-17,am,B,"))
    with app.app_context():
        first, second = db.session.query(AbsenceEpisode).order_by(AbsenceEpisode.id).all()
    body = upload(secr, school1, csv_rows("L-1002,2026-11-16,pm,B,")).get_json()
    assert body["b_summary"]["new_episodes"] == 0
    with app.app_context():
        joined = db.session.get(AbsenceEpisode, first.id)
        merged = db.session.get(AbsenceEpisode, second.id)
        assert joined.b_half_days == 3 and joined.last_day.isoformat() == "2026-11-17"
        assert merged.merged_into_id == first.id


def test_the_command_line_import(app, runner, school1, tmp_path, caplog):
    path = tmp_path / "absences.csv"
    path.write_bytes(fixture("absences.csv"))
    with caplog.at_level(logging.INFO):
        result = runner.invoke(args=["import-absences", str(path), "--school", str(school1)])
    assert result.exit_code == 0, result.output
    assert "10 rijen — 10 nieuw, 0 gewijzigd, 0 ongewijzigd" in result.stdout
    with app.app_context():
        assert db.session.query(Case).count() > 0  # the engine ran: the B-codes opened cases
    # ... without a log line per task state change (SpiffWorkflow logs those at INFO).
    assert not [r for r in caplog.records if r.name.startswith("spiff")]
    path.write_bytes(fixture("errors.csv"))
    result = runner.invoke(args=["import-absences", str(path), "--school", str(school1), "--format", "csv"])
    assert result.exit_code == 1
    assert "regel 3: Onbekende leerling 'L-9999'" in result.stderr and "regel 10: Dubbel" in result.stderr
    result = runner.invoke(args=["import-absences", str(path), "--school", "999"])
    assert result.exit_code == 1 and "geen school met id 999" in result.output
    with app.app_context():
        assert db.session.query(AbsenceImport).one().channel == "cli"
        assert db.session.query(AbsenceRegistration).count() == 10


def test_a_windows_file_in_cp1252_with_sep_line_and_dutch_headers_imports(app, login, school1):
    """Issue 22: what Excel on Windows saves ("CSV (gescheiden door lijstscheidingsteken)")."""
    content = (
        "sep=;\r\n"
        "Leerlingnummer;Datum;Voormiddag/Namiddag;Code;Opmerking\r\n"
        "L-1001;23/11/2026;VM;B;gebeld: geen antwoord\r\n"
        "L-1002;23/11/2026;NM;D;attest van dokter Müller\r\n"
    ).encode("cp1252")
    response = upload(login("secr1"), school1, content, "afwezigheden.csv")
    assert response.status_code == 200, response.get_json()
    assert counts(response.get_json()) == (2, 2, 0, 0)
    noah = pupil_id(app, "L-1002")
    assert registrations(app)[(noah, "2026-11-23", "pm")] == ("Z", "D", "attest van dokter Müller")
    again = upload(login("secr1"), school1, content, "afwezigheden.csv").get_json()
    assert counts(again) == (2, 0, 0, 2)


def test_a_file_still_refused_says_how_to_save_it(login, school1):
    utf8_then_not = "external_id,date,half_day,code,note\nL-1001,2026-11-23,am,B,Zoë\n".encode() + (
        b"L-1002,2026-11-23,am,B,Ren\xe9\n"
    )
    response = upload(login("secr1"), school1, utf8_then_not)
    assert response.status_code == 422
    [problem] = response.get_json()["problems"]
    assert problem["line"] == 3
    assert "Sla op als CSV UTF-8 (door lijstscheidingsteken gescheiden)" in problem["message"]
    workbook = upload(login("secr1"), school1, b"PK\x03\x04\x14\x00\x06\x00rest", "afwezigheden.xlsx")
    assert workbook.status_code == 422
    assert "Excel-werkmap" in workbook.get_json()["problems"][0]["message"]
