"""Each document at its step in the path, read back with python-docx: the pupil,
the absences (imported first), the chronology, the actions; no CLB-only note in
a school-side document; what a user typed printed as typed."""

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry
from tests.integration.documents_support import (
    CLB_SECRET,
    POLICE_PROTOCOL,
    SIGNED,
    TRICKY,
    documents,
    download,
    fetch,
    name_police_protocol,
    note,
    to_legal_tracks,
    to_phase3,
    to_signal,
    tracks,
)

ABSENCE_TABLE = [
    ["ma 16-11-2026", "B", "B"],
    ["di 17-11-2026", "Z: ziekte met doktersattest", "—"],
    ["wo 18-11-2026", "—", "R"],
    ["do 19-11-2026", "B", "—"],
]
TOTALS = [
    ["R", "gewettigd door de regelgeving", "1"],
    ["Z", "ziekte", "1"],
    ["B", "problematische afwezigheid", "3"],
]
ACTIONS = [
    ["1", "Elke maandagochtend kort aanmelden bij de leerlingbegeleider", "Leerling", "4 december 2026"],
    ["2", "Op maandag zelf naar school brengen", "Ouders", "4 december 2026"],
    ["3", "Een vaste leerkracht als aanspreekpunt aanduiden", "School", "27 november 2026"],
]
PUPIL_GOALS = "Ik wil op maandag niet meer thuisblijven en terug meedoen met de voetbal op de speelplaats."
PARENTS_VIEW = (
    "Mama ziet dat hij zondagavond slecht slaapt; de ouders brengen hem op maandag zelf naar school."
)
SIGNATURE_BOXES = ("De leerling", "De ouder(s) / opvoedingsverantwoordelijke(n)", "Voor de school")
CHRONOLOGY = ("Datum", "Wie", "Soort", "Wat")
# The typed text after cleaning: the vertical tab (forbidden in XML) is gone, the rest as typed.
TYPED = TRICKY


def _common(read, *, side="school"):
    """What every document shows: header, pupil, the absences, no 'None' anywhere."""
    header = "Sint-Jozefscollege (demo)" if side == "school" else "CLB Demo Regio Gent"
    assert read.header.startswith(header)
    facts = read.facts()
    assert facts["Leerling"] == "Emma Peeters" and facts["Geboortedatum"] == "14 maart 2011"
    assert read.table("Datum", "Voormiddag", "Namiddag") == ABSENCE_TABLE
    assert read.table("Code", "Betekenis", "Halve dagen") == TOTALS
    assert "None" not in read.text and "{{" not in read.text.replace(TYPED, "")


def _lines(read) -> list[str]:
    return [row[3] for row in read.table(*CHRONOLOGY)]


def _steps(read) -> list[str]:
    """The chronology's lines without what each step recorded (after " — ")."""
    return [line.split(" — ")[0] for line in _lines(read)]


def _starting(lines: list[str], prefix: str) -> int:
    return next(index for index, line in enumerate(lines) if line.startswith(prefix))


