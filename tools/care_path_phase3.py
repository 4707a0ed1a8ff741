"""The main path (zorgpad_case), continued: phase 3, a tailored offer with the
worrying file's tracks beside it; the CLB stays responsible."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S2, S4, doc, evaluate_now_doc


def add_phase3(d: Diagram) -> None:
    S, C = "lane_school", "lane_clb"
    node, flow = d.node, d.flow

    # --- phase 3 (CLB): a tailored offer, with the worrying file as one part -----------
    node("xgw", "gw_fase3_merge", "Naar fase 3", C, 40, 2, "Samenvoeging: naar fase 3.")
    node(
        "script",
        "script_fase3",
        "Fase 3: aanbod op maat",
        C,
        41,
        2,
        doc(
            "Fase 3 is eerst een aanbod op maat; het zorgwekkend dossier is er één deel van. Het CLB blijft "
            "verantwoordelijk.",
            (
                S0,
                "‘Fase 3: Aanbod op maat bij spijbelen en afwezigheden’ en ‘Zorgwekkende Dossiers’ (‘Bij "
                "ernstige spijbelproblematiek blijft CLB verantwoordelijk voor verplichte hulpverlening’)",
            ),
            (S4, "‘FASE 3: alternatieven voor het schoollopen’"),
        ),
        script='set_phase("fase3")\nset_status("open")',
    )
    node(
        "xgw",
        "gw_phase3_plan_merge",
        "Plannen",
        C,
        42,
        2,
        "Samenvoeging: (opnieuw) het aanbod en de sporen kiezen.",
    )
    node(
        "user",
        "task_phase3_plan",
        "Fase 3: aanbod op maat en sporen kiezen",
        C,
        43,
        2,
        doc(
            "Het CLB kiest met leerling, ouders en school het aanbod op maat (TOAH, Bednet, heroriëntatie, "
            "individueel aangepast curriculum, flexibel leertraject, schoolexterne interventies, een nieuwe "
            "school na uitsluiting) en, ernaast of in de plaats, de sporen: een anoniem OCJ-consult, een "
            "M-document aan OCJ/VK, een melding aan AGODI (door de school of het CLB). Niet (meer) "
            "leerplichtig: enkel vrijwillig, geen juridische sporen. Het politiespoor start de school zelf "
            "(zorgpad_police_track).",
            (
                S0,
                "‘Fase 3: Aanbod op maat’, ‘Heroriëntatie’, ‘definitieve verwijdering o.w.v. tuchtmaatregel’, "
                "‘Juridische trajecten bij verontrustende situaties’",
            ),
            (S2, "‘Geoorloofd relatief schoolverzuim’ (TOAH) en ‘Melding zorgwekkend dossier AGODI’"),
            (S4, "§3.1 ‘Schoollopen (tijdelijk) loslaten: een weloverwogen keuze’"),
        ),
    )
    node(
        "pgw",
        "gw_phase3_fork",
        "Aanbod en sporen samen",
        C,
        44,
        2,
        doc(
            "Aanbod en sporen lopen naast elkaar.",
            (
                S0,
                "‘= Parallelle trajecten, andere finaliteit: CLB → OCJ → Jeugdrechtbank; School → Politie → "
                "Parket → Politierechtbank’",
            ),
        ),
    )
    node("xgw", "gw_offer_chosen", "Aanbod?", C, 45, 1, "Is er een aanbod op maat gekozen?", label="below")
    node(
        "xgw",
        "gw_welfare_chosen",
        "Welzijnsspoor?",
        C,
        45,
        2,
        doc(
            "Is het welzijnsspoor gekozen (consult en/of M-document)?",
            (
                S0,
                "‘Rol van CLB: Bij vermoeden van verontrusting kan CLB consult vragen of M-doc overmaken aan "
                "het OCJ’",
            ),
        ),
        label="below",
    )
    node("xgw", "gw_agodi_chosen", "AGODI?", C, 45, 4, "Is een melding aan AGODI gekozen?")
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
        48,
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
        48,
        4,
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
    node("xgw", "gw_agodi_done", "", C, 49, 4, "Samenvoeging: AGODI-spoor rond of niet gekozen.")
    node("xgw", "gw_mdoc_merge", "M-document", C, 50, 3, "Samenvoeging: naar het M-document.")
    node(
        "user",
        "task_m_document",
        "M-document aan OCJ/VK",
        C,
        51,
        3,
        doc(
            "Enkel als beslist: de melding van verontrusting aan het OCJ (of het VK), met het spijbelactieplan "
            "als mogelijke bijlage.",
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
            "stappen van school en CLB met data, de verontrusting en, als gekozen, het spijbelactieplan.",
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
    phase3_sources = (
        (S0, "‘Zorgwekkende Dossiers’ (‘blijft CLB verantwoordelijk voor verplichte hulpverlening’)"),
        (S4, "§3.1: ‘Naderhand kan regulier schoollopen al dan niet terug opgestart worden’"),
    )
    node(
        "egw",
        "gw_phase3_evaluation",
        "Evaluatiedatum of nu?",
        C,
        54.5,
        2,
        evaluate_now_doc(
            "Het aanbod en de sporen lopen tot de evaluatiedatum, tenzij het CLB eerder evalueert.",
            *phase3_sources,
        ),
        label="upper_right",
    )
    node(
        "catch_timer",
        "wait_phase3_evaluation",
        "Tot de evaluatiedatum",
        C,
        55,
        2,
        doc("Het aanbod en de sporen lopen tot de evaluatiedatum uit het plan van fase 3.", *phase3_sources),
        timer="evaluation_date",
    )
    node(
        "catch_message",
        "catch_evaluate_now_phase3",
        "Nu evalueren",
        C,
        55,
        2.45,
        evaluate_now_doc("De CLB-medewerker evalueert fase 3 vóór de datum.", *phase3_sources),
        message="evaluate_now",
    )
    node("xgw", "gw_phase3_eval_merge", "Evalueren", C, 56, 2, "Samenvoeging: (opnieuw) evalueren.")
    node(
        "user",
        "task_phase3_evaluation",
        "Evaluatie fase 3",
        C,
        57,
        2,
        doc(
            "Is de leerling terug? Verderzetten (volgende evaluatie), bijsturen of afsluiten met "
            "opvolgafspraken; het CLB blijft verantwoordelijk.",
            *phase3_sources,
        ),
    )
    node("xgw", "gw_phase3_decision", "Beslissing fase 3", C, 58, 2, "Wat het CLB na de evaluatie besliste.")
    node(
        "egw",
        "gw_phase3_next_evaluation",
        "Volgende evaluatie of nu?",
        C,
        59,
        2,
        evaluate_now_doc(
            "Verderzetten: wachten op de volgende evaluatie, tenzij het CLB eerder evalueert.",
            *phase3_sources,
        ),
    )
    node(
        "catch_timer",
        "wait_phase3_next_evaluation",
        "Tot de volgende evaluatie",
        C,
        60,
        2,
        doc("Verderzetten: de volgende evaluatie volgt op de datum die het CLB koos.", *phase3_sources),
        timer="next_evaluation_date",
        label="above",
    )
    node(
        "catch_message",
        "catch_evaluate_now_phase3_next",
        "Nu evalueren",
        C,
        60,
        2.45,
        evaluate_now_doc("De CLB-medewerker evalueert opnieuw vóór de gekozen datum.", *phase3_sources),
        message="evaluate_now",
        label="above",
    )  # its flow leaves downwards

    flow("gw_round_decision", "gw_fase3_merge", "Fase 3", 'decision == "phase3"')
    flow("gw_relapse", "gw_fase3_merge", "Fase 3", 'decision == "phase3"')
    flow(
        "gw_resume",
        "gw_fase3_merge",
        "Fase 3 bij het nieuwe CLB",
        'resume_phase == "fase3"',
        points=d.back("gw_resume", "gw_fase3_merge", d.boundary(C, 5, 130)),
    )
    flow("gw_fase3_merge", "script_fase3")
    flow("script_fase3", "gw_phase3_plan_merge")
    flow("gw_phase3_plan_merge", "task_phase3_plan")
    flow("task_phase3_plan", "gw_phase3_fork")
    flow("gw_phase3_fork", "gw_offer_chosen")
    flow("gw_phase3_fork", "gw_welfare_chosen")
    flow("gw_phase3_fork", "gw_agodi_chosen")
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
    flow("service_mdoc_bijlage", "task_ocj_outcome")
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
    flow("service_agodi_melding_school", "task_agodi_letter_school")
    flow("task_agodi_report_clb", "service_agodi_melding_clb")
    flow("service_agodi_melding_clb", "task_agodi_letter_clb")
    flow("task_agodi_letter_school", "gw_agodi_done")
    flow("task_agodi_letter_clb", "gw_agodi_done")
    flow("gw_offer_done", "gw_phase3_join", style="h")
    flow("gw_welfare_done", "gw_phase3_join")
    flow("gw_agodi_done", "gw_phase3_join", style="h")
    flow("gw_phase3_join", "gw_phase3_evaluation")
    flow("gw_phase3_evaluation", "wait_phase3_evaluation")
    flow("gw_phase3_evaluation", "catch_evaluate_now_phase3")
    flow("wait_phase3_evaluation", "gw_phase3_eval_merge")
    flow("catch_evaluate_now_phase3", "gw_phase3_eval_merge")
    flow("gw_phase3_eval_merge", "task_phase3_evaluation")
    flow("task_phase3_evaluation", "gw_phase3_decision")
    flow("gw_phase3_decision", "gw_phase3_next_evaluation", "Verderzetten", 'decision == "continue"')
    flow("gw_phase3_next_evaluation", "wait_phase3_next_evaluation")
    flow("gw_phase3_next_evaluation", "catch_evaluate_now_phase3_next")
    back_y, aside = d.row_y(C, 3), d.col_x(60) + 70  # the loop runs right of the message's name
    flow(
        "wait_phase3_next_evaluation",
        "gw_phase3_eval_merge",
        points=[
            d.port(d.nodes["wait_phase3_next_evaluation"], "right"),
            (aside, d.row_y(C, 2)),
            (aside, back_y),
            (d.col_x(56), back_y),
            d.port(d.nodes["gw_phase3_eval_merge"], "bottom"),
        ],
    )
    flow(
        "catch_evaluate_now_phase3_next",
        "gw_phase3_eval_merge",
        points=[
            d.port(d.nodes["catch_evaluate_now_phase3_next"], "bottom"),
            (d.col_x(60), back_y),
            (d.col_x(56), back_y),
            d.port(d.nodes["gw_phase3_eval_merge"], "bottom"),
        ],
    )
    flow(
        "gw_phase3_decision",
        "gw_phase3_plan_merge",
        "Bijsturen",
        'decision == "adjust"',
        points=d.back("gw_phase3_decision", "gw_phase3_plan_merge", d.boundary(C, 5, 30)),
    )
    flow(
        "gw_phase3_decision",
        "gw_close_merge",
        "Afsluiten met opvolgafspraken",
        'decision == "close_with_agreements"',
        points=d.back("gw_phase3_decision", "gw_close_merge", d.corridor(C, 26)),
    )
