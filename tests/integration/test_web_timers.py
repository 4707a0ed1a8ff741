"""The web screens of the timers: notifications in the header and on their page, the school
calendar and deadlines, incidents for admins, overdue tasks first, timer events in the timeline."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, User, WorkflowInstance
from app.tasks.sweep import run_due_timers
from app.vocabulary import AuditAction
from tests.timer_fixture import ESCALATION_AT, REMINDER_AT, T0, open_case, use_timer_fixture
from tests.web import text_of


@pytest.fixture
def app(app, tmp_path):
    use_timer_fixture(app, tmp_path)
    app.config["TOKEN_TTL_HOURS"] = 24 * 365  # the clock moves by weeks here
    return app


VISIBLE_FIELD_ID = r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"'


def sweep(app, at):
    with app.app_context():
        return run_due_timers(at)


def badge(html: str) -> str | None:
    """The header's unread count as seen and as a screen reader hears it, or None without one."""
    link = re.search(r'<a class="notifications-link[^"]*" href="/meldingen"([^>]*)>(.*?)</a>', html, re.S)
    assert link, "every signed-in page has the Meldingen link"
    heard = re.search(r'aria-label="Meldingen, (\d+) ongelezen"', link.group(1))
    seen = re.search(r'<span class="count-badge">([^<]+)</span>', link.group(2))
    assert bool(heard) == bool(seen)
    return f"{seen.group(1)}|{heard.group(1)}" if heard else None


# --- notifications ----------------------------------------------------------------------------


def test_the_header_counts_unread_notifications_on_every_page(app, web, login):
    zorg1 = web("zorg1")
    assert badge(zorg1.get("/taken").text) is None
    case = open_case(login)
    sweep(app, REMINDER_AT)
    for path in (
        "/taken",
        "/leerlingen",
        f"/dossiers/{case['id']}",
        "/schoolkalender/1",
        "/meldingen",
        "/dossiers/999999",
    ):
        assert badge(zorg1.get(path).text) == "1|1", path
    assert badge(web("secr1").get("/taken").text) is None  # not one who may do the task
    assert badge(web("admin").get("/taken").text) is None  # an admin has the link too


def test_the_notification_list_newest_first_with_links_and_reading(app, web, login):
    case = open_case(login)
    task_id = case["open_tasks"][0]["id"]
    sweep(app, REMINDER_AT)
    sweep(app, ESCALATION_AT)
    director = web("dir1")
    html = director.get("/meldingen").text
    page = text_of(html)
    assert badge(html) == "2|2"
    # Newest first: the escalation, then the reminder; both unread, both link to a task and the
    # case: the reminder to the task, the escalation to the escalation task it opened (issue 20).
    assert page.index("Escalatie: Opvolgen") < page.index("Herinnering: Opvolgen")
    assert html.count('class="notification notification--unread"') == 2 and page.count("Ongelezen") == 3
    tasks = login("dir1").get(f"/api/tasks?case_id={case['id']}&scope=all").get_json()["items"]
    (escalated,) = [t for t in tasks if t["bpmn_id"] == "task_follow_up_escalated"]
    assert html.count(f'href="/taken/{task_id}"') == 1
    assert html.count(f'href="/taken/{escalated["id"]}"') == 1
    assert html.count(f'href="/dossiers/{case["id"]}"') == 2
    # The notification names the case number; the page adds the pupil's name, and audits that read.
    name = f"{case['pupil']['first_name']} {case['pupil']['last_name']}"
    assert f"Escalatie: Opvolgen · {name}" in page and f"Naar het dossier van {name}" in page
    assert "2 ongelezen meldingen." in page
    with app.app_context():
        dir1 = db.session.scalar(select(User.id).where(User.username == "dir1"))
        details = db.session.scalars(
            select(AuditEntry.detail).where(
                AuditEntry.user_id == dir1, AuditEntry.action == AuditAction.PUPILS_LISTED
            )
        ).all()
        assert details == ["notifications page=1 n=1"]
    ids = [int(i) for i in re.findall(r'action="/meldingen/(\d+)/gelezen"', html)]
    assert len(ids) == 2

    # Someone else's notification is the same 404 as a missing one, and changes nothing.
    assert web("zorg1").post(f"/meldingen/{ids[0]}/gelezen").status_code == 404
    assert web("zorg1").post("/meldingen/999999/gelezen").status_code == 404
    assert director.post(f"/meldingen/{ids[0]}/gelezen", csrf=False).status_code == 400
    assert badge(director.get("/meldingen").text) == "2|2"

    read = director.post(f"/meldingen/{ids[0]}/gelezen", {"next": "/meldingen?tab=ongelezen"})
    assert read.status_code == 302 and read.headers["Location"] == "/meldingen?tab=ongelezen"
    html = director.get("/meldingen?tab=ongelezen").text
    assert badge(html) == "1|1" and "Gelezen: Escalatie: Opvolgen." in text_of(html)
    assert "Escalatie: Opvolgen" not in text_of(html).replace("Gelezen: Escalatie: Opvolgen.", "")
    all_page = text_of(director.get("/meldingen").text)
    assert "Gelezen di 24 nov 2026" in all_page  # when it was read (the test clock)

    done = director.post("/meldingen/alles-gelezen", {"next": "//elders.example/meldingen"})
    assert done.status_code == 302 and done.headers["Location"] == "/meldingen"  # only this site
    html = director.get("/meldingen?tab=ongelezen").text
    assert badge(html) is None and "Alle meldingen zijn gelezen." in text_of(html)
    assert "Geen ongelezen meldingen." in text_of(html) and "Alles gelezen" not in html
    # Another user's notifications are untouched.
    assert badge(web("zorg1").get("/meldingen").text) == "1|1"
    nothing = director.post("/meldingen/alles-gelezen")
    assert "U had geen ongelezen meldingen." in text_of(director.get(nothing.headers["Location"]).text)
    assert "Nog geen meldingen" in text_of(web("secr1").get("/meldingen").text)
    assert web("dir1").get("/meldingen?tab=onbekend&page=0").status_code == 200  # falls back to all


