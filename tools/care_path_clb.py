"""The main path (zorgpad_case), continued: phase 2, led by the CLB (phase 3: care_path_phase3.py)."""

from tools.bpmn_layout import Diagram
from tools.care_path_phase3 import add_phase3
from tools.care_path_sources import DOMAIN, S0, S1, S2, S3, doc, evaluate_now_doc


def add_clb_phases(d: Diagram) -> None:
    S, C = "lane_school", "lane_clb"
    node, flow = d.node, d.flow

    # --- phase 2 (CLB) ------------------------------------------------------------
    node(
        "script",
        "script_fase2",
        "Fase 2: aanmelding bij het CLB",
        C,
        12,
        0,
        doc(
            "Fase 2, uitbreiding van zorg: het CLB neemt de regie en ziet het dossier vanaf de aanmelding; "
            "de school blijft partner en registreert.",
            (
                S0,
                "‘Uitbreiding van Zorg – Samenwerking’ (‘CLB neemt regie over. School blijft partner in "
                "begeleiding en registratie afwezigheden’)",
            ),
        ),
        script='involve_clb("referral")\nset_phase("fase2")',
    )
    node(
        "user",
        "task_clb_accept",
        "Aanmelding beoordelen",
        C,
        13,
        0,
        doc(
            "Het CLB beoordeelt de aanmelding; niet aanvaard: terug naar de school, met de reden.",
            (
                S1,
                "bijlage §3: ‘Het CLB engageert zich om leerlingen die in onderling overleg worden aangemeld, "
                "aan te spreken’",
            ),
        ),
    )
    node("xgw", "gw_clb_accept", "Aanvaard?", C, 14, 0, "Aanvaardt het CLB de aanmelding?")
    node(
        "script",
        "script_return_to_school",
        "Terug naar de school",
        S,
        15,
        3,
        doc(
            "Niet aanvaard: de school zet fase 1 verder, met de reden van het CLB.",
            (S1, "bijlage §2: een aanmelding met ‘een constructieve hulpvraag’"),
        ),
        script='set_phase("fase1", reason=reason)',
    )
    node(
        "script",
        "script_accepted",
        "School verwittigen: aanvaard",
        C,
        15,
        0,
        doc(
            "De school hoort dat de aanmelding aanvaard is (een gebeurtenis die de school ziet), niet meer.",
            (
                DOMAIN,
                "‘What the CLB agreed with the school (acceptance of a referral, follow-up agreements) is "
                "shared with the school’",
            ),
            (S0, "‘Verdeling van Taken’ (‘Afstemming over wie welke leerling opvolgt’)"),
        ),
        script='notify_school("referral_accepted")',
    )
    node(
        "script",
        "script_resume_fase2",
        "Fase 2 bij het nieuwe CLB",
        C,
        15,
        1,
        doc(
            "Na een schoolverandering in fase 2 zet het nieuwe CLB de begeleiding verder, na de warme "
            "overdracht.",
            (S0, "‘Overbruggingshulp en Schoolverandering’ (‘Warme overdracht naar nieuwe CLB-medewerker’)"),
        ),
        script='set_phase("fase2")\nset_status("open")',
    )
    node(
        "xgw",
        "gw_intake_merge",
        "Begeleiding start",
        C,
        16,
        0,
        "Samenvoeging: de CLB-begeleiding start (na aanvaarding, of bij het nieuwe CLB).",
    )
    node(
        "user",
        "task_clb_intake",
        "Gesprek met leerling en ouders",
        C,
        17,
        0,
        doc(
            "Het CLB spreekt leerling en ouders (op school, thuis, telefonisch of digitaal), oplossingsgericht, "
            "zonder strafassociatie.",
            (
                S0,
                "‘CLB start begeleiding’ (‘CLB-gesprek met Leerling/Ouders … Vermijden van strafassociatie’)",
            ),
            (
                S1,
                "bijlage §3 (‘Een persoonlijk gesprek op school heeft de voorkeur … Huisbezoeken worden "
                "aangemoedigd … Ook telefonisch of digitaal overleg’)",
            ),
        ),
    )
    node(
        "xgw",
        "gw_round_plan_merge",
        "Ronde plannen",
        C,
        18,
        0,
        "Samenvoeging: (opnieuw) een begeleidingsronde plannen.",
        label="below",
    )
    node(
        "user",
        "task_clb_round_plan",
        "Begeleidingsronde plannen",
        C,
        19,
        0,
        doc(
            "Het CLB kiest één of meer trajecten die samen lopen (HGD, kortdurende begeleiding, draaischijf), "
            "of er is geen verdere hulpvraag: afsluiten met afspraken (de school signaleert nieuwe "
            "afwezigheden).",
            (S0, "‘CLB start begeleiding’ (‘HGD-traject / Kortdurende begeleiding / Draaischijffunctie’)"),
            (
                S1,
                "bijlage §3 (‘De begeleiding resulteert in een verdere kortdurende CLB-begeleiding. "
                "Doorverwijzing naar externe hulpverlening behoort tot de mogelijkheden’; ‘Er is geen verdere "
                "hulpvraag’)",
            ),
            (S2, "‘Ongeoorloofd relatief schoolverzuim’ (pistes, subsidiariteitsprincipe)"),
        ),
    )
    node("xgw", "gw_round_plan", "Verdere hulpvraag?", C, 20, 0, "Begeleiding, of geen verdere hulpvraag?")
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

    flow("gw_phase1_decision", "script_fase2", "Aanmelden bij het CLB", 'decision == "refer_to_clb"')
    flow("script_fase2", "task_clb_accept")
    flow("task_clb_accept", "gw_clb_accept")
    flow("gw_clb_accept", "script_accepted", "Ja", "accepted == True")
    flow(
        "gw_clb_accept",
        "script_return_to_school",
        "Nee",
        "accepted == False",
        points=[
            d.port(d.nodes["gw_clb_accept"], "top"),
            (d.col_x(14), d.boundary(S, 4, -8)),
            (d.col_x(15), d.boundary(S, 4, -8)),
            d.port(d.nodes["script_return_to_school"], "bottom"),
        ],
    )
    flow(
        "script_return_to_school",
        "gw_decision_merge",
        points=d.back("script_return_to_school", "gw_decision_merge", d.boundary(S, 3, 12)),
    )
    flow(
        "gw_resume",
        "script_resume_fase2",
        "Fase 2 bij het nieuwe CLB",
        'resume_phase == "fase2"',
        points=[
            d.port(d.nodes["gw_resume"], "bottom"),
            (d.col_x(1), d.row_y(C, 1)),
            d.port(d.nodes["script_resume_fase2"], "left"),
        ],
    )
    flow("script_accepted", "gw_intake_merge")
    flow("script_resume_fase2", "gw_intake_merge")
    flow("gw_intake_merge", "task_clb_intake")
    flow("task_clb_intake", "gw_round_plan_merge")
    flow("gw_round_plan_merge", "task_clb_round_plan")
    flow("task_clb_round_plan", "gw_round_plan")
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

    # --- closing with agreements, and relapse ---------------------------------------
    node(
        "xgw",
        "gw_close_merge",
        "Afsluiten met afspraken",
        C,
        34,
        0,
        "Samenvoeging: afsluiten met opvolgafspraken met de school.",
        label="upper_right",
    )
    node(
        "script",
        "script_close_agreements",
        "Afspraken delen en afsluiten",
        C,
        35,
        0,
        doc(
            "De opvolgafspraken worden gedeeld met de school (zichtbaar op het dossier); het dossier sluit maar "
            "wacht op nieuwe afwezigheden.",
            (
                S1,
                "bijlage §3: ‘afspraken … over de opvolging van de afwezigheden, om terugval snel te "
                "detecteren en de nodige begeleiding opnieuw te activeren’",
            ),
            (S0, "‘Afronding en Opvolging’ (‘Afspraken met school over opvolging afwezigheden’)"),
        ),
        script='share_agreements(followup_agreements, school_contact, relapse_signal)\nset_status("closed")',
    )
    node(
        "egw",
        "gw_after_closing",
        "Herval of einde opvolging?",
        S,
        36,
        3,
        doc(
            "Na het afsluiten met afspraken wacht het dossier op wat eerst komt: nieuwe afwezigheden (de school "
            "signaleert ze) of het einde van de opvolgperiode.",
            (
                S1,
                "bijlage §3: ‘afspraken … over de opvolging van de afwezigheden, om terugval snel te "
                "detecteren’",
            ),
        ),
        label="upper_right",
    )
    node(
        "catch_message",
        "catch_new_absences",
        "Nieuwe afwezigheden",
        S,
        37,
        3,
        doc(
            "De school signaleert nieuwe afwezigheden (bericht new_absences): het dossier gaat weer open en "
            "het CLB krijgt een taak.",
            (S1, "bijlage §3: ‘De school signaleert wanneer er bijkomende afwezigheden zijn’"),
        ),
        message="new_absences",
        label="above",
    )
    node(
        "catch_timer",
        "wait_relapse_check",
        "Geen herval: opvolging voorbij",
        S,
        36,
        2,
        doc(
            "Controle op herval: geen nieuwe afwezigheden binnen de termijn ‘relapse_check’ (schooldagen na het "
            "afsluiten): het dossier is definitief afgesloten; nieuwe afwezigheden openen dan een nieuw dossier.",
            (
                S1,
                "bijlage §3: ‘om terugval snel te detecteren en de nodige begeleiding opnieuw te activeren’",
            ),
            (S0, "‘Afronding en Opvolging’ (‘Afspraken met school over opvolging afwezigheden’)"),
        ),
        timer='add_school_days(timer_start, deadline("relapse_check"))',
        label="above",
    )
    node(
        "end",
        "end_closed_for_good",
        "Definitief afgesloten",
        S,
        37,
        2,
        "Het dossier is definitief afgesloten: geen herval binnen de opvolgperiode.",
    )
    node(
        "script",
        "script_relapse",
        "Heropenen",
        C,
        37,
        0,
        doc(
            "Heropend: het CLB krijgt de hervaltaak.",
            (S1, "bijlage §3: ‘de nodige begeleiding opnieuw te activeren’"),
        ),
        script='set_status("open", reason="nieuwe afwezigheden na afsluiting met opvolgafspraken")',
    )
    node(
        "user",
        "task_relapse_review",
        "Herval opvolgen: nieuwe afwezigheden",
        C,
        38,
        0,
        doc(
            "Het CLB hoort van de nieuwe afwezigheden en beslist: een nieuwe ronde, fase 3, of opnieuw "
            "afsluiten met afspraken.",
            (S1, "bijlage §3: ‘de nodige begeleiding opnieuw te activeren’"),
        ),
    )
    node("xgw", "gw_relapse", "Beslissing herval", C, 39, 0, "Wat het CLB na het herval besliste.")
    flow(
        "gw_round_plan",
        "gw_close_merge",
        "Geen verdere hulpvraag",
        'plan == "no_further_need"',
        points=d.back("gw_round_plan", "gw_close_merge", d.corridor(C, 26)),
    )
    flow(
        "gw_round_decision",
        "gw_close_merge",
        "Afsluiten met opvolgafspraken",
        'decision == "close_with_agreements"',
        style="h",
        label="last",
    )
    flow("gw_close_merge", "script_close_agreements")
    flow("script_close_agreements", "gw_after_closing")
    flow("gw_after_closing", "catch_new_absences")
    flow("gw_after_closing", "wait_relapse_check")
    flow("wait_relapse_check", "end_closed_for_good")
    flow("catch_new_absences", "script_relapse", style="h")
    flow("script_relapse", "task_relapse_review")
    flow("task_relapse_review", "gw_relapse")
    flow(
        "gw_relapse",
        "gw_round_plan_merge",
        "Nieuwe ronde",
        'decision == "new_round"',
        points=d.back("gw_relapse", "gw_round_plan_merge", d.corridor(C, 38)),
        label="last",
    )
    flow(
        "gw_relapse",
        "gw_close_merge",
        "Opnieuw afsluiten",
        'decision == "close_again"',
        points=d.back("gw_relapse", "gw_close_merge", d.corridor(C, 50)),
    )
    add_phase3(d)