def test_the_begeleidingsplan_is_made_by_its_step_with_the_pupils_own_goals_and_no_signatures(
    login, demo, clock
):
    walk = to_signal(login, demo, clock)
    document, read = fetch(login, "zorg1", walk.id, "begeleidingsplan")
    assert (document["version"], document["side"], document["service_task"]) == (
        1,
        "school",
        "service_begeleidingsplan",
    )
    assert read.header.startswith("Sint-Jozefscollege (demo)") and read.paragraphs[0] == "Begeleidingsplan"
    facts = read.facts()
    assert facts["Leerling"] == "Emma Peeters" and facts["Klas"] == "2A"
    assert facts["Ouders / opvoedingsverantwoordelijken"] == "Sofie Peeters en Tom Peeters"
    assert facts["Aanspreekpunt op school"] == "Mevr. Peeters, leerlingbegeleider"
    paragraphs = read.paragraphs
    assert (
        paragraphs[paragraphs.index("Wat de leerling wil bereiken") + 2] == PUPIL_GOALS
    )  # in the pupil's words
    assert PARENTS_VIEW in paragraphs and "Elke dag op tijd op school." in paragraphs
    assert read.table("Nr.", "Wat", "Wie", "Tegen wanneer") == ACTIONS
    assert (
        "We bekijken het plan samen opnieuw op 17 december 2026, 17 schooldagen na de opmaak. Loopt het "
        "intussen niet goed, dan zitten we eerder samen." in paragraphs
    )
    assert "Het is geen contract" in read.text and "Handtekeningen" not in paragraphs
    assert all(table[0] != list(SIGNATURE_BOXES) for table in read.tables)
    assert "Opmerkingen" not in paragraphs  # nobody wrote any: no empty section
    assert "None" not in read.text and "{{" not in read.text
    assert "spijbelactieplan" not in [d["template"] for d in documents(login, "zorg1", walk.id)]
    # Made on demand, the formal plan is refused: the school works under no police protocol.
    refused = login("zorg1").post(f"/api/cases/{walk.id}/documents", json={"template": "spijbelactieplan"})
    assert refused.status_code == 409
    assert "hoort bij een lokaal politieprotocol" in refused.get_json()["message"]


def test_under_a_police_protocol_the_plan_is_a_signed_spijbelactieplan(login, demo, clock):
    name_police_protocol(login, demo["school_ids"][0])
    walk = to_signal(login, demo, clock, plan=SIGNED)
    assert "begeleidingsplan" not in [d["template"] for d in documents(login, "zorg1", walk.id)]
    refused = login("zorg1").post(f"/api/cases/{walk.id}/documents", json={"template": "begeleidingsplan"})
    assert refused.status_code == 409 and POLICE_PROTOCOL in refused.get_json()["message"]
    document, read = fetch(login, "zorg1", walk.id, "spijbelactieplan")
    assert (document["version"], document["side"], document["service_task"]) == (
        1,
        "school",
        "service_spijbelactieplan",
    )
    assert document["created_by"]["username"] == "zorg1" and len(document["sha256"]) == 64
    _common(read)
    facts = read.facts()
    assert facts["Klas"] == "2A" and facts["Leerlingnummer"] == "L-1001"
    assert facts["Ouders / opvoedingsverantwoordelijken"] == "Sofie Peeters en Tom Peeters"
    assert facts["Aanspreekpunt op school"] == "Mevr. Peeters, leerlingbegeleider"
    assert facts["Halve dagen met B-code dit schooljaar"] == "3"
    assert read.table("Nr.", "Wat", "Wie", "Tegen wanneer") == ACTIONS
    assert facts["Lokaal politieprotocol"] == POLICE_PROTOCOL
    assert facts["Leerling akkoord"] == "ja" and facts["Ouders akkoord"] == "ja"
    assert PUPIL_GOALS in read.paragraphs and PARENTS_VIEW in read.paragraphs
    # 24 November to 17 December 2026: seventeen school days.
    assert "We evalueren het plan samen op 17 december 2026, 17 schooldagen na de opmaak." in read.paragraphs
    # The school signs as who made the plan; pupil and parents sign by hand.
    assert read.table(*SIGNATURE_BOXES) == [
        ["Naam:", "Naam:", "Naam: An Zorgcoördinator"],
        ["Datum:", "Datum:", "Datum: 24 november 2026"],
        ["Handtekening:"] * 3,
    ]
    # Nobody wrote notes: no section, and no "Niet ingevuld" where a section may be left out.
    assert "Opmerkingen" not in read.paragraphs and "Niet ingevuld" not in read.text


