"""What each recipient needs, read back with python-docx: the social necessity (MaNo) in
the M-document annex, the statement that voluntary guidance is exhausted in the AGODI
report, a warm handover that carries only identification and compulsory education
data when the parents object; no "Niet ingevuld" where a section may be left out."""

from tests.integration.documents_support import (
    CLB_SECRET,
    documents,
    fetch,
    to_phase3,
    to_signal,
    tracks,
)

HELP_OFFERED = "Begeleidingsplan op school; zes gesprekken kortdurende begeleiding bij het CLB."
HELP_REFUSED = "De ouders weigerden de doorverwijzing naar NAFT."
FAILS = "De leerling blijft thuis; de ouders komen niet meer naar de afspraken."
NOT_TOLD = "De ouders worden pas na de melding ingelicht, voor de veiligheid van de leerling."
PUPIL_VIEW = "Ik wil wel naar school, maar niet naar deze klas."
EXHAUSTED = "Twee begeleidingsrondes en een doorverwijzing: geen verandering, de ouders haken af."


def _headings(read) -> list[str]:
    return [p.style.name + ":" + p.text for p in read.doc.paragraphs if p.style.name.startswith("Heading")]


def test_the_m_document_form_starts_from_the_guidance_and_the_annex_shows_the_social_necessity(
    login, demo, clock
):
    walk = to_signal(login, demo, clock)
    to_phase3(walk)
    tracks(walk, "m_document")
    prefill = walk.detail("task_m_document", "clb1")["prefill"]
    # What the case knows: the guidance offered (each step with what it recorded), how it
    # went, and the pupil's view from the CLB's talk with pupil and parents.
    assert (
        "24-11-2026 — Begeleidingsplan opstellen: Afgesproken: Elke maandagochtend kort aanmelden bij de "
        "leerlingbegeleider; Op maandag zelf naar school brengen;" in prefill["help_offered"]
    )
    assert "Kortdurende begeleiding: Resultaat: " in prefill["help_offered"]
    assert "Evaluatie einde begeleidingsronde: Beslissing: " in prefill["voluntary_help_fails"]
    assert prefill["pupil_view"] == "Voelt zich niet thuis in de klas."

    # Pupil or parents not told: why not is required.
    refused = walk.submit("task_m_document", "clb1", parents_informed=False)
    assert refused.status_code == 422 and "not_informed_reason" in refused.get_json()["errors"]
    refused = walk.submit("task_m_document", "clb1", help_offered=None, voluntary_help_fails=None)
    assert {"help_offered", "voluntary_help_fails"} <= set(refused.get_json()["errors"])
    walk.complete(
        "task_m_document",
        "clb1",
        help_offered=HELP_OFFERED,
        help_refused=HELP_REFUSED,
        voluntary_help_fails=FAILS,
        pupil_informed=True,
        parents_informed=False,
        not_informed_reason=NOT_TOLD,
        pupil_view=PUPIL_VIEW,
    )
    _, read = fetch(login, "clb1", walk.id, "mdoc_bijlage")
    paragraphs = read.paragraphs
    assert "Heading 1:Maatschappelijke noodzaak" in _headings(read)
    after = paragraphs.index("Aangeboden vrijwillige hulp")
    assert paragraphs[after + 1] == HELP_OFFERED
    assert paragraphs[paragraphs.index("Geweigerde hulp") + 1] == HELP_REFUSED
    assert paragraphs[paragraphs.index("Waarom de vrijwillige hulp niet volstaat") + 1] == FAILS
    facts = read.facts()
    assert facts["Leerling op de hoogte"] == "ja" and facts["Ouders op de hoogte"] == "nee"
    assert f"Waarom (nog) niet: {NOT_TOLD}" in paragraphs
    assert paragraphs[paragraphs.index("Visie van de leerling") + 1] == PUPIL_VIEW
    # The consultation of the school, as the CLB noted it.
    assert facts["Overleg met de school"].startswith("ja: 2026-11-23 met de zorgcoördinator")
    assert "Niet ingevuld" not in read.text and "None" not in read.text


def test_an_annex_without_refused_help_leaves_the_section_out_and_told_families_need_no_reason(
    login, demo, clock
):
    walk = to_signal(login, demo, clock)
    to_phase3(walk)
    tracks(walk, "m_document")
    walk.complete("task_m_document", "clb1", help_refused=None, attach_action_plan=False)
    _, read = fetch(login, "clb1", walk.id, "mdoc_bijlage")
    headings = _headings(read)
    assert "Heading 2:Geweigerde hulp" not in headings and "Heading 2:Aangeboden vrijwillige hulp" in headings
    assert not any(p.startswith("Waarom (nog) niet") for p in read.paragraphs)
    # The plan was not attached: no section for it at all.
    assert not any("plan van fase 1" in h.lower() for h in headings)
    assert "Niet ingevuld" not in read.text


