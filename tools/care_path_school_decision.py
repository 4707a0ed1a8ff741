"""The main path (zorgpad_case), phase 1 at the school: the evaluation and what
the school decides (signal the CLB, keep monitoring, close, or a new plan; the
referral to the CLB is phase 2: tools/care_path_clb.py)."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S1, S3, doc, evaluate_now_doc


def add_phase1_decision(d: Diagram) -> None:
    S = "lane_school"
    node, flow = d.node, d.flow

    node(
        "user",
        "task_phase1_evaluation",
        "Evaluatie en beslissing fase 1",
        S,
        11,
        1,
        doc(
            "De school evalueert en beslist: signaleren aan het CLB, verder opvolgen, een nieuw plan, "
            "aanmelden bij het CLB of afsluiten. Afsluiten met 5 of meer halve dagen met B-code zonder "
            "signaal wordt geweigerd. Bij een aanmelding: ouders geïnformeerd, besproken met de leerling "
            "(behalve als die elke begeleiding weigert), met een constructieve hulpvraag.",
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
            "Vanaf 5 halve dagen met B-code signaleert de school aan het CLB; de leerling wordt besproken op "
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