def test_the_dossier_of_measures_at_the_signal_holds_the_chronology_as_typed(login, demo, clock):
    walk = to_signal(login, demo, clock)
    document, read = fetch(login, "zorg1", walk.id, "dossier_maatregelen")
    assert document["service_task"] == "service_dossier_maatregelen"
    _common(read)
    chronology = read.table(*CHRONOLOGY)
    assert chronology[0] == [
        "20-11-2026",
        "School",
        "Contactpoging (telefoon)",
        f"{TYPED} — resultaat: Geen antwoord",
    ]
    steps = _steps(read)
    assert (
        steps.index("Dossier geopend (type: spijbelen)")
        < steps.index("Begeleidingsplan opstellen")
        < _starting(steps, "Signaal aan het CLB: overleg afwezigheden")
    )
    # A step says what it recorded, not only its title: the decision and why.
    assert (
        "Evaluatie en beslissing fase 1 — Beslissing: Signaleren aan het CLB (bespreking op het overleg "
        "afwezigheden) · Motivering: Het plan werkt; nog enkele weken opvolgen."
    ) in _lines(read)
    assert "CLB betrokken: signaal (5 B-codes)" in steps
    assert read.table("Nr.", "Wat", "Wie", "Tegen wanneer") == ACTIONS  # the plan's actions


def test_no_clb_only_note_in_any_school_side_document(login, demo, clock):
    """The school-side documents made after the CLB wrote a note for the CLB only
    (on demand, and by the police and AGODI steps) leave it out; the CLB's own have it."""
    walk = to_signal(login, demo, clock)
    zorg1 = login("zorg1")
    for template in ("begeleidingsplan", "dossier_maatregelen"):
        assert zorg1.post(f"/api/cases/{walk.id}/documents", json={"template": template}).status_code == 201
    to_legal_tracks(walk)
    school_side = {d["template"]: d for d in documents(login, "clb1", walk.id) if d["side"] == "school"}
    assert set(school_side) == {"begeleidingsplan", "dossier_maatregelen", "politie_melding", "agodi_melding"}
    for template in school_side:
        _, read = fetch(login, "zorg1", walk.id, template)
        assert CLB_SECRET not in read.text, template
        assert "Kortdurende begeleiding" not in read.text, template  # a CLB-lane step
    made, mdoc = fetch(login, "clb1", walk.id, "mdoc_bijlage")
    # The CLB's own document has its steps, but a CLB-only note only when the CLB chooses it.
    assert CLB_SECRET not in mdoc.text and "Kortdurende begeleiding" in _steps(mdoc)
    assert made["included_entries"] is None


def test_the_clb_chooses_which_clb_only_notes_go_out_and_the_choice_is_kept(app, login, demo, clock):
    walk = to_signal(login, demo, clock)
    note(login, walk, "clb1", "Tweede CLB-notitie die binnen blijft", visibility="clb")
    to_legal_tracks(walk)
    journal = login("clb1").get(f"/api/cases/{walk.id}/journal").get_json()["items"]
    secret = next(e["id"] for e in journal if e["text"] == CLB_SECRET)
    shared = next(e["id"] for e in journal if e["visibility"] == "shared")
    clb1 = login("clb1")
    url = f"/api/cases/{walk.id}/documents"
    refused = clb1.post(url, json={"template": "mdoc_bijlage", "include_entries": [secret, shared]})
    assert refused.status_code == 422 and str(shared) in refused.get_json()["errors"]["include_entries"][0]
    school = login("zorg1").post(url, json={"template": "dossier_maatregelen", "include_entries": [secret]})
    assert school.status_code == 422  # the school cannot even name a CLB-only note
    made = clb1.post(url, json={"template": "mdoc_bijlage", "include_entries": [secret]})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["included_entries"] == [secret]
    _, read = fetch(login, "clb1", walk.id, "mdoc_bijlage")
    assert CLB_SECRET in read.text and "Tweede CLB-notitie die binnen blijft" not in read.text
    with app.app_context():
        audited = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "clb_entries_shared")
        ).one()
        assert audited.object_id == made.get_json()["id"] and str(secret) in audited.detail