# --- overdue first in Mijn taken -----------------------------------------------------------------


def test_overdue_tasks_come_first_and_say_te_laat(app, web, login, clock):
    later = open_case(login, pupil=1)  # Tuesday 24 Nov: due Tuesday 1 Dec
    later_task = later["open_tasks"][0]["id"]
    clock.at = T0 - timedelta(days=1)  # Monday 23 Nov: due Monday 30 Nov
    early = open_case(login, pupil=2)
    early_task = early["open_tasks"][0]["id"]
    assert login("zorg1").post(f"/api/tasks/{later_task}/claim").status_code == 200
    assert login("zorg1").post(f"/api/tasks/{early_task}/claim").status_code == 200
    clock.at = REMINDER_AT - timedelta(minutes=1)  # Tuesday 1 Dec: Monday's task is late
    zorg1 = web("zorg1")
    for tab in ("mine", "group"):
        html = zorg1.get(f"/taken?tab={tab}").text
        rows = re.findall(r'<tr id="taak-(\d+)"( class="task-row--late")?>', html)
        assert [(int(i), bool(late)) for i, late in rows] == [(early_task, True), (later_task, False)], tab
        page = text_of(html)
        assert "1 taak is te laat en staat bovenaan." in page
        assert "te laat (sinds ma 30 nov 2026)" in page and "vandaag" in page
    overdue = zorg1.get("/taken?tab=overdue").text
    assert re.findall(r'<tr id="taak-(\d+)"', overdue) == [str(early_task)]
    assert "staat bovenaan" not in overdue  # the tab itself needs no summary
    clock.at = T0 - timedelta(days=2)
    assert "te laat" not in text_of(web("zorg1").get("/taken?tab=group").text)


# --- the school calendar -----------------------------------------------------------------------


def test_who_sees_which_calendar(web):
    assert web("dir1").get("/schoolkalender").headers["Location"] == "/schoolkalender/1"
    assert web("zorg1").get("/schoolkalender").headers["Location"] == "/schoolkalender/1"
    clb = text_of(web("clb1").get("/schoolkalender").text)
    assert "Sint-Jozefscollege (demo)" in clb and "Atheneum De Linde (demo)" in clb
    admin = web("admin").get("/schoolkalender").text
    assert 'href="/schoolkalender/1"' in admin and 'href="/schoolkalender/2"' in admin
    assert web("zorg2").get("/schoolkalender/1").status_code == 404  # another school
    assert web("zorg2").get("/schoolkalender/999").status_code == 404
    reader = text_of(web("clb1").get("/schoolkalender/2").text)
    assert "U kunt deze kalender lezen." in reader and "Vrije dag toevoegen" not in reader
    assert "Herinnering" in reader and "Standaard: 5 schooldagen." in reader
    for user in ("zorg1", "secr1", "clb1"):
        refused = web(user).post("/schoolkalender/1/vrije-dagen", {"date": "2026-12-02", "reason": "x"})
        assert refused.status_code == 403, user
        assert "Enkel de directie van de school" in text_of(refused.text)
        assert web(user).post("/schoolkalender/1/termijnen/reminder", {"school_days": "3"}).status_code == 403
    assert (
        web("dir1").post("/schoolkalender/2/vrije-dagen", {"date": "2026-12-02", "reason": "x"}).status_code
        == 404
    )


