"""Warning signs on their true basis, through the import and GET /api/pupils/{id}/signals:
luxeverzuim left out of B in September/October, lateness that becomes B under the school's
rule (its letter kept) and frequent lateness, absences on one weekday and around holidays."""

from datetime import date

from tests.integration.absences_support import add_pupil, upload

HEADER = "external_id,date,half_day,code,note,minutes_late,extended_holiday"


def csv(*rows: str) -> bytes:
    return (HEADER + "\n" + "\n".join(rows) + "\n").encode()


def signs(login, pupil: int) -> dict:
    return {s["rule"]: s for s in login("zorg1").get(f"/api/pupils/{pupil}/signals").get_json()["signals"]}


def registrations(login, pupil: int) -> dict:
    items = login("zorg1").get(f"/api/pupils/{pupil}/absences").get_json()["items"]
    return {(i["date"], i["half_day"]): i for i in items}


def test_extended_holiday_is_left_out_of_b_in_september_and_october(app, login, school1):
    away = add_pupil(app, school1, "H-1", "Reis")
    rows = [f"H-1,2026-10-{d},{h},B,verlengde vakantie,,1" for d in (28, 29) for h in ("am", "pm")]
    assert upload(login("secr1"), school1, csv(*rows)).status_code == 200
    found = registrations(login, away)
    assert found[("2026-10-28", "am")]["extended_holiday"] is True and len(found) == 4
    assert "early_b" not in signs(login, away)  # the school knows why: luxeverzuim
    # One more B in October, not marked: the sign, saying what it left out.
    report = upload(login("secr1"), school1, csv("H-1,2026-10-05,am,B,,,"))
    assert report.status_code == 200
    sign = signs(login, away)["early_b"]
    assert sign["figures"] == {"b_september_october": 1, "extended_holiday_left_out": 4}
    assert sign["message"] == (
        "1 halve dag met B-code in september–oktober 2026 (4 als luxeverzuim gemarkeerd: niet meegeteld): "
        "voorspeller van oplopende afwezigheden; volg de eerste B-codes intensief op."
    )
    # A file without the column (or Informat, Smartschool) leaves the mark as it was.
    plain = b"external_id,date,half_day,code,note\n" + b"".join(
        f"H-1,2026-10-{d},{h},B,verlengde vakantie\n".encode() for d in (28, 29) for h in ("am", "pm")
    )
    again = upload(login("secr1"), school1, plain).get_json()
    assert (again["changed"], again["unchanged"]) == (0, 4)
    assert registrations(login, away)[("2026-10-29", "pm")]["extended_holiday"] is True
    # Taking the mark away is a change, and the half-days count again.
    unmarked = upload(login("secr1"), school1, csv(*(row[: -len(",1")] + ",0" for row in rows)))
    assert unmarked.get_json()["changed"] == 4
    assert signs(login, away)["early_b"]["figures"] == {
        "b_september_october": 5,
        "extended_holiday_left_out": 0,
    }


def test_a_late_arrival_becomes_b_under_the_schools_rule_and_keeps_its_letter(app, login, school1):
    settings = f"/api/schools/{school1}/absence-settings"
    late = add_pupil(app, school1, "T-1", "Laat")
    # Without a rule, lateness stays lateness whatever the minutes.
    assert upload(login("secr1"), school1, csv("T-1,2026-11-16,am,L,,55,")).status_code == 200
    assert registrations(login, late)[("2026-11-16", "am")]["code"] == "L"
    assert login("dir1").patch(settings, json={"late_becomes_b": "lesson_hour"}).status_code == 200
    rows = ["T-1,2026-11-17,am,L,,55,", "T-1,2026-11-18,am,L,bus,10,", "T-1,2026-11-19,am,L,,,"]
    assert upload(login("secr1"), school1, csv(*rows)).status_code == 200
    found = registrations(login, late)
    assert (found[("2026-11-17", "am")]["code"], found[("2026-11-17", "am")]["original_code"]) == ("B", "L")
    assert [found[(f"2026-11-{d}", "am")]["code"] for d in (18, 19)] == ["L", "L"]  # 10 minutes; none given
    # The school's own number of minutes.
    patch = {"late_becomes_b": "minutes", "late_becomes_b_minutes": 10}
    assert login("dir1").patch(settings, json=patch).status_code == 200
    upload(login("secr1"), school1, csv("T-1,2026-11-18,am,L,bus,10,"))
    assert registrations(login, late)[("2026-11-18", "am")]["code"] == "B"
    response = login("dir1").patch(
        settings, json={"late_becomes_b": "minutes", "late_becomes_b_minutes": None}
    )
    assert response.status_code == 422 and "late_becomes_b_minutes" in response.get_json()["errors"]