def test_the_police_report_lists_the_contact_attempts_with_dates_and_channels(login, demo, clock):
    walk = to_signal(login, demo, clock)
    pupil_id = login("zorg1").get(f"/api/cases/{walk.id}").get_json()["pupil"]["id"]
    mother = {
        "name": "Sofie Peeters",
        "relation": "moeder",
        "address": "Veldstraat 5, 9000 Gent",
        "phones": ["0475 12 34 56"],
        "email": "sofie@example.be",
        "language": "fr",
        "parental_authority": True,
    }
    patched = login("zorg1").patch(
        f"/api/pupils/{pupil_id}",
        json={"contacts": [mother], "domicile": {"address": "Veldstraat 5, 9000 Gent"}},
    )
    assert patched.status_code == 200, patched.get_json()
    assert walk.message("zorg1", "police_track").status_code == 200
    walk.complete("task_police_clb_advice", "clb1")  # the report waits for the CLB's advice
    walk.complete("task_police_report", "zorg1")
    document, read = fetch(login, "zorg1", walk.id, "politie_melding")
    assert document["service_task"] == "service_politie_melding"
    _common(read)
    assert read.paragraphs[0] == "Fiche onbereikbaarheid"
    attempts = read.table("Datum", "Kanaal", "Resultaat")
    assert ["vr 20-11-2026", "telefoon", "Geen antwoord"] in attempts  # from the journal
    assert ["wo 18-11-2026", "huisbezoek", "Niemand thuis"] in attempts  # from the form
    assert ["ma 16-11-2026", "brief", "—"] in attempts  # no result given
    assert read.facts()["Overleg met het CLB"] == "19 november 2026 met Eva (CLB)"
    assert "Melding aan politie / fiche onbereikbaarheid" in _steps(read)
    # Whom and where to trace: the parents' address and phone, and when they were checked.
    assert read.facts()["Domicilie van de leerling"] == "Veldstraat 5, 9000 Gent"
    assert read.table("Naam", "Relatie", "Adres", "Telefoon en e-mail", "Taal", "Nagekeken") == [
        [
            "Sofie Peeters",
            "moeder, ouderlijk gezag",
            "Veldstraat 5, 9000 Gent",
            "0475 12 34 56, sofie@example.be",
            "Frans",
            "-".join(reversed(patched.get_json()["contacts"][0]["checked_on"].split("-"))),
        ]
    ]
    assert read.facts()["Domicilie nagekeken"].endswith("door An Zorgcoördinator")


def test_the_m_document_annex_and_the_schools_agodi_report_in_phase_3(login, demo, clock):
    walk = to_signal(login, demo, clock)
    to_phase3(walk)
    tracks(walk, "m_document", "agodi", agodi_filed_by="school")
    walk.complete("task_m_document", "clb1")
    walk.complete("task_agodi_report", "zorg1", situation_sketch="Leerling (15) sinds november weg.")
    annex, read = fetch(login, "clb1", walk.id, "mdoc_bijlage")
    assert (annex["side"], annex["service_task"]) == ("clb", "service_mdoc_bijlage")
    _common(read, side="clb")
    facts = read.facts()
    assert facts["Ontvanger"] == "het OCJ (Ondersteuningscentrum Jeugdzorg)"
    assert facts["Anoniem consult OCJ"] == "ja, op 20 november 2026"
    assert "Leerling raakt sociaal geïsoleerd; ouders werken niet mee." in read.paragraphs
    assert read.table("Nr.", "Wat", "Wie", "Tegen wanneer") == ACTIONS  # the plan, attached
    steps = set(_steps(read))
    assert {"Aanmelding beoordelen", "M-document aan OCJ/VK", "Begeleidingsplan opstellen"} <= steps
    assert (
        "Begeleidingsplan van 24 november 2026 (aanspreekpunt: Mevr. Peeters, leerlingbegeleider), "
        in read.text
    )

    report, read = fetch(login, "zorg1", walk.id, "agodi_melding")
    assert (report["side"], report["service_task"]) == ("school", "service_agodi_melding_school")
    _common(read)
    assert read.facts()["Melder"] == "de school (Sint-Jozefscollege (demo))"
    assert "Leerling (15) sinds november weg." in read.paragraphs
    assert "Ouders weigeren elke samenwerking." in read.paragraphs  # the motivation
    assert "Begeleidingsplan opstellen" in _steps(read) and "Aanmelding beoordelen" not in _steps(read)