def test_a_day_off_is_added_says_what_moved_and_is_removed(app, web, login):
    case = open_case(login)
    task_id = case["open_tasks"][0]["id"]
    director = web("dir1")
    page = text_of(director.get("/schoolkalender/1").text)
    assert "Nog geen eigen vrije dagen." in page and "Vrije dag toevoegen" in page

    added = director.post("/schoolkalender/1/vrije-dagen", {"date": "27-11-2026", "reason": "Studiedag"})
    assert added.status_code == 302 and added.headers["Location"] == "/schoolkalender/1#vrije-dagen"
    page = text_of(director.get("/schoolkalender/1").text)
    assert "vr 27 nov 2026 is een vrije dag (Studiedag). 1 taak kreeg een nieuwe termijn." in page
    assert "vr 27 nov 2026 Studiedag" in page
    moved = login("zorg1").get(f"/api/tasks/{task_id}").get_json()["due_at"]
    assert moved == "2026-12-02T15:00:00+00:00"
    # The case's timeline tells the school in words.
    timeline = text_of(web("zorg1").get(f"/dossiers/{case['id']}").text)
    assert "Termijn verschoven: Opvolgen: van di 1 dec 2026 naar wo 2 dec 2026" in timeline

    second = director.post("/schoolkalender/1/vrije-dagen", {"date": "2027-02-01", "reason": "Facultatief"})
    after = text_of(director.get(second.headers["Location"]).text)
    assert "Geen open taak kreeg een nieuwe termijn." in after

    removed = director.post("/schoolkalender/1/vrije-dagen/verwijderen", {"date": "2026-11-27"})
    assert removed.status_code == 302
    page = text_of(director.get("/schoolkalender/1").text)
    assert "vr 27 nov 2026 is weer een schooldag. 1 taak kreeg een nieuwe termijn." in page
    assert "Studiedag" not in page and "Facultatief" in page
    assert login("zorg1").get(f"/api/tasks/{task_id}").get_json()["due_at"] == REMINDER_AT.isoformat()
    again = director.post("/schoolkalender/1/vrije-dagen/verwijderen", {"date": "2026-11-27"})
    assert again.status_code == 404
    assert "Die dag staat niet als vrije dag in de kalender." in text_of(again.text)
    assert director.post("/schoolkalender/1/vrije-dagen/verwijderen", {"date": "gisteren"}).status_code == 422
    assert (
        web("admin")
        .post("/schoolkalender/2/vrije-dagen", {"date": "2026-12-03", "reason": "Studiedag"})
        .status_code
        == 302
    )


def test_refused_days_off_show_the_error_at_the_field_and_keep_what_was_typed(web, login):
    director = web("dir1")
    weekend = director.post("/schoolkalender/1/vrije-dagen", {"date": "2026-11-28", "reason": "Zaterdag?"})
    assert weekend.status_code == 422
    assert re.search(
        r'<p class="error-message" id="dag-date-error">Valt in het weekend, op een feestdag of '
        r'in een schoolvakantie.</p>\s*<input type="date" id="dag-date" name="date" '
        r'class="input--date" value="2026-11-28" aria-invalid="true"',
        weekend.text,
    )
    assert 'value="Zaterdag?"' in weekend.text and "Die dag is al geen schooldag." in weekend.text
    holiday = director.post("/schoolkalender/1/vrije-dagen", {"date": "2026-12-24", "reason": "Kerst"})
    assert holiday.status_code == 422
    empty = director.post("/schoolkalender/1/vrije-dagen", {"date": "", "reason": ""})
    assert empty.status_code == 422
    assert 'id="dag-date-error">Dit veld is verplicht.' in empty.text
    assert 'id="dag-reason-error">Dit veld is verplicht.' in empty.text
    assert 'href="#dag-reason"' in empty.text  # the summary links to the field
    unreadable = director.post("/schoolkalender/1/vrije-dagen", {"date": "2 december", "reason": "x"})
    assert unreadable.status_code == 422 and "Geef een datum, bv. 02-12-2026." in unreadable.text
    control = director.post("/schoolkalender/1/vrije-dagen", {"date": "2026-12-02", "reason": "a\x07b"})
    assert control.status_code == 422 and 'id="dag-reason-error"' in control.text
    first = director.post("/schoolkalender/1/vrije-dagen", {"date": "2026-12-02", "reason": "x"})
    assert first.status_code == 302
    twice = director.post("/schoolkalender/1/vrije-dagen", {"date": "2026-12-02", "reason": "y"})
    assert twice.status_code == 409 and 'id="dag-date-error">Bestaat al.' in twice.text
    listed = login("dir1").get("/api/schools/1/days-off").get_json()
    # Nothing else was written.
    assert [(d["date"], d["reason"]) for d in listed["items"]] == [("2026-12-02", "x")]


