"""Case page, journal, diagram, pupils and the CLB inbox on the web: scoped like the API."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, WorkflowSpec
from app.vocabulary import AuditAction
from tests.walk import CaseWalk
from tests.web import text_of

NOW_LOCAL = "2026-11-24T08:30"  # half an hour before the test clock, Brussels time


def test_pupils_are_found_by_name_or_number_and_a_case_is_opened(web, login):
    zorg1 = web("zorg1")
    found = text_of(zorg1.get("/leerlingen?q=peet").text)
    assert "Peeters, Emma" in found and "Janssens" not in found and "1 leerling" in found
    assert "Janssens, Noah" in text_of(zorg1.get("/leerlingen?q=L-1002").text)
    assert "Claes" not in text_of(zorg1.get("/leerlingen").text)  # another school's pupil
    assert "Geen leerlingen gevonden" in text_of(zorg1.get("/leerlingen?q=zzz").text)
    pupil_id = re.search(r'href="/leerlingen/(\d+)">Peeters, Emma', zorg1.get("/leerlingen").text).group(1)
    page = text_of(zorg1.get(f"/leerlingen/{pupil_id}").text)
    assert "Nog geen dossier" in page and "Nieuw dossier openen" in page

    response = zorg1.post(
        f"/leerlingen/{pupil_id}/dossier",
        {"absence_type": "schoolweigering", "reason": "Angst om naar school te gaan."},
    )
    assert response.status_code == 302
    case_id = int(response.headers["Location"].rsplit("/", 1)[1])
    case = login("zorg1").get(f"/api/cases/{case_id}").get_json()
    assert case["absence_type"] == "schoolweigering" and case["pupil"]["first_name"] == "Emma"
    page = text_of(zorg1.get(f"/leerlingen/{pupil_id}").text)
    assert "Er loopt al een dossier" in page and "Nieuw dossier openen" not in page
    again = zorg1.post(
        f"/leerlingen/{pupil_id}/dossier",
        {"absence_type": "spijbelen"},
        headers={"Referer": f"http://localhost/leerlingen/{pupil_id}"},
    )
    assert again.headers["Location"] == f"/leerlingen/{pupil_id}"
    assert "Deze leerling heeft al een lopend dossier." in zorg1.get(f"/leerlingen/{pupil_id}").text
    bad = zorg1.post(f"/leerlingen/{pupil_id}/dossier", {"absence_type": "vakantie"})
    assert bad.status_code == 422 and "Kies uit:" in bad.text


def test_who_may_open_a_case_and_see_a_pupil(web, login):
    pupil_id = login("zorg1").get("/api/pupils?q=Emma").get_json()["items"][0]["id"]
    secr = web("secr1")
    assert "Nieuw dossier openen" not in secr.get(f"/leerlingen/{pupil_id}").text
    refused = secr.post(f"/leerlingen/{pupil_id}/dossier", {"absence_type": "spijbelen"})
    assert refused.status_code == 403
    assert "Alleen de zorgcoördinator of de directie opent een dossier." in text_of(refused.text)
    assert web("zorg2").get(f"/leerlingen/{pupil_id}").status_code == 404
    # The CLB serves the school, but reads a pupil only from the signal or the referral on.
    assert web("clb1").get(f"/leerlingen/{pupil_id}").status_code == 404
    assert web("admin").get(f"/leerlingen/{pupil_id}").status_code == 404  # no pupil data


def test_the_case_page_shows_the_case_its_tasks_timeline_and_journal(web, login):
    walk = CaseWalk(login)
    walk.complete("task_absence_contact_parents", "secr1")
    zorg1 = web("zorg1")
    response = zorg1.post(
        f"/dossiers/{walk.id}/logboek",
        {
            "kind": "contact_attempt",
            "channel": "phone",
            "occurred_at": NOW_LOCAL,
            "text": "Moeder gebeld, voicemail ingesproken.",
            "outcome": "Geen antwoord",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/dossiers/{walk.id}#logboek"
    page = text_of(zorg1.get(f"/dossiers/{walk.id}").text)
    for words in (
        "Dossier Adam El Amrani",
        "Sint-Jozefscollege (demo)",
        "Fase 1 · verhoogde zorg (school)",
        "Lopend",
        "Spijbelen",
        "Begeleidingsplan opstellen",
        "Taak afgerond: Ouders contacteren bij afwezigheid",
        "Contactpoging · Telefoon · di 24 nov 2026 08:30 · An Zorgcoördinator",
        "Moeder gebeld, voicemail ingesproken.",
        "Resultaat: Geen antwoord",
        "Logboek aangevuld: contactpoging (telefoon)",
        "Dossier geopend: type afwezigheid spijbelen",
        "Verloop in het zorgcontinuüm",
    ):
        assert words in page, words
    entry = login("zorg1").get(f"/api/cases/{walk.id}/journal").get_json()["items"][0]
    assert entry["occurred_at"].startswith("2026-11-24T07:30:00")  # 08:30 in Brussels is 07:30 UTC
    assert entry["visibility"] == "shared"


def test_journal_errors_are_shown_at_their_fields(web, login):
    walk = CaseWalk(login)
    zorg1 = web("zorg1")
    response = zorg1.post(
        f"/dossiers/{walk.id}/logboek", {"kind": "contact", "occurred_at": NOW_LOCAL, "text": "  "}
    )
    assert response.status_code == 422
    assert "De notitie is niet correct ingevuld." in response.text
    assert re.search(r'id="j-text-error">Dit veld is verplicht\.', response.text)
    response = zorg1.post(
        f"/dossiers/{walk.id}/logboek",
        {"kind": "contact", "occurred_at": "2027-01-01T10:00", "text": "Gesprek"},
    )
    assert response.status_code == 422
    page = text_of(response.text)
    assert "Geef het kanaal van het contact of de contactpoging." in page
    assert "Dit tijdstip ligt in de toekomst." in page
    assert 'value="2027-01-01T10:00"' in response.text and ">\nGesprek</textarea>" in response.text
    response = zorg1.post(
        f"/dossiers/{walk.id}/logboek", {"kind": "note", "occurred_at": "morgen", "text": "x"}
    )
    assert "Geef datum en uur" in response.text
    assert login("zorg1").get(f"/api/cases/{walk.id}/journal").get_json()["total"] == 0


def test_clb_notes_tasks_and_events_never_reach_the_school(web, login):
    walk = CaseWalk(login)
    walk.plan()
    walk.refer()
    walk.complete("task_clb_accept", "clb1", accepted=True)
    clb1 = web("clb1")
    assert "Enkel zichtbaar voor het CLB" in clb1.get(f"/dossiers/{walk.id}").text
    response = clb1.post(
        f"/dossiers/{walk.id}/logboek",
        {
            "kind": "note",
            "occurred_at": NOW_LOCAL,
            "text": "Vermoeden van problemen thuis.",
            "clb_only": "true",
        },
    )
    assert response.status_code == 302
    clb_page = text_of(clb1.get(f"/dossiers/{walk.id}").text)
    assert "Vermoeden van problemen thuis." in clb_page and "enkel CLB" in clb_page
    assert "Gesprek met leerling en ouders" in clb_page  # the CLB's open task

    zorg1 = web("zorg1")
    school_html = zorg1.get(f"/dossiers/{walk.id}").text
    school_page = text_of(school_html)
    assert "Vermoeden van problemen thuis." not in school_page
    assert "Gesprek met leerling en ouders" not in school_page and "Aanmelding beoordelen" not in school_page
    assert "Enkel zichtbaar voor het CLB" not in school_page
    assert "Fase 2 · uitbreiding van zorg (CLB)" in school_page
    diagram = zorg1.get(f"/dossiers/{walk.id}/diagram").get_json()
    assert diagram["open"] == [] and "task_clb_accept" not in diagram["completed"]
    assert diagram["completed"] == ["task_action_plan", "task_phase1_evaluation"]
    # A school user cannot write a CLB-only note, even by crafting the post.
    refused = zorg1.post(
        f"/dossiers/{walk.id}/logboek",
        {"kind": "note", "occurred_at": NOW_LOCAL, "text": "Poging", "clb_only": "true"},
    )
    assert refused.status_code == 403 and "Alleen CLB-medewerkers maken CLB-notities" in refused.text


def test_the_diagram_is_the_deployed_version_with_open_and_done_tasks(web, login, app):
    walk = CaseWalk(login)
    walk.complete("task_action_plan", "zorg1")
    waiting = web("zorg1").get(f"/dossiers/{walk.id}/diagram").get_json()
    assert waiting["open"] == [] and waiting["completed"] == ["task_action_plan"]  # until its evaluation date
    walk.until_open("task_phase1_evaluation", "zorg1")
    web("zorg1").sign_in("zorg1")  # weeks later
    body = web("zorg1").get(f"/dossiers/{walk.id}/diagram")
    assert body.headers["Cache-Control"] == "no-store"
    diagram = body.get_json()
    with app.app_context():
        deployed = db.session.scalar(
            select(WorkflowSpec.bpmn_xml).where(WorkflowSpec.key == "zorgpad_case", WorkflowSpec.version == 1)
        )
    assert diagram["xml"] == deployed
    # The main path's tasks only: the absence follow-up runs in a process of its own.
    assert diagram["open"] == ["task_phase1_evaluation"] and diagram["completed"] == ["task_action_plan"]
    assert web("zorg2").get(f"/dossiers/{walk.id}/diagram").status_code == 404


def test_another_school_gets_the_same_404_as_a_missing_case(web, login):
    walk = CaseWalk(login)
    zorg2 = web("zorg2")
    missing, hidden = zorg2.get("/dossiers/999999"), zorg2.get(f"/dossiers/{walk.id}")
    assert missing.status_code == hidden.status_code == 404
    assert text_of(missing.text) == text_of(hidden.text)
    assert "Adam" not in hidden.text
    assert (
        zorg2.post(
            f"/dossiers/{walk.id}/logboek", {"kind": "note", "occurred_at": NOW_LOCAL, "text": "x"}
        ).status_code
        == 404
    )


def test_the_clb_inbox_lists_referrals_oldest_first_with_the_help_question(web, login, clock):
    first = CaseWalk(login, pupil=0)
    first.plan()
    first.refer()
    clock.advance(hours=2)
    second = CaseWalk(login, pupil=2)
    second.plan()
    second.refer()
    page = text_of(web("clb1").get("/aanmeldingen").text)
    question = "Wat houdt hem tegen om naar school te komen en hoe kunnen we helpen?"
    assert page.count(question) == 2
    assert page.index("Adam El Amrani") < page.index("Lina Maes")
    assert "Sint-Jozefscollege (demo)" in page and "Beoordelen" in page
    refused = web("zorg1").get("/aanmeldingen")
    assert refused.status_code == 403
    assert "Alleen CLB-medewerkers ontvangen aanmeldingen van scholen." in text_of(refused.text)
    first.complete("task_clb_accept", "clb1", accepted=True)
    page = text_of(web("clb1").get("/aanmeldingen").text)
    assert "Adam El Amrani" not in page and "Lina Maes" in page


def test_page_reads_are_audited_like_api_reads(web, login, app):
    walk = CaseWalk(login)
    user_id = login("zorg1").get("/api/me").get_json()["id"]
    zorg1 = web("zorg1")
    zorg1.get(f"/dossiers/{walk.id}")
    zorg1.get(f"/dossiers/{walk.id}/diagram")
    zorg1.get("/leerlingen?q=Adam")
    task_id = walk.task("task_action_plan", "zorg1")["id"]
    zorg1.get(f"/taken/{task_id}")
    with app.app_context():
        rows = db.session.execute(
            select(AuditEntry.action, AuditEntry.object_id, AuditEntry.detail).where(
                AuditEntry.user_id == user_id
            )
        ).all()
    actions = [(r.action, r.object_id) for r in rows]
    for expected in (
        (AuditAction.CASE_READ, walk.id),
        (AuditAction.EVENTS_READ, walk.id),
        (AuditAction.JOURNAL_READ, walk.id),
        (AuditAction.PUPILS_LISTED, None),
        (AuditAction.TASK_READ, task_id),
        (AuditAction.LOGIN, None),
    ):
        assert expected in actions, expected
    assert ("case_read", walk.id, "diagram") in [tuple(r) for r in rows]
