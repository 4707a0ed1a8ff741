"""The main path (zorgpad_case), phase 2: a guidance round. The trajectories the
round plan chose (HGD, short-term guidance, a referral to a partner with
bridging help while the pupil waits) run side by side, beside the round's
evaluation date; then the CLB evaluates: another round, adjust the plan, close
with agreements (tools/care_path_clb_closing.py) or phase 3."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S1, S2, S3, doc, evaluate_now_doc


def add_phase2_rounds(d: Diagram) -> None:
    C = "lane_clb"
    node, flow = d.node, d.flow

    node("xgw", "gw_round_again", "Ronde", C, 21, 2, "Samenvoeging: een (volgende) begeleidingsronde.")
    node(
        "pgw",
        "gw_round_fork",
        "Trajecten lopen samen",
        C,
        22,
        2,
        doc(
            "De gekozen trajecten lopen tegelijk (bv. kortdurende begeleiding naast een doorverwijzing).",
            (DOMAIN, "fase 2 stap 3: ‘trajectories can combine and repeat’"),
            (S2, "‘De samenwerking vormt een netwerk rond de leerling’"),
        ),
    )
    node("xgw", "gw_hgd_chosen", "HGD?", C, 23, 1, "Is een HGD-traject gekozen?", label="below")
    node(
        "xgw",
        "gw_short_chosen",
        "Kortdurend?",
        C,
        23,
        2,
        "Is kortdurende begeleiding gekozen?",
        label="below",
    )
    node(
        "xgw",
        "gw_hub_chosen",
        "Draaischijf?",
        C,
        23,
        3,
        "Is een doorverwijzing naar een partner gekozen?",
        label="below",
    )
    node(
        "user",
        "task_hgd",
        "Handelingsgericht diagnostisch traject",
        C,
        24,
        1,
        doc(
            "Achterliggende problematiek onderzoeken, adviseren over onderwijsaanpassingen.",
            (S0, "‘HGD-traject door CLB’"),
        ),
    )
    node(
        "user",
        "task_short_term",
        "Kortdurende begeleiding",
        C,
        24,
        2,
        doc(
            "Motivatie versterken, terug binding met school.",
            (S0, "‘Kortdurende Begeleiding door CLB’ (‘Motivatie versterken. Terug binding met school’)"),
        ),
    )
    node(
        "user",
        "task_hub_referral",
        "Draaischijf: doorverwijzing naar een partner",
        C,
        24,
        3,
        doc(
            "Het CLB verwijst door naar een partner (schoolexterne interventies o.a. NAFT, CAW, CGG, OCMW, "
            "kinder- en jeugdpsychiatrie) en blijft verantwoordelijk.",
            (
                S2,
                "‘Aanmelding bij een partner betekent niet dat de begeleiding doorgeschoven wordt en/of dat "
                "deze overgenomen wordt’",
            ),
            (S0, "‘Draaischijffunctie en Afronding’"),
            (S3, "‘Alternatieve trajecten – Draaischijffunctie (fase 2)’"),
        ),
    )
    node("xgw", "gw_waiting_list", "Wachtlijst?", C, 25, 3, "Staat de leerling op een wachtlijst?")
    node("xgw", "gw_bridging_merge", "Overbruggen", C, 26, 4, "Samenvoeging: (verder) overbruggen.")
    node(
        "user",
        "task_bridging_help",
        "Overbruggingshulp tijdens de wachtlijst",
        C,
        27,
        4,
        doc(
            "Tijdens de wachtlijst volgt het CLB op met overbruggingshulp, tot de partner heeft overgenomen; "
            "elk volgend contact op de gekozen datum.",
            (
                S0,
                "‘Overbruggingshulp en Schoolverandering’ (‘Overbruggingshulp i.g.v. wachtlijst bij externe "
                "partner: Verbondenheid behouden. Flexibele oplossingen zoeken.’)",
            ),
        ),
    )
    node(
        "xgw",
        "gw_partner_took_over",
        "Partner overgenomen?",
        C,
        28,
        4,
        "Heeft de partner de begeleiding opgestart?",
    )
    node(
        "catch_timer",
        "wait_bridging_contact",
        "Tot het volgende contact",
        C,
        27,
        5,
        doc(
            "Nog op de wachtlijst: het volgende overbruggingscontact volgt op de datum die het CLB koos.",
            (
                S0,
                "‘Overbruggingshulp i.g.v. wachtlijst bij externe partner: Verbondenheid behouden. Flexibele "
                "oplossingen zoeken.’",
            ),
        ),
        timer="next_contact_date",
    )
    node("xgw", "gw_hgd_done", "", C, 29, 1, "Samenvoeging: HGD afgerond of niet gekozen.")
    node(
        "xgw",
        "gw_short_done",
        "",
        C,
        29,
        2,
        "Samenvoeging: kortdurende begeleiding afgerond of niet gekozen.",
    )
    node("xgw", "gw_hub_done", "", C, 29, 3, "Samenvoeging: partner heeft overgenomen, of niet gekozen.")
    node(
        "pgw",
        "gw_round_join",
        "Ronde afgerond",
        C,
        30,
        2,
        "Alle trajecten van de ronde zijn rond.",
        label="upper_right",
    )
    round_sources = (
        (DOMAIN, "fase 2 stap 3–4"),
        (
            S1,
            "bijlage §3: ‘Wanneer het CLB voldoende zicht heeft op de situatie, stelt het een "
            "plan van aanpak voor’",
        ),
    )
    node(
        "egw",
        "gw_round_evaluation",
        "Evaluatiedatum of nu?",
        C,
        23,
        0,
        evaluate_now_doc(
            "Naast de trajecten loopt de ronde tot haar evaluatiedatum, tenzij het CLB eerder evalueert; de "
            "evaluatie opent als ook de trajecten rond zijn.",
            *round_sources,
        ),
    )
    node(
        "catch_timer",
        "wait_round_evaluation",
        "Tot de evaluatiedatum van de ronde",
        C,
        24.5,
        0,
        doc(
            "Naast de trajecten loopt de ronde tot haar evaluatiedatum (uit het plan van de ronde, of bij "
            "verderzetten de nieuwe datum; zonder datum de termijn ‘clb_evaluation’ in schooldagen): de "
            "evaluatie opent als de trajecten rond zijn én de datum bereikt is.",
            *round_sources,
        ),
        timer='evaluation_date or add_school_days(timer_start, deadline("clb_evaluation"))',
    )
    node(
        "catch_message",
        "catch_evaluate_now_round",
        "Nu evalueren",
        C,
        24.5,
        0.45,
        evaluate_now_doc(
            "De CLB-medewerker evalueert de ronde vóór haar datum (zodra de trajecten rond zijn).",
            *round_sources,
        ),
        message="evaluate_now",
    )
    node(
        "xgw",
        "gw_round_evaluation_merge",
        "",
        C,
        26,
        0,
        "Samenvoeging: de datum is bereikt of het CLB evalueert nu (één tak van de parallelle ronde).",
    )
    node(
        "user",
        "task_round_evaluation",
        "Evaluatie einde begeleidingsronde",
        C,
        31,
        2,
        doc(
            "Aan het einde van elke ronde beslist het CLB: verderzetten, bijsturen, afsluiten met "
            "opvolgafspraken met de school, of fase 3.",
            (DOMAIN, "fase 2 stap 3–4"),
            (
                S1,
                "bijlage §3: ‘Bij afronding van begeleiding of doorverwijzing worden afspraken gemaakt met de "
                "school over de opvolging van de afwezigheden’",
            ),
        ),
    )
    node("xgw", "gw_round_decision", "Beslissing ronde", C, 32, 2, "Wat het CLB na de ronde besliste.")
    node(
        "script",
        "script_next_round",
        "Evaluatiedatum volgende ronde",
        C,
        32,
        3,
        doc(
            "Verderzetten: de volgende ronde wordt geëvalueerd op de datum die het CLB nu koos (leeg: de "
            "standaardtermijn).",
            (DOMAIN, "fase 2 stap 3: ‘trajectories can combine and repeat’"),
        ),
        script="evaluation_date = next_evaluation_date",
    )

    flow("gw_round_plan", "gw_round_again", "Begeleiding", default=True)
    flow("gw_round_again", "gw_round_fork")
    flow("gw_round_fork", "gw_round_evaluation")
    flow("gw_round_evaluation", "wait_round_evaluation")
    flow("gw_round_evaluation", "catch_evaluate_now_round")
    flow("wait_round_evaluation", "gw_round_evaluation_merge")
    flow("catch_evaluate_now_round", "gw_round_evaluation_merge")
    # Through a merge: the parallel join counts one token per incoming flow.
    flow(
        "gw_round_evaluation_merge",
        "gw_round_join",
        points=[
            d.port(d.nodes["gw_round_evaluation_merge"], "right"),
            (d.col_x(30), d.row_y(C, 0)),
            d.port(d.nodes["gw_round_join"], "top"),
        ],
    )
    for chosen, task, done, traject, row in (
        ("gw_hgd_chosen", "task_hgd", "gw_hgd_done", "hgd", 1),
        ("gw_short_chosen", "task_short_term", "gw_short_done", "short_term", 2),
        ("gw_hub_chosen", "task_hub_referral", "gw_hub_done", "hub", 3),
    ):
        flow("gw_round_fork", chosen)
        flow(chosen, task, "Ja", f'"{traject}" in (trajectories or [])')
        flow(chosen, done, "Nee", default=True, points=d.back(chosen, done, d.boundary(C, row, 10)))
        if task != "task_hub_referral":
            flow(task, done)
    flow("task_hub_referral", "gw_waiting_list")
    flow("gw_waiting_list", "gw_bridging_merge", "Wachtlijst", "waiting_list == True")
    flow("gw_waiting_list", "gw_hub_done", "Start meteen", default=True)
    flow("gw_bridging_merge", "task_bridging_help")
    flow("task_bridging_help", "gw_partner_took_over")
    flow(
        "gw_partner_took_over",
        "gw_hub_done",
        "Ja",
        "partner_took_over == True",
        points=[
            d.port(d.nodes["gw_partner_took_over"], "right"),
            (d.col_x(29), d.row_y(C, 4)),
            d.port(d.nodes["gw_hub_done"], "bottom"),
        ],
    )
    flow(
        "gw_partner_took_over",
        "wait_bridging_contact",
        "Nog wachten",
        default=True,
        points=[
            d.port(d.nodes["gw_partner_took_over"], "bottom"),
            (d.col_x(28), d.row_y(C, 5)),
            d.port(d.nodes["wait_bridging_contact"], "right"),
        ],
    )
    flow(
        "wait_bridging_contact",
        "gw_bridging_merge",
        points=[
            d.port(d.nodes["wait_bridging_contact"], "left"),
            (d.col_x(26), d.row_y(C, 5)),
            d.port(d.nodes["gw_bridging_merge"], "bottom"),
        ],
    )
    flow("gw_hgd_done", "gw_round_join", style="h")
    flow("gw_short_done", "gw_round_join")
    flow("gw_hub_done", "gw_round_join", style="h")
    flow("gw_round_join", "task_round_evaluation")
    flow("task_round_evaluation", "gw_round_decision")
    flow("gw_round_decision", "script_next_round", "Verderzetten", 'decision == "continue"')
    flow(
        "script_next_round",
        "gw_round_again",
        points=d.back("script_next_round", "gw_round_again", d.boundary(C, 5, 30)),
    )
    flow(
        "gw_round_decision",
        "gw_round_plan_merge",
        "Bijsturen",
        'decision == "switch"',
        points=d.back("gw_round_decision", "gw_round_plan_merge", d.corridor(C, 14)),
    )