def test_the_agodi_report_states_that_voluntary_guidance_is_exhausted_and_why(login, demo, clock):
    walk = to_signal(login, demo, clock)
    to_phase3(walk)
    tracks(walk, "agodi", agodi_filed_by="clb")
    prefill = walk.detail("task_agodi_report_clb", "clb1")["prefill"]
    assert "Kortdurende begeleiding" in prefill["exhausted_reasoning"]
    refused = walk.submit("task_agodi_report_clb", "clb1", guidance_exhausted=False)
    assert refused.status_code == 422
    assert "vrijwillige begeleiding uitgeput" in refused.get_json()["errors"]["guidance_exhausted"][0]
    assert walk.submit("task_agodi_report_clb", "clb1", exhausted_reasoning=None).status_code == 422
    walk.complete("task_agodi_report_clb", "clb1", exhausted_reasoning=EXHAUSTED)
    _, read = fetch(login, "clb1", walk.id, "agodi_melding")
    paragraphs = read.paragraphs
    at = paragraphs.index("Vrijwillige begeleiding uitgeput")
    assert (
        paragraphs[at + 1]
        == "Het CLB verklaart dat de vrijwillige begeleiding door school en CLB uitgeput is."
    )
    assert paragraphs[at + 2] == EXHAUSTED
    assert "Niet ingevuld" not in read.text


def test_a_handover_the_parents_objected_to_carries_only_identification_and_compulsory_education_data(
    login, demo, clock
):
    walk = to_signal(login, demo, clock)
    to_phase3(walk)
    assert walk.message("zorg1", "school_change", new_school_id=demo["school_ids"][2]).status_code == 200
    # Objecting, the file does not go along, not even securely; the summary is not asked.
    refused = walk.submit("task_warm_handover", "clb1", parents_objected=True, summary=None)
    assert refused.status_code == 422 and "documents_sent_securely" in refused.get_json()["errors"]
    walk.complete(
        "task_warm_handover", "clb1", parents_objected=True, summary=None, documents_sent_securely=False
    )
    document, read = fetch(login, "clb2", walk.id, "warme_overdracht")
    facts = read.facts()
    # Identification and compulsory education data go regardless.
    assert facts["Leerling"] == "Emma Peeters" and facts["Geboortedatum"] == "14 maart 2011"
    assert facts["Vorige school"] == "Sint-Jozefscollege (demo)"
    assert facts["Verzet tegen de overdracht van het CLB-dossier"] == "ja"
    assert facts["Halve dagen met B-code dit schooljaar"] == "8"  # the case's count
    assert facts["Halve dagen met B-code volgens het zendende CLB"] == "6"  # what the form said
    assert facts["Fase van de leerplichtbegeleiding"] == "fase 3, aanbod op maat"
    assert read.table("Datum", "Voormiddag", "Namiddag")[0] == ["ma 16-11-2026", "B", "B"]
    assert "De ouders verzetten zich tegen de overdracht van het CLB-dossier." in read.text
    # The CLB file stays with the sending CLB: no summary, agreements, plan, chronology, notes.
    headings = _headings(read)
    for left_out in ("Stand van zaken en aandachtspunten", "Lopende afspraken", "Verloop van de begeleiding"):
        assert f"Heading 1:{left_out}" not in headings
    assert "Type afwezigheid" not in facts
    assert all(table[0][:2] != ["Datum", "Wie"] for table in read.tables)
    assert all(table[0][:2] != ["Nr.", "Wat"] for table in read.tables)
    for words in ("Lopend kortdurend traject", "Kortdurende begeleiding", CLB_SECRET, "zorgcoördinator"):
        assert words not in read.text, words
    assert "Niet ingevuld" not in read.text
    # The receiving CLB's task starts without the sending CLB's summary either.
    prefill = walk.detail("task_receive_handover", "clb2")["prefill"]["handover_summary"]
    assert prefill.startswith("De ouders verzetten zich") and "kortdurend" not in prefill


def test_a_handover_without_objection_carries_the_file_and_needs_a_summary(login, demo, clock):
    walk = to_signal(login, demo, clock)
    to_phase3(walk)
    assert walk.message("zorg1", "school_change", new_school_id=demo["school_ids"][2]).status_code == 200
    refused = walk.submit("task_warm_handover", "clb1", summary=None)
    assert refused.status_code == 422 and "summary" in refused.get_json()["errors"]
    assert walk.submit("task_warm_handover", "clb1", parents_objected=None).status_code == 422
    walk.complete("task_warm_handover", "clb1")
    _, read = fetch(login, "clb2", walk.id, "warme_overdracht")
    assert read.facts()["Verzet tegen de overdracht van het CLB-dossier"] == "nee"
    assert read.facts()["Type afwezigheid"] == "spijbelen"
    assert "Lopend kortdurend traject; begeleidingsplan in bijlage." in read.paragraphs
    assert "Kortdurende begeleiding" in read.text  # the chronology goes along
    assert "warme_overdracht" in [d["template"] for d in documents(login, "clb2", walk.id)]
