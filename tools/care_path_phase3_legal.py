"""The legal tracks started by the side that files them, from phase 2 on, each a
process of its own like the police track (app/services/cases/legal_tracks.py):

- zorgpad_m_document: the CLB's report of concern to the OCJ or VK; not bound
  to compulsory education (any minor in a worrying situation);
- zorgpad_agodi_report: a worrying file reported to AGODI by the school or the
  CLB, each in its own lane; only for a compulsory-age pupil.

A report is first made as a draft (the form, then its document), and only then
recorded as sent, with the date and the channel. The draft tasks are the same
elements (and forms) as phase 3's tracks, so the document and its prefill read
them wherever they ran.
"""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S2, doc

SENT_DOC = "De melding is verstuurd: datum en kanaal (e-mail, post, portaal). Pas na het document."
AGODI_SRC = (
    S2,
    "‘Melding zorgwekkend dossier AGODI’: ‘Als de situatie na inspanningen van de school en het CLB niet "
    "verbetert, kunnen de school of het CLB dat aan AGODI melden als zorgwekkend dossier’",
)
MDOC_SRC = (
    S2,
    "‘Gemandateerde voorziening OCJ – VK (M-document)’ (fase 2: ‘Wanneer de jongere of de ouders niet "
    "(langer) bereid zijn om mee te werken … kan er aangemeld worden bij een gemandateerde voorziening’)",
)


def m_document_process() -> Diagram:
    d = Diagram(
        "zorgpad_m_document",
        "M-document aan OCJ/VK",
        "Het CLB meldt een verontrustende situatie aan het OCJ (of het VK), vanaf fase 2, na overleg met de "
        "school; ook voorbij de leerplicht (elke minderjarige). Eerst de melding en haar bijlage, dan "
        "verstuurd registreren (app/services/cases/legal_tracks.py).",
        [("lane_clb", "CLB", 1, 30)],
        col_width=180,
    )
    C = "lane_clb"
    d.node(
        "start",
        "start_m_document",
        "M-document gestart door het CLB",
        C,
        0,
        0,
        doc("Het CLB start het welzijnsspoor vanaf fase 2.", MDOC_SRC, (DOMAIN, "‘from phase 2 on (S2)’")),
    )
    d.node(
        "user",
        "task_m_document",
        "M-document aan OCJ/VK",
        C,
        1,
        0,
        doc(
            "Het M-document opmaken: situatie, stappen, verontrusting, het overleg met de school; de bijlage "
            "volgt uit het formulier.",
            MDOC_SRC,
            (S0, "‘Een effectieve aanmelding met M-doc door de hulpverlener’"),
        ),
    )
    d.node(
        "service",
        "service_mdoc_bijlage",
        "Bijlage M-document genereren",
        C,
        2,
        0,
        doc("De bijlage wordt een document (ontwerp), vóór ze verstuurd wordt.", MDOC_SRC),
        document="mdoc_bijlage",
    )
    d.node(
        "user",
        "task_m_document_sent",
        "M-document verstuurd registreren",
        C,
        3,
        0,
        doc(SENT_DOC, MDOC_SRC),
    )
    d.node(
        "user",
        "task_ocj_outcome",
        "Beslissing OCJ opvolgen",
        C,
        4,
        0,
        doc(
            "Het OCJ onderzoekt de maatschappelijke noodzaak: ja → het OCJ volgt op; nee → doorverwijzing.",
            (S0, "‘Het OCJ onderzoekt maatschappelijke noodzaak (MaNo)’"),
        ),
    )
    d.node("end", "end_m_document", "M-document afgerond", C, 5, 0, "De beslissing van het OCJ is gekend.")
    d.flow("start_m_document", "task_m_document")
    d.flow("task_m_document", "service_mdoc_bijlage")
    d.flow("service_mdoc_bijlage", "task_m_document_sent")
    d.flow("task_m_document_sent", "task_ocj_outcome")
    d.flow("task_ocj_outcome", "end_m_document")
    return d


def agodi_report_process() -> Diagram:
    d = Diagram(
        "zorgpad_agodi_report",
        "Melding zorgwekkend dossier aan AGODI",
        "De school of het CLB meldt een zorgwekkend dossier aan AGODI, vanaf fase 2, na overleg met de andere "
        "partner; enkel voor een leerplichtige leerling. Eerst de melding als document, dan verstuurd "
        "registreren (app/services/cases/legal_tracks.py).",
        [("lane_school", "School", 1, 30), ("lane_clb", "CLB", 1, 30)],
        col_width=180,
    )
    S, C = "lane_school", "lane_clb"
    d.node(
        "start",
        "start_agodi_report",
        "Melding gestart",
        C,
        0,
        0,
        doc("De school of het CLB start de melding aan AGODI vanaf fase 2.", AGODI_SRC),
    )
    d.node(
        "xgw", "gw_agodi_filed_by", "Wie meldt?", C, 1, 0, doc("De melder meldt in de eigen lane.", AGODI_SRC)
    )
    report_doc = (
        "Situatieschets, chronologisch overzicht van de stappen van school, CLB en externe diensten, een "
        "motivering, en het overleg met de andere partner."
    )
    for lane, suffix, side in ((S, "", "school"), (C, "_clb", "CLB")):
        service = "service_agodi_melding_school" if lane == S else "service_agodi_melding_clb"
        d.node(
            "user",
            f"task_agodi_report{suffix}",
            f"Zorgwekkend dossier melden aan AGODI ({side})",
            lane,
            2,
            0,
            doc(report_doc, AGODI_SRC),
        )
        d.node(
            "service",
            service,
            f"AGODI-melding genereren ({side})",
            lane,
            3,
            0,
            doc("De melding wordt een document (ontwerp), vóór ze verstuurd wordt.", AGODI_SRC),
            document="agodi_melding",
        )
        d.node(
            "user",
            f"task_agodi_report{suffix}_sent",
            f"AGODI-melding verstuurd registreren ({side})",
            lane,
            4,
            0,
            doc(SENT_DOC, AGODI_SRC),
        )
        d.flow(f"task_agodi_report{suffix}", service)
        d.flow(service, f"task_agodi_report{suffix}_sent")
    d.node("xgw", "gw_agodi_sent", "", C, 5, 0, "Samenvoeging: de melding is verstuurd.")
    d.node("end", "end_agodi_report", "Melding verstuurd", C, 6, 0, "De melding aan AGODI is verstuurd.")
    d.flow("start_agodi_report", "gw_agodi_filed_by")
    d.flow("gw_agodi_filed_by", "task_agodi_report", "De school", 'agodi_filed_by == "school"')
    d.flow("gw_agodi_filed_by", "task_agodi_report_clb", "Het CLB", default=True)
    d.flow("task_agodi_report_sent", "gw_agodi_sent")
    d.flow("task_agodi_report_clb_sent", "gw_agodi_sent")
    d.flow("gw_agodi_sent", "end_agodi_report")
    return d
