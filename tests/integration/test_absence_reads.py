"""A pupil's absences and warning signs, a school's statistics and thresholds (controlled clock)."""

from datetime import date, timedelta

import pytest

from app.calendar.school_year import is_school_half_day
from tests.integration.absences_support import add_other_clb, add_pupil, csv_rows, fixture, pupil_id, upload


@pytest.fixture
def imported(login, school1):
    response = upload(login("secr1"), school1, fixture("absences.csv"))
    assert response.status_code == 200, response.get_json()


def half_days(first: date, count: int, skip: int = 0) -> list[tuple[str, str]]:
    """`count` school half-days from `first` on, every (skip + 1)th one."""
    found, day, seen = [], first, 0
    while len(found) < count:
        for half in ("am", "pm"):
            if is_school_half_day(day, half) and len(found) < count:
                if seen % (skip + 1) == 0:
                    found.append((day.isoformat(), half))
                seen += 1
        day += timedelta(days=1)
    return found


def rows_for(external_id: str, code: str, slots) -> list[str]:
    return [f"{external_id},{day},{half},{code}," for day, half in slots]


def rules_of(body) -> dict:
    return {s["rule"]: s for s in body["signals"]}


def test_a_pupils_absences_with_totals(app, login, imported):
    emma, noah = pupil_id(app, "L-1001"), pupil_id(app, "L-1002")
    body = login("zorg1").get(f"/api/pupils/{emma}/absences?school_year=2026-2027").get_json()
    assert body["school_year"] == "2026-2027" and body["total"] == 5 and body["totals"] == {"B": 5}
    assert [(i["date"], i["half_day"]) for i in body["items"]] == [
        ("2026-09-14", "am"),
        ("2026-09-14", "pm"),
        ("2026-10-05", "am"),
        ("2026-11-20", "pm"),
        ("2026-11-23", "am"),
    ]
    assert body["items"][2]["note"] == "spijbelde met een vriend"
    assert login("clb1").get(f"/api/pupils/{noah}/absences").status_code == 404  # not signalled to the CLB
    body = login("zorg1").get(f"/api/pupils/{noah}/absences").get_json()  # the current school year
    assert body["totals"] == {"Z": 2} and {i["original_code"] for i in body["items"]} == {"D", "Z"}
    assert login("zorg1").get(f"/api/pupils/{emma}/absences?school_year=2025-2026").get_json()["total"] == 0


def test_reads_are_scoped_and_checked(app, login, imported):
    emma = pupil_id(app, "L-1001")
    add_other_clb(app)
    for user in ("zorg2", "clbx", "admin"):
        assert login(user).get(f"/api/pupils/{emma}/absences").status_code == 404
        assert login(user).get(f"/api/pupils/{emma}/signals").status_code == 404
    response = login("zorg1").get(f"/api/pupils/{emma}/absences?school_year=2026-2028")
    assert response.status_code == 422 and "school_year" in response.get_json()["errors"]
    response = login("zorg1").get(f"/api/pupils/{emma}/signals?schooljaar=2026-2027")
    assert response.status_code == 422 and "schooljaar" in response.get_json()["errors"]


def test_five_b_codes_raise_the_signal_to_the_clb_with_its_source(app, login, imported):
    body = login("zorg1").get(f"/api/pupils/{pupil_id(app, 'L-1001')}/signals").get_json()
    assert body["b_count"] == 5 and body["compulsory"] is True and body["totals"] == {"B": 5}
    signals = rules_of(body)
    assert set(signals) == {"b_signal", "early_b"}
    signal = signals["b_signal"]
    assert signal["kind"] == "duty" and signal["threshold"] == 5 and signal["figures"]["b"] == 5
    assert signal["message"] == "5 halve dagen met B-code in schooljaar 2026-2027 → signaal aan het CLB."
    assert signal["source"]["reference"].startswith("seeds/001_")
    assert "5 B-codes" in signal["source"]["quote"]
    assert signals["early_b"]["figures"] == {"b_september_october": 3, "extended_holiday_left_out": 0}
    # Four B-codes are not yet a signal.
    assert "b_signal" not in rules_of(
        login("zorg1").get(f"/api/pupils/{pupil_id(app, 'L-1001')}/signals?school_year=2025-2026").get_json()
    )


