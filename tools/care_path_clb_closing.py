"""The main path (zorgpad_case): closing with follow-up agreements shared with
the school (after a round plan without further need, a round, a relapse or
phase 3), then waiting for what comes first: new absences (a relapse, back to
the CLB) or the end of the relapse check (closed for good)."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import S0, S1, doc


def add_closing(d: Diagram) -> None:
    S, C = "lane_school", "lane_clb"
    node, flow = d.node, d.flow

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
        "Terugval of einde opvolging?",
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
        "Geen terugval: opvolging voorbij",
        S,
        36,
        2,
        doc(
            "Controle op terugval: geen nieuwe afwezigheden binnen de termijn ‘relapse_check’ (schooldagen na het "
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
        "Het dossier is definitief afgesloten: geen terugval binnen de opvolgperiode.",
    )
    node(
        "script",
        "script_relapse",
        "Heropenen",
        C,
        37,
        0,
        doc(
            "Heropend: het CLB krijgt de taak om de terugval op te volgen.",
            (S1, "bijlage §3: ‘de nodige begeleiding opnieuw te activeren’"),
        ),
        script='set_status("open", reason="nieuwe afwezigheden na afsluiting met opvolgafspraken")',
    )
    node(
        "user",
        "task_relapse_review",
        "Terugval opvolgen: nieuwe afwezigheden",
        C,
        38,
        0,
        doc(
            "Het CLB hoort van de nieuwe afwezigheden en beslist: een nieuwe ronde, fase 3, of opnieuw "
            "afsluiten met afspraken.",
            (S1, "bijlage §3: ‘de nodige begeleiding opnieuw te activeren’"),
        ),
    )
    node("xgw", "gw_relapse", "Beslissing terugval", C, 39, 0, "Wat het CLB na de terugval besliste.")
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
