"""The main path (zorgpad_case), phase 3: a tailored offer with the worrying
file's tracks beside it; the CLB stays responsible. Here: into phase 3, the
plan and the fork into offer and tracks, and the evaluation after them. The
offer and the tracks themselves: tools/care_path_phase3_tracks.py."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import S0, S2, S4, doc, evaluate_now_doc


def add_phase3_plan(d: Diagram) -> None:
    C = "lane_clb"
    node, flow = d.node, d.flow

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


def add_phase3_evaluation(d: Diagram) -> None:
    C = "lane_clb"
    node, flow = d.node, d.flow

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