def test_speed_counts_20_absences_within_six_school_weeks(app, login, school1):
    fast = add_pupil(app, school1, "F-1", "Snel")
    slow = add_pupil(app, school1, "S-1", "Traag")
    rows = rows_for("F-1", "Z", half_days(date(2026, 11, 9), 20))
    rows += rows_for("S-1", "Z", half_days(date(2026, 9, 1), 20, skip=4))  # over twelve school weeks
    assert upload(login("secr1"), school1, csv_rows(*rows)).status_code == 200
    signals = rules_of(login("zorg1").get(f"/api/pupils/{fast}/signals").get_json())
    assert signals["speed"]["threshold"] == 20
    assert signals["speed"]["figures"] == {
        "absences": 20,
        "school_weeks": 6,
        "from": "2026-11-09",
        "to": "2026-11-24",
    }
    assert signals["speed"]["message"].startswith("Snelheid van opstapeling: 20 afwezige halve dagen")
    assert "medical_certificates" not in signals  # Z, not D
    assert "speed" not in rules_of(login("zorg1").get(f"/api/pupils/{slow}/signals").get_json())


def test_medical_certificates_count_d_and_d_next_to_b(app, login, school1):
    certified = add_pupil(app, school1, "D-1", "Attest")
    sick = add_pupil(app, school1, "Z-1", "Ziek")
    rows = rows_for("D-1", "D", half_days(date(2026, 9, 1), 20, skip=3)) + ["D-1,2026-11-24,am,B,"]
    rows += rows_for("Z-1", "Z", half_days(date(2026, 9, 1), 25, skip=3))
    assert upload(login("secr1"), school1, csv_rows(*rows)).status_code == 200
    body = login("zorg1").get(f"/api/pupils/{certified}/signals").get_json()
    assert body["totals"] == {"Z": 20, "B": 1}  # D is stored as Z, its letter kept
    signals = rules_of(body)
    assert signals["medical_certificates"]["figures"] == {"d": 20, "school_year": "2026-2027"}
    assert signals["medical_certificates"]["threshold"] == 20
    assert signals["d_with_b"]["figures"] == {"d": 20, "b": 1}
    # 25 Z without a medical certificate: not this sign.
    signals = rules_of(login("zorg1").get(f"/api/pupils/{sick}/signals").get_json())
    assert "medical_certificates" not in signals and "d_with_b" not in signals


def test_school_allowance_counts_two_school_years(app, login, school1):
    pupil = add_pupil(app, school1, "T-1", "Toeslag")
    rows = rows_for("T-1", "B", half_days(date(2025, 9, 1), 30)) + rows_for(
        "T-1", "B", half_days(date(2026, 9, 1), 25)
    )
    assert upload(login("secr1"), school1, csv_rows(*rows)).status_code == 200
    now = rules_of(login("zorg1").get(f"/api/pupils/{pupil}/signals").get_json())["school_allowance"]
    assert now["threshold"] == 25 and "komt dichtbij" in now["message"]
    upload(login("secr1"), school1, csv_rows(*rows_for("T-1", "B", half_days(date(2026, 10, 12), 5))))
    now = rules_of(login("zorg1").get(f"/api/pupils/{pupil}/signals").get_json())["school_allowance"]
    assert now["figures"] == {"b": 30, "b_previous_year": 30, "school_year": "2026-2027"}
    assert "schooltoeslag gaat verloren" in now["message"]


def test_past_compulsory_age_is_voluntary_only(app, login, school1):
    adult = add_pupil(app, school1, "V-1", "Volwassen", birth_date=date(2008, 3, 1))
    upload(login("secr1"), school1, csv_rows(*rows_for("V-1", "B", half_days(date(2026, 11, 2), 6))))
    body = login("zorg1").get(f"/api/pupils/{adult}/signals").get_json()
    assert body["compulsory"] is False and body["b_count"] == 6
    signals = rules_of(body)
    assert "b_signal" not in signals
    assert signals["past_compulsory_age"]["kind"] == "info"
    # Turned 18 on 1 March 2026, before 1 July: compulsory education ended the day before.
    assert signals["past_compulsory_age"]["figures"]["compulsory_education_ended"] == "2026-02-28"


