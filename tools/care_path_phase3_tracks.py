"""The main path (zorgpad_case), phase 3: what the plan chose, side by side:
the tailored offer; the welfare track (an anonymous OCJ consult, an M-document
to the OCJ or VK with its annex); the report of a worrying file to AGODI, by
the school or the CLB, with AGODI's letter to the parents."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S2, S4, doc


def add_phase3_tracks(d: Diagram) -> None:
    S, C = "lane_school", "lane_clb"
    node, flow = d.node, d.flow

    node(
        "user",
        "task_tailored_offer",
        "Aanbod op maat uitvoeren en opvolgen",
        C,
        46,
        1,
        doc(
            "Het CLB zet het aanbod op met de school en de partners; de school blijft betrokken (spilfiguur, "
            "leerkrachten, klasgenoten).",
            (
                S4,
                "§3.1: ‘De school op ieder moment betrokken partij blijft … Concretiseer dit best vooraf op "
                "papier’",
            ),
            (S2, "‘Geoorloofd relatief schoolverzuim’ (TOAH, ziekenhuisschool)"),
        ),
    )
    node(
        "xgw",
        "gw_consult_first",
        "Eerst consult?",
        C,
        46,
        2,
        "Eerst een anoniem consult, of meteen een M-document?",
    )
    node(
        "xgw",
        "gw_agodi_by",
        "Wie meldt?",
        C,
        46,
        4,
        doc(
            "De school of het CLB meldt, elk in de eigen lane.",
            (
                S2,
                "‘Melding zorgwekkend dossier AGODI’: ‘kunnen de school of het CLB dat aan AGODI melden als "
                "zorgwekkend dossier’",
            ),
        ),
    )
    node(
        "user",
        "task_ocj_consult",
        "Anoniem consult OCJ",
        C,
        47,
        2,
        doc(
            "Een eigen stap met een eigen uitkomst: anoniem, geen overdracht; het kan eindigen zonder melding.",
            (
                S0,
                "‘Ondersteuningscentrum Jeugdzorg (OCJ) Consult’ (‘Consultteam is een losstaand team in de "
                "OCJ-werking. Geen overdracht … Anoniem’)",
            ),
            (
                S2,
                "‘Voorafgaand aan de aanmelding kan het CLB ook op de consultfunctie van de gemandateerde "
                "voorziening beroep doen’",
            ),
        ),
    )
    agodi_doc = (
        "Situatieschets, chronologisch overzicht van de stappen van school, CLB en externe "
        "diensten, en een motivering; de chronologie start van het logboek en de afgeronde "
        "stappen."
    )
    agodi_src = (
        S2,
        "‘Melding zorgwekkend dossier AGODI’ (‘Als de situatie na inspanningen van de school "
        "en het CLB niet verbetert’)",
    )
    letter_doc = "AGODI kan de ouders aanschrijven; school en CLB krijgen een kopie."
    letter_src = (
        S2,
        "‘In overleg met de school en het CLB kan AGODI de ouders aanschrijven … De school en "
        "het CLB krijgen een kopie van de brief’",
    )
    node(
        "user",
        "task_agodi_report",
        "Zorgwekkend dossier melden aan AGODI (school)",
        S,
        47,
        3,
        doc(
            agodi_doc,
            agodi_src,
            (DOMAIN, "‘AGODI worrying-file report: situation sketch, chronology, motivation’"),
        ),
    )
    node(
        "user",
        "task_agodi_letter_school",
        "AGODI-brief aan de ouders registreren (school)",
        S,
        49,
        3,
        doc(letter_doc, letter_src),
    )
    node(
        "user",
        "task_agodi_report_clb",
        "Zorgwekkend dossier melden aan AGODI (CLB)",
        C,
        47,
        4,
        doc(agodi_doc, agodi_src),
    )
    node(
        "user",
        "task_agodi_letter_clb",
        "AGODI-brief aan de ouders registreren (CLB)",
        C,
        49,
        6,
        doc(letter_doc, letter_src),
    )
    node(
        "xgw",
        "gw_consult_outcome",
        "M-document beslist?",
        C,
        48,
        2,
        "Besliste het CLB na het consult tot een M-document?",
    )
    sent_doc = "De melding is verstuurd: datum en kanaal (e-mail, post, portaal). Pas na het document."
    node(
        "user",
        "task_agodi_report_sent",
        "AGODI-melding verstuurd registreren (school)",
        S,
        48,
        3,
        doc(sent_doc, agodi_src),
    )
    node(
        "user",
        "task_agodi_report_clb_sent",
        "AGODI-melding verstuurd registreren (CLB)",
        C,
        48,
        4,
        doc(sent_doc, agodi_src),
    )
    node("xgw", "gw_agodi_done", "", C, 50, 5, "Samenvoeging: AGODI-spoor rond of niet gekozen.")
    node("xgw", "gw_mdoc_merge", "M-document", C, 50, 3, "Samenvoeging: naar het M-document.")
    node(
        "user",
        "task_m_document",
        "M-document aan OCJ/VK",
        C,
        51,
        3,
        doc(
            "Enkel als beslist: de melding van verontrusting aan het OCJ (of het VK), met het plan van fase 1 "
            "(het spijbelactieplan als de school met de lokale politie samenwerkte) als mogelijke bijlage.",
            (
                S0,
                "‘Een effectieve aanmelding met M-doc door de hulpverlener’ en ‘Juridische trajecten bij "
                "verontrustende situaties’",
            ),
            (S2, "‘kan een kopie van het spijbelactieplan toegevoegd worden aan het M-document’"),
            (S4, "§2.6 FAQ 6 ‘Wanneer dien je een M-doc in?’"),
        ),
    )
    node(
        "service",
        "service_mdoc_bijlage",
        "Bijlage M-document genereren",
        C,
        52,
        3,
        doc(
            "De bijlage bij het M-document wordt een document: situatie, overzicht van de afwezigheden, de "
            "stappen van school en CLB met data, de verontrusting en, als gekozen, het plan van fase 1.",
            (S0, "‘Een effectieve aanmelding met M-doc door de hulpverlener’"),
            (S2, "‘kan een kopie van het spijbelactieplan toegevoegd worden aan het M-document’"),
        ),
        document="mdoc_bijlage",
    )
    agodi_gen = (
        "De melding wordt een document: situatieschets, chronologisch overzicht van de stappen van "
        "school, CLB en externe diensten (zoals de melder het dossier mag lezen) en de motivering."
    )
    node(
        "service",
        "service_agodi_melding_school",
        "AGODI-melding genereren (school)",
        S,
        48,
        2,
        doc(agodi_gen, agodi_src),
        document="agodi_melding",
    )
    node(
        "service",
        "service_agodi_melding_clb",
        "AGODI-melding genereren (CLB)",
        C,
        48,
        6,
        doc(agodi_gen, agodi_src),
        document="agodi_melding",
    )
    node(
        "user",
        "task_m_document_sent",
        "M-document verstuurd registreren",
        C,
        52,
        4,
        doc(
            "Het M-document is verstuurd: datum en kanaal (e-mail, post, portaal). Pas na de bijlage.",
            (S0, "‘Een effectieve aanmelding met M-doc door de hulpverlener’"),
        ),
    )
    node(
        "user",
        "task_ocj_outcome",
        "Beslissing OCJ opvolgen",
        C,
        53,
        3,
        doc(
            "Het OCJ onderzoekt de maatschappelijke noodzaak: ja → het OCJ volgt op; nee → doorverwijzing.",
            (S0, "‘Het OCJ onderzoekt maatschappelijke noodzaak (MaNo)’"),
        ),
    )
    node("xgw", "gw_offer_done", "", C, 53, 1, "Samenvoeging: aanbod rond of niet gekozen.")
    node(
        "xgw",
        "gw_welfare_done",
        "",
        C,
        53,
        2,
        "Samenvoeging: welzijnsspoor rond (met of zonder M-document) of niet gekozen.",
    )
    node(
        "pgw",
        "gw_phase3_join",
        "Aanbod en sporen rond",
        C,
        54,
        2,
        "Aanbod en sporen zijn rond.",
        label="upper_right",
    )

    flow("gw_offer_chosen", "task_tailored_offer", "Ja", "bool(offers)")
    flow(
        "gw_offer_chosen",
        "gw_offer_done",
        "Nee",
        default=True,
        points=d.back("gw_offer_chosen", "gw_offer_done", d.boundary(C, 1, 10)),
    )
    flow("task_tailored_offer", "gw_offer_done")
    flow(
        "gw_welfare_chosen",
        "gw_consult_first",
        "Ja",
        '"ocj_consult" in (tracks or []) or "m_document" in (tracks or [])',
    )
    flow(
        "gw_welfare_chosen",
        "gw_welfare_done",
        "Nee",
        default=True,
        points=d.back("gw_welfare_chosen", "gw_welfare_done", d.boundary(C, 2, 10)),
    )
    flow("gw_consult_first", "task_ocj_consult", "Consult", '"ocj_consult" in tracks')
    flow("gw_consult_first", "gw_mdoc_merge", "Meteen M-document", default=True)
    flow("task_ocj_consult", "gw_consult_outcome")
    flow("gw_consult_outcome", "gw_mdoc_merge", "M-document", 'consult_outcome == "m_document"')
    flow("gw_consult_outcome", "gw_welfare_done", "Geen melding", default=True)
    flow("gw_mdoc_merge", "task_m_document")
    flow("task_m_document", "service_mdoc_bijlage")
    flow("service_mdoc_bijlage", "task_m_document_sent")
    flow("task_m_document_sent", "task_ocj_outcome")
    flow("task_ocj_outcome", "gw_welfare_done")
    flow("gw_agodi_chosen", "gw_agodi_by", "Ja", '"agodi" in (tracks or [])')
    flow(
        "gw_agodi_chosen",
        "gw_agodi_done",
        "Nee",
        default=True,
        points=d.back("gw_agodi_chosen", "gw_agodi_done", d.boundary(C, 5, 12)),
    )
    flow("gw_agodi_by", "task_agodi_report", "De school", 'agodi_filed_by == "school"', style="h")
    flow("gw_agodi_by", "task_agodi_report_clb", "Het CLB", default=True)
    flow("task_agodi_report", "service_agodi_melding_school")
    flow("service_agodi_melding_school", "task_agodi_report_sent")
    flow("task_agodi_report_sent", "task_agodi_letter_school")
    flow("task_agodi_report_clb", "service_agodi_melding_clb")
    flow("service_agodi_melding_clb", "task_agodi_report_clb_sent")
    flow("task_agodi_report_clb_sent", "task_agodi_letter_clb")
    flow(
        "task_agodi_letter_school",
        "gw_agodi_done",
        points=[
            d.port(d.nodes["task_agodi_letter_school"], "bottom"),
            (d.col_x(49), d.row_y(C, 5)),
            d.port(d.nodes["gw_agodi_done"], "left"),
        ],
    )
    flow("task_agodi_letter_clb", "gw_agodi_done")
    flow("gw_offer_done", "gw_phase3_join", style="h")
    flow("gw_welfare_done", "gw_phase3_join")
    flow("gw_agodi_done", "gw_phase3_join", style="h")