def test_the_directie_sets_a_deadline_and_errors_stay_at_its_field(web, login):
    director = web("dir1")
    changed = director.post("/schoolkalender/1/termijnen/reminder", {"school_days": "3"})
    assert changed.status_code == 302 and changed.headers["Location"] == "/schoolkalender/1#termijnen"
    html = director.get("/schoolkalender/1").text
    assert "Herinnering: voortaan 3 schooldagen." in text_of(html)
    assert re.search(r'id="termijn-reminder" name="school_days"[^>]*\s+value="3"', html)
    assert (
        "Afspraak van de school: 3 schooldagen (standaard 5), vastgelegd door Carla Directeur op "
        "di 24 nov 2026 09:00." in text_of(html)
    )
    assert login("zorg1").get("/api/schools/1/deadlines").get_json()["items"][0]["school_days"] == 3

    for typed, message in (
        ("0", "Tussen 1 en 200 schooldagen."),
        ("veel", "Verwacht een geheel getal."),
        ("", "Dit veld is verplicht."),
    ):
        refused = director.post("/schoolkalender/1/termijnen/escalation", {"school_days": typed})
        assert refused.status_code == 422, typed
        assert f'<p class="error-message" id="termijn-escalation-error">{message}</p>' in refused.text
        assert re.search(rf'id="termijn-escalation" name="school_days"[^>]*\s+value="{typed}"', refused.text)
        assert "Escalatie is niet gewijzigd." in refused.text
    listed = login("dir1").get("/api/schools/1/deadlines").get_json()["items"]
    values = {d["name"]: d["school_days"] for d in listed}
    assert values["escalation"] == 10
    assert director.post("/schoolkalender/1/termijnen/bestaat_niet", {"school_days": "3"}).status_code == 404
    admin = web("admin").post("/schoolkalender/2/termijnen/action_plan_evaluation", {"school_days": "25"})
    assert admin.status_code == 302
    # The CLB's deadlines are not the school's to set, whatever was typed: 403 says who sets them.
    for typed in ("25", "veel"):
        refused = director.post("/schoolkalender/1/termijnen/relapse_check", {"school_days": typed})
        assert refused.status_code == 403 and "de CLB-directeur legt hem vast" in text_of(refused.text)


# --- incidents -----------------------------------------------------------------------------