def test_the_clbs_agodi_report_and_the_warm_handover_stay_with_the_clb(login, demo, clock):
    walk = to_signal(login, demo, clock)
    to_phase3(walk)
    tracks(walk, "agodi", agodi_filed_by="clb")
    walk.complete("task_agodi_report_clb", "clb1")
    report, read = fetch(login, "clb1", walk.id, "agodi_melding")
    assert (report["side"], report["service_task"]) == ("clb", "service_agodi_melding_clb")
    assert read.facts()["Melder"] == "het CLB (CLB Demo Regio Gent)" and CLB_SECRET not in read.text
    # The filer's other side, with what the filer noted of the consultation.
    assert (
        read.facts()["Overleg met de school"]
        == "ja: 2026-11-23 met de zorgcoördinator: de school steunt de melding."
    )
    assert "Naam: Eva CLB-medewerker" in read.text  # the sender signs
    assert "agodi_melding" not in [d["template"] for d in documents(login, "zorg1", walk.id)]
    assert download(login, "zorg1", report["id"]).status_code == 404

    # The pupil moves to a school of another CLB: the sending CLB hands over.
    moved = walk.message("zorg1", "school_change", new_school_id=demo["school_ids"][2])
    assert moved.status_code == 200, moved.get_json()
    walk.complete(
        "task_warm_handover",
        "clb1",
        new_school_name="Sint-Lievensinstituut (demo)",
        receiving_clb="CLB Demo Regio Antwerpen",
    )
    handover = next(d for d in documents(login, "clb1", walk.id) if d["template"] == "warme_overdracht")
    assert (handover["side"], handover["service_task"]) == ("clb", "service_warme_overdracht")
    # Written for the receiving CLB: it reads it; no school does.
    _, read = fetch(login, "clb2", walk.id, "warme_overdracht")
    assert read.header.startswith("CLB Demo Regio Gent")
    facts = read.facts()
    assert facts["Vorige school"] == "Sint-Jozefscollege (demo)"
    assert facts["Nieuwe school"] == "Sint-Lievensinstituut (demo)"
    # The count that moves with the pupil: the highest the case knows (the round evaluation said 8).
    assert facts["Aandachtspunt in LARS"] == "ja" and facts["Halve dagen met B-code dit schooljaar"] == "8"
    assert "Lopend kortdurend traject; begeleidingsplan in bijlage." in read.paragraphs
    assert read.table("Datum", "Voormiddag", "Namiddag") == ABSENCE_TABLE
    assert read.table("Nr.", "Wat", "Wie", "Tegen wanneer") == ACTIONS
    for school_user in ("zorg1", "zorg3"):
        assert download(login, school_user, handover["id"]).status_code == 404
        listed = login(school_user).get(f"/api/cases/{walk.id}/documents").get_json()["items"]
        assert "warme_overdracht" not in [d["template"] for d in listed]


def test_a_document_without_optional_answers_shows_clear_blanks(login, demo, clock):
    walk = to_signal(login, demo, clock)
    note(login, walk, "zorg1", "Tweede\r\nregel")
    made = login("zorg1").post(f"/api/cases/{walk.id}/documents", json={"template": "dossier_maatregelen"})
    assert made.status_code == 201
    _, read = fetch(login, "zorg1", walk.id, "dossier_maatregelen")
    assert ["20-11-2026", "School", "Notitie", "Tweede\nregel"] in read.table(*CHRONOLOGY)
    assert "None" not in read.text
