"""Drempels en overleg: a school's staff and CLB read the thresholds and the meeting cadence, the
directie changes them; the warning signs follow at once. Scoped, audited, with CSRF."""

import re
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, SchoolAbsenceSettings, User
from app.services.absences.settings import THRESHOLDS
from app.vocabulary import AuditAction
from tests.integration.absences_support import csv_rows, pupil_id, upload
from tests.integration.test_absence_reads import half_days, rows_for
from tests.web import text_of

FIELD = r'<input type="number" id="d-{key}" name="{key}"[^>]*>'


def page_of(school: int) -> str:
    return f"/scholen/{school}/drempels"


def form_for(**changes) -> dict:
    """What the browser sends: every threshold (empty unless given) and the cadence."""
    return {
        **{t.key: "" for t in THRESHOLDS},
        "police_protocol": "",
        "late_becomes_b": "none",
        "late_becomes_b_minutes": "",
        "meeting_cadence": "monthly",
        **{key: str(value) for key, value in changes.items()},
    }


def stored(app, school: int) -> tuple[dict, str] | None:
    with app.app_context():
        row = db.session.get(SchoolAbsenceSettings, school)
        return (dict(row.thresholds), row.meeting_cadence) if row else None


def audit_rows(app, username: str, action: AuditAction) -> list[str | None]:
    with app.app_context():
        user = db.session.scalar(select(User.id).where(User.username == username))
        return list(
            db.session.scalars(
                select(AuditEntry.detail)
                .where(AuditEntry.user_id == user, AuditEntry.action == action)
                .order_by(AuditEntry.id)
            )
        )


def field(html: str, key: str) -> str:
    found = re.search(FIELD.format(key=key), html)
    assert found, f"no input for {key}"
    return found.group(0)


def test_staff_and_the_clb_read_the_thresholds_without_a_form(app, web, school1):
    for user in ("zorg1", "clb1", "leraar1"):
        response = web(user).get(page_of(school1))
        assert response.status_code == 200, user
        words = text_of(response.text)
        assert "U kunt deze drempels lezen. De directie van de school past ze aan." in words
        assert "<form" not in response.text.split('id="drempels"')[1] and "Opslaan" not in words
        # Every threshold with its title, the default and the school's value.
        for t in THRESHOLDS:
            assert t.title in response.text, t.key
        assert (
            "Halve dagen met B-code in een schooljaar: signaal aan het CLB (wettelijk, hoogstens 5) "
            "Wettelijk: hoogstens 5; lager mag. 5 5"
        ) in words
        assert "Halve dagen met B-code volgens het lokale politieprotocol (als er een is) uit uit" in words
        assert "Lokaal politieprotocol geen" in words and "Te laat wordt een B-code nooit" in words
        assert "signaal aan het CLB uiterlijk vanaf 5 halve dagen met B-code" in words
        assert "30 in Gent" not in words and "Oostende" not in words
        assert "Ritme van het overleg Maandelijks" in words
        assert "Volgend overleg voorzien na het eerste overleg" in words
    assert audit_rows(app, "clb1", AuditAction.ABSENCE_SETTINGS_READ) == [None]


def test_the_director_sees_a_form_with_bound_labels(app, web, school1):
    html = web("dir1").get(page_of(school1)).text
    assert "U kunt deze drempels lezen" not in html and ">Opslaan</button>" in html
    for t in THRESHOLDS:
        if t.key == "police_protocol_b":  # offered once the school names its protocol
            assert f'id="d-{t.key}"' not in html
            continue
        assert f'<label for="d-{t.key}">{t.title}</label>' in html
        placeholder = "uit" if t.default is None else str(t.default)
        assert f'value="" placeholder="{placeholder}"' in field(html, t.key)
    assert "Geef eerst de naam van het lokale politieprotocol (hieronder)." in html
    assert '<input type="text" id="d-police_protocol" name="police_protocol"' in html
    assert re.search(r'id="d-late_becomes_b-none" name="late_becomes_b" value="none" checked', html)
    assert re.search(r'id="d-meeting_cadence-monthly" name="meeting_cadence" value="monthly" checked', html)
    assert 'for="d-meeting_cadence-biweekly">Tweewekelijks</label>' in html