def test_incidents_are_for_admins_show_case_ids_and_are_retried(app, web, login):
    broken = open_case(login)
    with app.app_context():
        row = db.session.scalar(select(WorkflowInstance).where(WorkflowInstance.case_id == broken["id"]))
        row.state = '{"not": "a workflow"}'
        db.session.commit()
        instance_id = row.id
        app.config.update(TIMER_MAX_ATTEMPTS=1)
    assert sweep(app, REMINDER_AT).incidents == 1
    for user in ("zorg1", "dir1", "clbdir1"):
        refused = web(user).get("/incidenten")
        assert refused.status_code == 403
        assert "Enkel een beheerder behandelt incidenten." in text_of(refused.text)
        assert 'href="/incidenten"' not in web(user).get("/taken").text
    admin = web("admin")
    html = admin.get("/incidenten").text
    assert 'href="/incidenten" aria-current="page"' in html
    row = re.search(r'<tr id="incident-(\d+)">(.*?)</tr>', html, re.S)
    cells = [text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(2), re.S)]
    assert cells[:2] == [str(broken["id"]), str(instance_id)]
    assert cells[2] and cells[3] == "1" and cells[4] == "di 1 dec 2026 16:00"
    pupil = broken["pupil"]
    assert pupil["first_name"] not in html and pupil["last_name"] not in html  # no pupil data
    incident_id = int(row.group(1))
    assert admin.post(f"/incidenten/{incident_id}/opnieuw", csrf=False).status_code == 400
    assert web("zorg1").post(f"/incidenten/{incident_id}/opnieuw").status_code == 403

    retried = admin.post(f"/incidenten/{incident_id}/opnieuw")
    assert retried.status_code == 302
    page = text_of(admin.get("/incidenten").text)
    assert f"Incident {incident_id} is afgehandeld: de planner probeert dossier {broken['id']}" in page
    assert "Geen open incidenten" in page
    resolved = text_of(admin.get("/incidenten?tab=afgehandeld").text)
    assert f"{broken['id']} {instance_id}" in resolved and "Opnieuw proberen" not in resolved
    twice = admin.post(
        f"/incidenten/{incident_id}/opnieuw", headers={"Referer": "http://localhost/incidenten"}
    )
    assert twice.status_code == 302 and twice.headers["Location"] == "/incidenten"
    assert "Dit incident is al afgehandeld." in text_of(admin.get("/incidenten").text)
    assert admin.post("/incidenten/999999/opnieuw").status_code == 404
    with app.app_context():
        row = db.session.get(WorkflowInstance, instance_id)
        assert row.next_timer_due_at is not None and row.timer_failures == 0  # the sweep tries it again


# --- the timeline ------------------------------------------------------------------------------


def test_reminders_escalations_and_waits_read_as_plain_dutch_in_the_timeline(app, web, login):
    case, claimed = open_case(login), open_case(login, pupil=1)
    assert login("zorg1").post(f"/api/tasks/{claimed['open_tasks'][0]['id']}/claim").status_code == 200
    sweep(app, ESCALATION_AT)
    page = text_of(web("zorg1").get(f"/dossiers/{case['id']}").text)
    reminded = "Herinnering verstuurd: “Opvolgen” is over haar termijn;"
    # The school's team for the task: zorg1, dir1 and the leerlingbegeleider llb1.
    assert f"{reminded} het team (3 personen) kreeg een herinnering" in page
    assert f"{reminded} wie de taak opnam kreeg een herinnering" in text_of(
        web("zorg1").get(f"/dossiers/{claimed['id']}").text
    )
    assert "Geëscaleerd: “Opvolgen” bleef liggen en ging naar de directie (1 verwittigd)" in page
    assert "Reden: 1 verwittigd" not in page
    task_id = case["open_tasks"][0]["id"]
    done = login("zorg1").post(
        f"/api/tasks/{task_id}/complete", json={"data": {"monitoring_until": "2026-12-15"}}
    )
    assert done.status_code == 200, done.get_json()
    sweep(app, ESCALATION_AT + timedelta(days=14))
    page = text_of(web("zorg1").get(f"/dossiers/{case['id']}").text)
    assert "Wachttijd voorbij: Tot het einde van de opvolging" in page
    # The CLB's review is overdue by now: its reminder and escalation are the CLB's alone.
    sweep(app, ESCALATION_AT + timedelta(days=60))
    school, clb = (text_of(web(u).get(f"/dossiers/{case['id']}").text) for u in ("zorg1", "clb1"))
    assert "ging naar de CLB-directeur" in clb and "Opvolging evalueren (CLB)" in clb
    assert "CLB-directeur" not in school and school.count("Herinnering verstuurd") == 1


def test_the_new_pages_are_private_and_have_no_inline_script_or_style(app, web, login):
    open_case(login)
    sweep(app, REMINDER_AT)
    for user, paths in (
        ("dir1", ("/meldingen", "/meldingen?tab=ongelezen", "/schoolkalender/1")),
        ("clb1", ("/schoolkalender", "/schoolkalender/1")),
        ("admin", ("/incidenten", "/incidenten?tab=afgehandeld", "/schoolkalender/2")),
    ):
        for path in paths:
            response = web(user).get(path)
            assert response.status_code == 200, (user, path)
            assert response.headers["Cache-Control"] == "no-store", path
            assert "script-src 'self'" in response.headers["Content-Security-Policy"], path
            html = response.text
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
            assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), path
            # Every form posts the CSRF token; every input has its label.
            for form in re.findall(r'<form method="post".*?</form>', html, re.S):
                assert 'name="csrf_token"' in form, path
            for field_id in re.findall(VISIBLE_FIELD_ID, html):
                assert f'<label for="{field_id}"' in html, (path, field_id)
