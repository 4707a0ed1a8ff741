"""The main path (zorgpad_case): the start, and phase 1 at the school."""

from tools.bpmn_layout import TALL, Diagram
from tools.care_path_clb import add_clb_phases
from tools.care_path_sources import DOMAIN, S0, S1, S2, S3, S4, doc, evaluate_now_doc
from tools.care_path_timers import add_deadlines


def case_process() -> Diagram:
    d = Diagram(
        "zorgpad_case",
        "Zorgpad: problematische afwezigheden",
        "Het zorgcontinuüm bij problematische afwezigheden, per leerling en per schoolperiode: fase 1 "
        "(school), fase 2 (CLB), fase 3 (aanbod op maat, met het zorgwekkend dossier als één deel). "
        "Elke stap noemt haar bron (shared/seeds). Per afwezigheid loopt een eigen proces "
        "(zorgpad_absence_followup), net als het politiespoor (zorgpad_police_track) en de warme "
        "overdracht (zorgpad_school_change). Scripts roepen enkel set_phase, set_status, involve_clb, "
        "notify_school en share_agreements aan. Termijnen in schooldagen: herinnering en escalatie op de "
        "taken, wachten op de evaluatiedata, het einde van de opvolging en de controle op herval.",
        # TALL rows keep room below their tasks for the deadline timers.
        [
            ("lane_school", "School", [TALL] * 4, 50),
            ("lane_clb", "CLB", [TALL, 120, TALL, 120, TALL, 160, 120], 60),
        ],
        # The stretched spans make room for the "evaluate now" events beside the waits.
        col_width=180,
        messages=["new_absences", "evaluate_now"],
        stretch={9: 2, 13: 2, 54: 2},
    )
    S = "lane_school"
    node, flow = d.node, d.flow

    # --- start, or start again at the new school --------------------------------
    node(
        "start",
        "start_case",
        "Dossier geopend",
        S,
        0,
        1,
        doc(
            "Een dossier per leerling; na een schoolverandering start het pad opnieuw bij de nieuwe school.",
            (
                S1,
                "bijlage §1 ‘Opdracht school’: ‘het opbouwen van een dossier van die begeleidende "
                "maatregelen’",
            ),
        ),
    )
    node(
        "xgw",
        "gw_resume",
        "Fase bij de start?",
        S,
        1,
        1,
        doc(
            "Na een schoolverandering begint de nieuwe school in de fase waarin het dossier zat; de "
            "CLB-begeleiding loopt verder bij het nieuwe CLB.",
            (
                S1,
                "bijlage §3: ‘Bij schoolverandering zorgt het CLB voor een warme overdracht … om te vermijden "
                "dat B-codes opnieuw hoog oplopen alvorens er wordt ingegrepen’",
            ),
        ),
    )

    # --- phase 1 (school) ---------------------------------------------------------
    node(
        "script",
        "script_fase1",
        "Fase 1: verhoogde zorg",
        S,
        2,
        1,
        doc(
            "Fase 1, verhoogde zorg: de school heeft de regie.",
            (S0, "‘FASE 1: Verhoogde zorg bij spijbelen en afwezigheden’ (‘Regierol van de School’)"),
        ),
        script='set_phase("fase1")\nset_status("open")',
    )
    node(
        "xgw",
        "gw_plan_again",
        "Aanpak (opnieuw)",
        S,
        3,
        1,
        doc(
            "Samenvoeging: opnieuw naar de aanpak volgens het type, bv. nadat het CLB het type wijzigde.",
            (S4, "§1.5 ‘Soorten schoolafwezigheden’: de aanpak afstemmen op het type"),
        ),
    )
    node(
        "xgw",
        "gw_type_known",
        "Type gekend?",
        S,
        4,
        1,
        doc(
            "Is het type afwezigheid gekend? Zo niet, eerst uitzoeken.",
            (
                S4,
                "§1.5: ‘Vooraleer over te gaan tot concrete acties, dient men de situatie eerst grondig in te "
                "schatten’",
            ),
        ),
    )
    node(
        "user",
        "task_absence_type",
        "Type afwezigheid uitzoeken",
        S,
        5,
        0,
        doc(
            "De school schat in of het gaat om spijbelen, schoolonthouding, schooluitsluiting of "
            "schoolweigering; het type bepaalt de aanpak.",
            (S4, "§1.5 ‘Soorten schoolafwezigheden’ en §1.6 (alle perspectieven in kaart)"),
            (S1, "bijlage §1: ‘het uitklaren van de oorzaak van de afwezigheid (vraagverheldering)’"),
        ),
    )
    node("xgw", "gw_type_merge", "Type gekend", S, 6, 1, "Samenvoeging: het type is gekend.")
    node(
        "xgw",
        "gw_route_by_type",
        "Aanpak volgens type",
        S,
        7,
        1,
        doc(
            "Elk type zijn aanpak: een spijbelactieplan hoort enkel bij spijbelen.",
            (S4, "§1.5: ‘Spijbelen vereist bijvoorbeeld een andere aanpak dan schoolweigering’"),
            (
                DOMAIN,
                "‘School refusal … Schoolonthouding … schooluitsluiting (exclusion) for help towards a "
                "new school’",
            ),
        ),
    )
    node(
        "user",
        "task_action_plan",
        "Spijbelactieplan opstellen",
        S,
        8,
        0,
        doc(
            "Enkel bij spijbelen: een actieplan met leerling en ouders (acties, wie, wanneer, evaluatie).",
            (
                S3,
                "‘Preventieplan afwezigheden – PLG Antwerpen’ (‘Nood vanuit spijbelactieplan’) en ‘Actieplan "
                "aanwezigheidsbeleid – PLG Oost-Vlaanderen’ (‘Gebaseerd op … bestaande spijbelactieplannen "
                "(o.a. Gent)’)",
            ),
            (S2, "‘Ongeoorloofd relatief schoolverzuim’: kopie van het spijbelactieplan bij het M-document"),
        ),
    )
    node(
        "service",
        "service_spijbelactieplan",
        "Document spijbelactieplan",
        S,
        9,
        0,
        doc(
            "Het plan wordt een document (Word, PDF) met de afwezigheden, de acties (wie, wat, tegen wanneer), "
            "de evaluatiedatum en handtekeningen voor leerling, ouders en school; een kopie kan later bij het "
            "M-document of, volgens het lokale politieprotocol, naar de politie.",
            (
                S3,
                "‘Actieplan aanwezigheidsbeleid – PLG Oost-Vlaanderen’ (‘Gebaseerd op … bestaande "
                "spijbelactieplannen (o.a. Gent)’)",
            ),
            (S2, "‘kan een kopie van het spijbelactieplan toegevoegd worden aan het M-document’"),
            (
                DOMAIN,
                "‘spijbelactieplan (truancy action plan): pupil, parents, school contact, agreed actions "
                "with who/when, evaluation date, signatures’",
            ),
        ),
        document="spijbelactieplan",
    )
    node(
        "user",
        "task_return_plan",
        "Terugkeerplan met spilfiguur",
        S,
        8,
        1,
        doc(
            "Bij schoolweigering: geen contract en geen dwang. Een spilfiguur houdt contact; de terugkeer "
            "gebeurt stap voor stap (eerst het ‘hoe’, dan het ‘wanneer’).",
            (
                S4,
                "§1.7 (‘De spilfiguur is diegene die op ieder moment voeling heeft en houdt met de situatie’), "
                "§2.3 ‘Terugkeer naar school’, §2.6 FAQ 3–4 (‘Een contract op school … werkt vaak "
                "contraproductief bij jongeren met schoolweigering’)",
            ),
            (S2, "‘Schoolweigering’"),
        ),
    )
    node(
        "user",
        "task_parent_agreements",
        "Afspraken met de ouders (schoolonthouding)",
        S,
        8,
        2,
        doc(
            "Bij schoolonthouding (de ouders houden de leerling thuis) werkt de school met de ouders: reden, "
            "belemmeringen, afspraken.",
            (
                S4,
                "§1.5 (‘Schoolonthouding: de jongere is afwezig, onder impuls van en/of met medeweten van de "
                "ouder(s)’) en §1.3 ‘Bespreken van signalen met de ouders’",
            ),
            (S0, "‘Belang van Ouders’ (‘Bereidheid tot samenwerken cruciaal; risicofactor anders’)"),
        ),
    )
    node(
        "user",
        "task_exclusion_support",
        "Uitsluiting: hulp naar een nieuwe school",
        S,
        8,
        3,
        doc(
            "Bij schooluitsluiting helpt de school, samen met het CLB, de leerling naar een nieuwe school.",
            (
                S0,
                "‘Fase 3: Aanbod op maat’ – ‘definitieve verwijdering o.w.v. tuchtmaatregel’: ‘Huidige school "
                "mee verantwoordelijk om samen met CLB ll actief bij te staan in zoektocht nieuwe school’; "
                "‘Bijzondere gevallen en interventies’ (schorsing, uitsluiting)",
            ),
        ),
    )
    node("xgw", "gw_plan_merge", "Plan opgesteld", S, 9, 1, "Samenvoeging: de aanpak volgens het type loopt.")
    plan_sources = (
        (
            S3,
            "‘Actieplan aanwezigheidsbeleid - PLG Oost-Vlaanderen’ (‘Gebaseerd op andere, "
            "bestaande spijbelactieplannen’)",
        ),
        (DOMAIN, "spijbelactieplan: ‘agreed actions with who/when, evaluation date’"),
    )
    node(
        "egw",
        "gw_plan_evaluation",
        "Evaluatiedatum of nu?",
        S,
        9.3,
        1,
        evaluate_now_doc(
            "Het plan loopt tot zijn evaluatiedatum, tenzij de school eerder evalueert.", *plan_sources
        ),
    )
    node(
        "catch_timer",
        "wait_plan_evaluation",
        "Tot de evaluatiedatum van het plan",
        S,
        9.7,
        1,
        doc(
            "Het plan loopt tot zijn evaluatiedatum (elk plan van fase 1 noemt er een; hulp na een uitsluiting "
            "zonder datum: de termijn ‘action_plan_evaluation’ in schooldagen); dan evalueert de school.",
            *plan_sources,
        ),
        timer='evaluation_date or add_school_days(timer_start, deadline("action_plan_evaluation"))',
    )
    node(
        "catch_message",
        "catch_evaluate_now_plan",
        "Nu evalueren",
        S,
        9.7,
        1.45,
        evaluate_now_doc(
            "De zorgcoördinator (of wie schrijven mag in het dossier) evalueert het plan vóór zijn datum.",
            *plan_sources,
        ),
        message="evaluate_now",
    )
    node(
        "xgw",
        "gw_decision_merge",
        "Naar de evaluatie",
        S,
        10,
        1,
        "Samenvoeging: terug naar de evaluatie van fase 1 (na het signaal, na de opvolgperiode, of als het "
        "CLB de aanmelding niet aanvaardt).",
    )
    node(
        "user",
        "task_phase1_evaluation",
        "Evaluatie en beslissing fase 1",
        S,
        11,
        1,
        doc(
            "De school evalueert en beslist: signaleren aan het CLB, verder opvolgen, een nieuw plan, "
            "aanmelden bij het CLB of afsluiten. Afsluiten met 5 of meer B-codes zonder signaal wordt "
            "geweigerd. Bij een aanmelding: ouders geïnformeerd, besproken met de leerling (behalve als die "
            "elke begeleiding weigert), met een constructieve hulpvraag.",
            (
                S1,
                "bijlage §2 ‘Doorverwijzing naar het CLB’ (‘Een aanmelding bij het CLB wordt, uitgezonderd in "
                "het laatste geval, steeds besproken met de leerling’)",
            ),
            (S0, "‘Fase 2 … Wanneer meldt de school de leerling aan bij CLB?’ en ‘Belang van Ouders’"),
        ),
    )
    node("xgw", "gw_phase1_decision", "Beslissing fase 1", S, 12, 1, "Wat de school besliste.")
    node(
        "script",
        "script_signal",
        "CLB betrekken: signaal",
        S,
        13,
        0,
        doc(
            "Vanaf het signaal ziet het CLB het dossier, niet eerder.",
            (
                S1,
                "bijlage §1 (‘het signaleren aan het CLB vanaf 5 B-codes’) en §2 (‘Signaleren ≠ aanmelden’)",
            ),
        ),
        script='involve_clb("signal")',
    )
    node(
        "user",
        "task_signal_clb",
        "Signaal aan het CLB: overleg afwezigheden",
        S,
        14,
        0,
        doc(
            "Vanaf 5 B-codes (halve dagen) signaleert de school aan het CLB; de leerling wordt besproken op "
            "het systematisch overleg afwezigheden (consultatief). Signaleren is geen aanmelding: de school "
            "houdt de regie.",
            (
                S0,
                "‘Systematisch overleg afwezigheden’ en ‘Besproken leerlingen op overleg’ (‘Bespreking vanaf 5 "
                "B-codes’, ‘CLB- consulterende functie mogelijk’)",
            ),
            (
                S1,
                "bijlage §2 (‘Signaleren kan doorheen gesprek of door het bezorgen van een overzichtslijst’; "
                "knipperlichten)",
            ),
        ),
    )
    node(
        "service",
        "service_dossier_maatregelen",
        "Dossier van begeleidende maatregelen genereren",
        S,
        15,
        0,
        doc(
            "Bij het signaal gaat het dossier van begeleidende maatregelen (logboek, stappen, afwezigheden) "
            "als document naar het overleg afwezigheden met het CLB.",
            (
                S1,
                "bijlage §1 (‘het opbouwen van een dossier van die begeleidende maatregelen’) en §2 "
                "(‘Signaleren kan doorheen gesprek of door het bezorgen van een overzichtslijst’)",
            ),
        ),
        document="dossier_maatregelen",
    )
    node(
        "script",
        "script_monitoring",
        "Opvolging",
        S,
        13,
        2,
        doc(
            "Voorlopig opgelost: de school volgt de afwezigheden verder op tot de datum ‘Opvolgen tot’.",
            (DOMAIN, "fase 1 stap 6: ‘resolved (monitor)’"),
        ),
        script='set_status("monitoring")',
    )
    monitoring_sources = (
        (DOMAIN, "fase 1 stap 6: ‘resolved (monitor)’"),
        (S3, "routekaart, fase 1: ‘nauwe opvolging’"),
    )
    node(
        "egw",
        "gw_monitoring_evaluation",
        "Einde opvolging of nu?",
        S,
        13.5,
        2,
        evaluate_now_doc(
            "De school volgt op tot ‘Opvolgen tot’, tenzij ze eerder herevalueert.", *monitoring_sources
        ),
        label="below",
    )
    node(
        "catch_timer",
        "wait_monitoring",
        "Tot het einde van de opvolging",
        S,
        14,
        2,
        doc(
            "Wacht tot het einde van de opvolgperiode (‘Opvolgen tot’ uit de evaluatie van fase 1, op het einde "
            "van die schooldag); dan opent de herevaluatie.",
            *monitoring_sources,
        ),
        timer="monitoring_until",
    )
    node(
        "catch_message",
        "catch_evaluate_now_monitoring",
        "Nu evalueren",
        S,
        14,
        1.55,
        evaluate_now_doc("De school herevalueert vóór het einde van de opvolgperiode.", *monitoring_sources),
        message="evaluate_now",
    )
    node(
        "user",
        "task_monitoring_review",
        "Herevaluatie na opvolgperiode",
        S,
        15,
        2,
        doc(
            "Na de opvolgperiode kijkt de school opnieuw en gaat terug naar de evaluatie.",
            (S3, "routekaart, fase 1: ‘nauwe opvolging’"),
        ),
    )
    node(
        "script",
        "script_reopen",
        "Opnieuw actief",
        S,
        16,
        2,
        doc("Het dossier is weer actief na de opvolgperiode.", (DOMAIN, "fase 1 stap 6")),
        script='set_status("open")',
    )
    node(
        "script",
        "script_close_fase1",
        "Afsluiten: opgelost",
        S,
        13,
        3,
        doc("Opgelost in fase 1.", (DOMAIN, "fase 1 stap 6: ‘decide: resolved … or refer to the CLB’")),
        script='set_status("closed")',
    )
    node("end", "end_closed_fase1", "Afgesloten in fase 1", S, 14, 3, "Het dossier is afgesloten in fase 1.")

    flow("start_case", "gw_resume")
    flow("gw_resume", "script_fase1", "Fase 1", default=True)
    flow("script_fase1", "gw_plan_again")
    flow("gw_plan_again", "gw_type_known")
    flow("gw_type_known", "task_absence_type", "Onbekend", 'absence_type == "onbekend"')
    flow("gw_type_known", "gw_type_merge", "Gekend", default=True)
    flow("task_absence_type", "gw_type_merge", style="h")
    flow("gw_type_merge", "gw_route_by_type")
    flow("gw_route_by_type", "task_action_plan", "Spijbelen", 'absence_type == "spijbelen"')
    flow("gw_route_by_type", "task_return_plan", "Schoolweigering", 'absence_type == "schoolweigering"')
    flow(
        "gw_route_by_type", "task_parent_agreements", "Schoolonthouding", 'absence_type == "schoolonthouding"'
    )
    flow(
        "gw_route_by_type",
        "task_exclusion_support",
        "Schooluitsluiting",
        'absence_type == "schooluitsluiting"',
    )
    flow("task_action_plan", "service_spijbelactieplan")
    flow("service_spijbelactieplan", "gw_plan_merge")
    for task in ("task_return_plan", "task_parent_agreements", "task_exclusion_support"):
        flow(task, "gw_plan_merge")
    flow("gw_plan_merge", "gw_plan_evaluation")
    flow("gw_plan_evaluation", "wait_plan_evaluation")
    flow("gw_plan_evaluation", "catch_evaluate_now_plan")
    flow("wait_plan_evaluation", "gw_decision_merge")
    flow("catch_evaluate_now_plan", "gw_decision_merge")
    flow("gw_decision_merge", "task_phase1_evaluation")
    flow("task_phase1_evaluation", "gw_phase1_decision")
    flow(
        "gw_phase1_decision", "script_signal", "Signaleren aan het CLB", 'decision == "signal_clb"', style="h"
    )
    flow("gw_phase1_decision", "script_monitoring", "Verder opvolgen", 'decision == "monitor"')
    flow("gw_phase1_decision", "script_close_fase1", "Afsluiten", 'decision == "close"')
    flow(
        "gw_phase1_decision",
        "gw_plan_again",
        "Nieuw plan",
        'decision == "new_plan"',
        points=d.back("gw_phase1_decision", "gw_plan_again", d.corridor(S, 34)),
    )
    flow("script_signal", "task_signal_clb")
    flow("task_signal_clb", "service_dossier_maatregelen")
    flow(
        "service_dossier_maatregelen",
        "gw_decision_merge",
        points=d.back("service_dossier_maatregelen", "gw_decision_merge", d.corridor(S, 16)),
    )
    flow("script_monitoring", "gw_monitoring_evaluation")
    flow("gw_monitoring_evaluation", "wait_monitoring")
    flow("gw_monitoring_evaluation", "catch_evaluate_now_monitoring")
    flow("wait_monitoring", "task_monitoring_review")
    flow("catch_evaluate_now_monitoring", "task_monitoring_review")
    flow("task_monitoring_review", "script_reopen")
    flow(
        "script_reopen",
        "gw_decision_merge",
        points=d.back("script_reopen", "gw_decision_merge", d.boundary(S, 3)),
    )
    flow("script_close_fase1", "end_closed_fase1")

    add_clb_phases(d)
    add_deadlines(d)
    return d