def test_the_director_saves_values_and_cadence_and_the_signs_follow(app, web, login, school1):
    lina = pupil_id(app, "L-1003")
    three_b = csv_rows(*rows_for("L-1003", "B", half_days(date(2026, 11, 16), 3)))
    assert upload(login("secr1"), school1, three_b).status_code == 200
    zorg1 = web("zorg1")
    assert "signaaldrempel B" not in zorg1.get(f"/leerlingen/{lina}").text
    signals = login("zorg1").get(f"/api/pupils/{lina}/signals").get_json()["signals"]
    assert "b_signal" not in {s["rule"] for s in signals}

    director = web("dir1")
    saved = director.post(
        page_of(school1),
        form_for(
            signal_b=3,
            police_protocol="Politieprotocol spijbelen PZ Kust",
            police_protocol_b=11,
            meeting_cadence="biweekly",
        ),
    )
    assert saved.status_code == 302 and saved.headers["Location"] == page_of(school1)
    after = director.get(saved.headers["Location"]).text
    assert "De drempels en het ritme van het overleg zijn opgeslagen." in text_of(after)
    assert 'value="3"' in field(after, "signal_b") and 'value="11"' in field(after, "police_protocol_b")
    assert 'value=""' in field(after, "medical_certificates")  # untouched: still the default
    assert 'value="Politieprotocol spijbelen PZ Kust"' in after
    assert re.search(r'value="biweekly" checked', after)
    assert stored(app, school1) == ({"signal_b": 3, "police_protocol_b": 11}, "biweekly")

    # The pupil page and the API now show the B signal at 3, and the CLB reads the new values.
    pupil_page = text_of(zorg1.get(f"/leerlingen/{lina}").text)
    assert "Regel: signaaldrempel B (drempel 3)" in pupil_page
    signal = {s["rule"]: s for s in login("zorg1").get(f"/api/pupils/{lina}/signals").get_json()["signals"]}
    assert signal["b_signal"]["threshold"] == 3
    clb = text_of(web("clb1").get(page_of(school1)).text)
    assert (
        "signaal aan het CLB (wettelijk, hoogstens 5) Wettelijk: hoogstens 5; lager mag. 5 3 eigen keuze"
        in clb
    )
    assert "Ritme van het overleg Tweewekelijks" in clb and "Eigen waarden 2 van 14" in clb
    assert "Lokaal politieprotocol Politieprotocol spijbelen PZ Kust" in clb
    assert audit_rows(app, "dir1", AuditAction.ABSENCE_SETTINGS_UPDATED) == [
        "police_protocol_b,signal_b,meeting_cadence,police_protocol"
    ]


def test_an_empty_field_goes_back_to_the_default(app, web, school1):
    director = web("dir1")
    director.post(page_of(school1), form_for(signal_b=3, medical_certificates=15))
    assert stored(app, school1)[0] == {"signal_b": 3, "medical_certificates": 15}
    reset = director.post(page_of(school1), form_for(medical_certificates=15))  # signal_b left empty
    assert reset.status_code == 302
    assert stored(app, school1)[0] == {"medical_certificates": 15}
    # The default typed in is no choice of the school's either.
    director.post(page_of(school1), form_for(medical_certificates=20))
    assert stored(app, school1)[0] == {}
    html = director.get(page_of(school1)).text
    assert 'value="" placeholder="5"' in field(html, "signal_b")
    assert audit_rows(app, "dir1", AuditAction.ABSENCE_SETTINGS_UPDATED) == [
        "medical_certificates,signal_b",
        "signal_b",
        "medical_certificates",
    ]


SIGNAL_CEILING = (
    "Hoogstens 5: vanaf 5 halve dagen met B-code signaleert de school wettelijk aan het CLB; lager mag "
    "(vroeger signaleren)."
)