def test_a_toddler_below_the_290_half_days(app, login, school1, clock):
    toddler = add_pupil(app, school1, "K-1", "Kleuter", birth_date=date(2021, 5, 5), class_name="K3")
    upload(login("secr1"), school1, csv_rows(*rows_for("K-1", "B", half_days(date(2026, 9, 1), 60))))
    signal = rules_of(login("zorg1").get(f"/api/pupils/{toddler}/signals").get_json())["toddler_attendance"]
    figures = signal["figures"]
    assert figures["needed"] == 290 and figures["attended"] == figures["school_half_days_so_far"] - 60
    assert figures["reachable"] < 290 and "hoogstens" in signal["message"]
    assert (
        "beslist de klassenraad van de lagere school over de toelating: geen harde grens" in signal["message"]
    )
    # A classmate who is always there raises nothing; nor does one whose absences the school accepted.
    present = add_pupil(app, school1, "K-2", "Aanwezig", birth_date=date(2021, 2, 2), class_name="K3")
    assert rules_of(login("zorg1").get(f"/api/pupils/{present}/signals").get_json()) == {}
    accepted = add_pupil(app, school1, "K-3", "Aanvaard", birth_date=date(2021, 3, 3), class_name="K3")
    upload(login("secr1"), school1, csv_rows(*rows_for("K-3", "A", half_days(date(2026, 9, 1), 60))))
    assert "toddler_attendance" not in rules_of(
        login("zorg1").get(f"/api/pupils/{accepted}/signals").get_json()
    )


def test_statistics_per_band_code_class_grade_and_month(app, login, school1, imported):
    body = login("clb1").get(f"/api/schools/{school1}/statistics?school_year=2026-2027").get_json()
    assert body["pupils"] == 4 and body["pupils_with_b"] == 1 and body["pupils_at_signal"] == 1
    assert body["totals"] == {"R": 1, "Z": 2, "B": 5, "L": 1, "-": 1}
    assert [(b["band"], b["pupils"]) for b in body["b_bands"]] == [
        ("0-4", 3),
        ("5-9", 1),
        ("10-19", 0),
        ("20-29", 0),
        ("30+", 0),
    ]
    assert {c["class_name"]: c["totals"] for c in body["per_class"]} == {
        "1A": {"L": 1, "-": 1},
        "2A": {"B": 5},
        "3B": {"Z": 2},
        "4TSO": {"R": 1},
    }
    assert [g["grade"] for g in body["per_grade"]] == ["1", "2", "3", "4"]
    months = {m["month"]: m["totals"] for m in body["per_month"]}
    assert list(months)[0] == "2026-09" and list(months)[-1] == "2027-08" and len(months) == 12
    assert months["2026-09"] == {"B": 2} and months["2026-10"] == {"R": 1, "B": 1}
    assert months["2026-11"] == {"Z": 2, "B": 2, "L": 1, "-": 1} and months["2027-01"] == {}


def test_statistics_are_for_the_school_and_its_clb(app, login, demo, school1):
    add_other_clb(app)
    assert login("zorg1").get(f"/api/schools/{school1}/statistics").status_code == 200
    for user in ("zorg2", "clbx", "admin"):
        assert login(user).get(f"/api/schools/{school1}/statistics").status_code == 404


