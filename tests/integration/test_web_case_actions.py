"""The actions outside the tasks, on the case page (issue 22): record a school change,
change the absence type (CLB), start the police track — no curl needed."""

import re

from tests.walk import CaseWalk
from tests.web import text_of


def _flashes(page) -> str:
    return text_of(page.text)


def test_the_coordinator_records_a_school_change_by_choosing_the_new_school(web, login, demo):
    walk = CaseWalk(login)
    zorg1 = web("zorg1")
    page = zorg1.get(f"/dossiers/{walk.id}").text
    assert "Schoolverandering registreren" in text_of(page)
    school_2 = demo["school_ids"][1]
    assert re.search(rf'<option value="{school_2}">', page)
    assert not re.search(rf'<option value="{demo["school_ids"][0]}">', page)  # not the current school
    same = zorg1.post(f"/dossiers/{walk.id}/schoolverandering", {"new_school_id": str(demo["school_ids"][0])})
    assert same.status_code == 302
    assert "De leerling zit al in deze school." in _flashes(zorg1.get(same.headers["Location"]))
    moved = zorg1.post(
        f"/dossiers/{walk.id}/schoolverandering", {"new_school_id": str(school_2), "new_external_id": "N-77"}
    )
    assert moved.status_code == 302
    case = login("zorg2").get(f"/api/cases/{walk.id}")
    assert case.status_code == 200 and case.get_json()["school_id"] == school_2
    # The old school reads its period only: no more actions for it.
    assert "Acties buiten de taken" not in text_of(zorg1.get(f"/dossiers/{walk.id}").text)


def test_the_clb_changes_the_absence_type_with_a_reason(web, login):
    walk = CaseWalk(login)
    walk.plan()
    walk.signal()
    assert "Type afwezigheid wijzigen" not in text_of(web("zorg1").get(f"/dossiers/{walk.id}").text)
    clb1 = web("clb1")
    assert "Type afwezigheid wijzigen" in text_of(clb1.get(f"/dossiers/{walk.id}").text)
    changed = clb1.post(
        f"/dossiers/{walk.id}/type-afwezigheid",
        {"absence_type": "schoolweigering", "reason": "Angst, wil wel maar kan niet."},
    )
    assert changed.status_code == 302
    case = login("clb1").get(f"/api/cases/{walk.id}").get_json()
    assert case["absence_type"] == "schoolweigering"
    events = login("clb1").get(f"/api/cases/{walk.id}/events?per_page=100").get_json()["items"]
    assert any(
        e["kind"] == "absence_type_changed" and e["reason"] == "Angst, wil wel maar kan niet." for e in events
    )
    unknown = clb1.post(f"/dossiers/{walk.id}/type-afwezigheid", {"absence_type": "vakantie"})
    assert unknown.status_code == 302
    assert "Kies een type afwezigheid" in _flashes(clb1.get(unknown.headers["Location"]))


def test_the_school_starts_the_police_track_from_the_case_page(web, login):
    walk = CaseWalk(login)
    walk.plan()
    assert "Politiespoor starten" not in text_of(web("secr1").get(f"/dossiers/{walk.id}").text)
    zorg1 = web("zorg1")
    assert "Politiespoor starten" in text_of(zorg1.get(f"/dossiers/{walk.id}").text)
    unreasoned = zorg1.post(f"/dossiers/{walk.id}/politiespoor", {"could_not_wait": "true"})
    assert "waarom kon de school het advies van het CLB niet afwachten" in _flashes(
        zorg1.get(unreasoned.headers["Location"])
    )
    started = zorg1.post(
        f"/dossiers/{walk.id}/politiespoor", {"reason": "Gezin onbereikbaar na drie pogingen."}
    )
    assert started.status_code == 302
    # The CLB advises first; the school's report waits for it.
    assert "task_police_clb_advice" in walk.open_ids("clb1")
    assert "task_police_report" not in walk.open_ids("zorg1")
    again = zorg1.post(f"/dossiers/{walk.id}/politiespoor", {"reason": "Nog eens"})
    assert again.status_code == 302
    assert "Er loopt al een politiespoor voor dit dossier." in _flashes(zorg1.get(again.headers["Location"]))


def test_an_acute_police_report_need_not_wait_for_the_clb(web, login):
    walk = CaseWalk(login)
    walk.plan()
    started = web("zorg1").post(
        f"/dossiers/{walk.id}/politiespoor",
        {"could_not_wait": "true", "could_not_wait_reason": "Leerling vermist sinds gisteren."},
    )
    assert started.status_code == 302
    assert "task_police_report" in walk.open_ids("zorg1")