def test_invalid_values_are_field_errors_and_nothing_is_saved(app, web, school1):
    director = web("dir1")
    director.post(page_of(school1), form_for(signal_b=4))
    cases = [
        (form_for(early_b=-2), "early_b", "Moet minstens 1 en hoogstens 400 zijn."),
        (form_for(signal_b=-2), "signal_b", "Moet minstens 1 zijn."),
        (form_for(signal_b=7), "signal_b", SIGNAL_CEILING),
        (form_for(speed_school_weeks=41), "speed_school_weeks", "Moet minstens 1 en hoogstens 40 zijn."),
        (form_for(medical_certificates="twintig"), "medical_certificates", "Verwacht een geheel getal."),
        (
            form_for(allowance_warning_b=30),
            "allowance_warning_b",
            "Hoogstens 29: vanaf 30 halve dagen met B-code in twee opeenvolgende schooljaren gaat de "
            "schooltoeslag wettelijk verloren; de waarschuwing komt ervoor.",
        ),
        (form_for(meeting_cadence="weekly"), "meeting_cadence", "Kies tweewekelijks of maandelijks."),
    ]
    for posted, key, message in cases:
        response = director.post(page_of(school1), posted)
        assert response.status_code == 422, key
        html = response.text
        words = text_of(html)
        assert "De drempels zijn niet opgeslagen." in words and message in words, key
        if key == "meeting_cadence":
            assert 'id="d-meeting_cadence-error"' in html
            continue
        # Next to the field (described by it), in the summary with a link to it, typed value kept.
        assert f'id="d-{key}-error">{message}</p>' in html
        assert 'aria-invalid="true"' in field(html, key) and f"d-{key}-error" in field(html, key)
        assert f'<li><a href="#d-{key}">' in html
        assert f'value="{posted[key]}"' in field(html, key)
        if key != "signal_b":
            assert 'value=""' in field(html, "signal_b")  # as typed: empty, not the stored 4
    assert stored(app, school1) == ({"signal_b": 4}, "monthly")
    assert audit_rows(app, "dir1", AuditAction.ABSENCE_SETTINGS_UPDATED) == ["signal_b"]


def test_the_legal_floor_is_refused_at_7_and_accepted_at_3(app, web, school1):
    director = web("dir1")
    refused = director.post(page_of(school1), form_for(signal_b=7))
    assert refused.status_code == 422 and SIGNAL_CEILING in text_of(refused.text)
    assert stored(app, school1) is None
    accepted = director.post(page_of(school1), form_for(signal_b=3))
    assert accepted.status_code == 302 and stored(app, school1) == ({"signal_b": 3}, "monthly")


def test_the_police_protocol_by_name_and_its_sign(app, web, login, school1):
    director = web("dir1")
    # A threshold without a protocol is refused at the field; naming the protocol offers it.
    refused = director.post(page_of(school1), form_for(police_protocol_b=6))
    assert refused.status_code == 422
    assert "Enkel onder een lokaal politieprotocol" in text_of(refused.text)
    named = director.post(page_of(school1), form_for(police_protocol="Spijbelprotocol PZ Kust"))
    assert named.status_code == 302
    html = director.get(page_of(school1)).text
    assert '<label for="d-police_protocol_b">' in html and 'placeholder="uit"' in field(
        html, "police_protocol_b"
    )
    saved = director.post(
        page_of(school1), form_for(police_protocol="Spijbelprotocol PZ Kust", police_protocol_b=6)
    )
    assert saved.status_code == 302
    lina = pupil_id(app, "L-1003")
    upload(login("secr1"), school1, csv_rows(*rows_for("L-1003", "B", half_days(date(2026, 11, 9), 6))))
    words = text_of(web("zorg1").get(f"/leerlingen/{lina}").text)
    assert "drempel (6) van het lokale politieprotocol “Spijbelprotocol PZ Kust” bereikt." in words
    assert "politieprotocol “Spijbelprotocol PZ Kust” vanaf 6 halve dagen met B-code" in text_of(
        web("zorg1").get(f"/scholen/{school1}/afwezigheden").text
    )
    signs = {s["rule"]: s for s in login("zorg1").get(f"/api/pupils/{lina}/signals").get_json()["signals"]}
    assert signs["police_protocol"]["figures"] == {"b": 6, "protocol": "Spijbelprotocol PZ Kust"}
    # Naming none takes its threshold away.
    director.post(page_of(school1), form_for())
    assert stored(app, school1) == ({}, "monthly")
    assert "police_protocol" not in {
        s["rule"] for s in login("zorg1").get(f"/api/pupils/{lina}/signals").get_json()["signals"]
    }