def test_thresholds_are_the_directors_to_change(app, login, school1, imported):
    settings = f"/api/schools/{school1}/absence-settings"
    defaults = login("zorg1").get(settings).get_json()
    assert defaults["thresholds"]["signal_b"] == 5 and defaults["meeting_cadence"] == "monthly"
    assert defaults["overrides"] == {} and defaults["thresholds"]["police_protocol_b"] is None
    assert defaults["police_protocol"] is None and defaults["legal"] == {"signal_b_max": 5, "allowance_b": 30}
    assert defaults["late_becomes_b"] == "none" and defaults["late_becomes_b_minutes"] is None
    body = {
        "thresholds": {"signal_b": 3, "police_protocol_b": 11},
        "police_protocol": "Politieprotocol spijbelen PZ Kust",
        "meeting_cadence": "biweekly",
    }
    assert login("zorg1").patch(settings, json=body).status_code == 403
    assert login("clb1").patch(settings, json=body).status_code == 403
    assert login("zorg2").get(settings).status_code == 404
    changed = login("dir1").patch(settings, json=body).get_json()
    assert changed["overrides"] == {"signal_b": 3, "police_protocol_b": 11}
    assert changed["police_protocol"] == "Politieprotocol spijbelen PZ Kust"
    assert changed["meeting_cadence"] == "biweekly" and changed["defaults"]["signal_b"] == 5
    seen = login("clb1").get(settings).get_json()
    assert seen["thresholds"]["signal_b"] == 3 and seen["thresholds"]["police_protocol_b"] == 11
    # Back to the default with null; bad values are field errors.
    reset = login("dir1").patch(settings, json={"thresholds": {"signal_b": None}}).get_json()
    assert reset["overrides"] == {"police_protocol_b": 11}
    response = login("dir1").patch(settings, json={"thresholds": {"signal_b": 0, "b_limit": 3}})
    assert response.status_code == 422
    assert {"thresholds.signal_b", "thresholds.b_limit"} <= set(response.get_json()["errors"])
    # The allowance's limit is the law: no setting to send.
    response = login("dir1").patch(settings, json={"thresholds": {"allowance_b": 40}})
    assert response.status_code == 422 and "thresholds.allowance_b" in response.get_json()["errors"]
    # No protocol, no threshold of its own: naming none clears it.
    cleared = login("dir1").patch(settings, json={"police_protocol": None}).get_json()
    assert cleared["police_protocol"] is None and cleared["overrides"] == {}
    assert cleared["thresholds"]["police_protocol_b"] is None


def test_the_legal_floors_are_refused_above_and_accepted_below(app, login, school1):
    settings = f"/api/schools/{school1}/absence-settings"
    response = login("dir1").patch(settings, json={"thresholds": {"signal_b": 7}})
    assert response.status_code == 422
    assert response.get_json()["errors"]["thresholds.signal_b"] == [
        "Hoogstens 5: vanaf 5 halve dagen met B-code signaleert de school wettelijk aan het CLB; lager mag "
        "(vroeger signaleren)."
    ]
    accepted = login("dir1").patch(settings, json={"thresholds": {"signal_b": 3}})
    assert accepted.status_code == 200 and accepted.get_json()["thresholds"]["signal_b"] == 3
    response = login("dir1").patch(settings, json={"thresholds": {"allowance_warning_b": 30}})
    assert response.status_code == 422
    (message,) = response.get_json()["errors"]["thresholds.allowance_warning_b"]
    assert message.startswith(
        "Hoogstens 29: vanaf 30 halve dagen met B-code in twee opeenvolgende schooljaren"
    )
    assert login("dir1").patch(settings, json={"thresholds": {"allowance_warning_b": 20}}).status_code == 200
    assert login("zorg1").get(settings).get_json()["overrides"] == {"signal_b": 3, "allowance_warning_b": 20}


def test_a_police_threshold_needs_the_protocols_name(app, login, school1):
    settings = f"/api/schools/{school1}/absence-settings"
    response = login("dir1").patch(settings, json={"thresholds": {"police_protocol_b": 11}})
    assert response.status_code == 422
    assert (
        "geef eerst de naam van het protocol"
        in response.get_json()["errors"]["thresholds.police_protocol_b"][0]
    )
    for bad in ("x" * 201, "naam\x07"):
        response = login("dir1").patch(settings, json={"police_protocol": bad})
        assert response.status_code == 422 and "police_protocol" in response.get_json()["errors"]
    assert login("zorg1").get(settings).get_json()["police_protocol"] is None


def test_a_school_threshold_changes_the_signal(app, login, school1):
    lina = pupil_id(app, "L-1003")
    upload(login("secr1"), school1, csv_rows(*rows_for("L-1003", "B", half_days(date(2026, 11, 16), 3))))
    assert "b_signal" not in rules_of(login("zorg1").get(f"/api/pupils/{lina}/signals").get_json())
    login("dir1").patch(f"/api/schools/{school1}/absence-settings", json={"thresholds": {"signal_b": 3}})
    signal = rules_of(login("zorg1").get(f"/api/pupils/{lina}/signals").get_json())["b_signal"]
    assert signal["threshold"] == 3 and signal["figures"]["b"] == 3