def test_frequent_lateness(app, login, school1):
    login("dir1").patch(f"/api/schools/{school1}/absence-settings", json={"late_becomes_b": "lesson_hour"})
    late = add_pupil(app, school1, "T-2", "Vaaklaat")
    days = [f"2026-10-{d:02d}" for d in (5, 6, 7, 8, 9, 12, 13, 14, 15)]
    rows = [f"T-2,{day},am,L,,5," for day in days]
    assert upload(login("secr1"), school1, csv(*rows)).status_code == 200
    assert "frequent_lateness" not in signs(login, late)  # 9 times
    assert upload(login("secr1"), school1, csv("T-2,2026-10-16,am,L,,60,")).status_code == 200
    sign = signs(login, late)["frequent_lateness"]
    assert sign["threshold"] == 10
    assert sign["figures"] == {"late": 10, "late_became_b": 1, "school_year": "2026-2027"}
    assert "waarvan 1 een B-code werden volgens de regel van de school" in sign["message"]
    assert sign["source"]["reference"].startswith("seeds/004_") and "onze keuze" in sign["source"]["note"]


def test_absences_on_the_same_weekday(app, login, school1):
    mondays = add_pupil(app, school1, "W-1", "Maandag")
    rows = [f"W-1,2026-{day},am,B,,," for day in ("09-07", "09-14", "09-21", "09-28")]
    rows += ["W-1,2026-10-07,am,Z,,,"]  # one Wednesday: Monday still holds 4 of the 5 days
    assert upload(login("secr1"), school1, csv(*rows)).status_code == 200
    sign = signs(login, mondays)["same_weekday"]
    assert sign["figures"] == {"weekday": "maandag", "days": 4, "absent_days": 5}
    assert (
        sign["message"]
        == "Afwezig (B of Z) op 4 verschillende maandagen: 4 van de 5 afwezige dagen in schooljaar 2026-2027."
    )
    assert "vaste dagen" in sign["source"]["quote"]


def test_absences_around_holidays(app, login, school1):
    pupil = add_pupil(app, school1, "V-2", "Vakantie")
    # Friday before and Monday after the autumn holiday; an ordinary Monday does not count.
    rows = ["V-2,2026-10-30,pm,Z,,,", "V-2,2026-11-09,am,B,,,", "V-2,2026-11-16,am,B,,,"]
    assert upload(login("secr1"), school1, csv(*rows)).status_code == 200
    sign = signs(login, pupil)["around_holidays"]
    assert sign["figures"] == {"days": 2, "dates": ["2026-10-30", "2026-11-09"]}
    assert sign["threshold"] == 2 and "herhaaldelijk" in sign["source"]["quote"]


def test_the_old_exchange_format_still_reads(app, login, school1):
    # The five columns alone, as before: no minutes, no mark.
    pupil = add_pupil(app, school1, "O-1", "Oud", birth_date=date(2012, 1, 1))
    content = b"external_id,date,half_day,code,note\nO-1,2026-11-16,am,L,\n"
    assert upload(login("secr1"), school1, content).status_code == 200
    assert registrations(login, pupil)[("2026-11-16", "am")]["extended_holiday"] is False