def test_when_a_late_arrival_becomes_b(app, web, school1):
    director = web("dir1")
    missing = director.post(page_of(school1), form_for(late_becomes_b="minutes"))
    assert missing.status_code == 422 and "Geef na hoeveel minuten te laat een B-code wordt" in text_of(
        missing.text
    )
    assert (
        director.post(
            page_of(school1), form_for(late_becomes_b="minutes", late_becomes_b_minutes=15)
        ).status_code
        == 302
    )
    words = text_of(director.get(page_of(school1)).text)
    assert "Te laat wordt een B-code na 15 minuten" in words
    director.post(page_of(school1), form_for(late_becomes_b="lesson_hour", late_becomes_b_minutes=15))
    words = text_of(director.get(page_of(school1)).text)
    assert "Te laat wordt een B-code na één lesuur (50 minuten)" in words
    with app.app_context():
        row = db.session.get(SchoolAbsenceSettings, school1)
        assert (row.late_becomes_b, row.late_becomes_b_minutes) == ("lesson_hour", None)


def test_others_may_not_change_and_other_schools_are_not_found(app, web, demo, school1):
    before = stored(app, school1)
    for user in ("zorg1", "clb1", "secr1"):
        for posted in (form_for(signal_b=3), form_for(signal_b=-1)):
            response = web(user).post(page_of(school1), posted)
            assert response.status_code == 403, user
            assert "Enkel de directie van de school wijzigt de drempels" in text_of(response.text)
    other = demo["school_ids"][1]
    for user in ("zorg1", "dir1"):
        assert web(user).get(page_of(other)).status_code == 404
        missing = web(user).post(page_of(other), form_for(signal_b=3))
        assert missing.status_code == 404 and "Pagina niet gevonden" in missing.text
    assert web("dir1").get(page_of(999999)).status_code == 404
    assert web("admin").get(page_of(school1)).status_code == 404
    no_token = web("dir1").post(page_of(school1), form_for(signal_b=3), csrf=False)
    assert no_token.status_code == 400
    assert stored(app, school1) == before
    assert audit_rows(app, "dir1", AuditAction.ABSENCE_SETTINGS_UPDATED) == []


def test_the_absence_overview_and_meetings_say_which_thresholds_apply(app, web, school1):
    web("dir1").post(page_of(school1), form_for(signal_b=4, meeting_cadence="biweekly"))
    for path in (f"/scholen/{school1}/afwezigheden", f"/scholen/{school1}/overleg"):
        html = web("clb1").get(path).text
        assert f'href="{page_of(school1)}"' in html, path
        assert "signaal aan het CLB vanaf 4 halve dagen met B-code" in text_of(html), path
    assert "tweewekelijks" in text_of(web("zorg1").get(f"/scholen/{school1}/overleg").text)


def test_the_next_meeting_follows_the_cadence(app, web, login, school1):
    held = login("dir1").post(f"/api/schools/{school1}/meetings", json={"held_on": "2026-11-10"})
    assert held.status_code == 201
    words = text_of(web("zorg1").get(page_of(school1)).text)
    assert "Laatste overleg 10 november 2026" in words
    assert "Volgend overleg voorzien rond 10 december 2026" in words
    web("dir1").post(page_of(school1), form_for(meeting_cadence="biweekly"))
    words = text_of(web("zorg1").get(page_of(school1)).text)
    assert "Ritme van het overleg Tweewekelijks" in words
    assert "Volgend overleg voorzien rond 24 november 2026" in words
    assert audit_rows(app, "dir1", AuditAction.ABSENCE_SETTINGS_UPDATED) == ["meeting_cadence"]
