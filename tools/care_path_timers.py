"""Deadlines on the care path: which user tasks are watched, after how many school
days, and why (DEVELOPERS.md, "Timers"; docs/care-path.md, "Deadlines").

Each watched task gets a reminder and an escalation (non-interrupting boundary
timers `<task>_reminder` / `<task>_escalation`), the escalation opening
`<task>_escalated` for the school's directie or the CLB's clb_directeur in the
task's lane. The counts are named deadlines (app/calendar/deadlines.py), local
agreements of the task's lane: the school's directie sets the school lane's, the
CLB's director the CLB lane's (for all its schools). The sources say how urgent a
step is, rarely how many days, so each pair below names the source of its urgency;
a task without a pair of its own takes its lane's general pair
(`reminder`/`escalation` at school, `clb_reminder`/`clb_escalation` at the CLB). `escalation_forms()` gives the
escalation tasks' forms (written to forms/ by tools/care_path.py), each
marked `"x-generated": "tools/care_path_timers.py"` (DEVELOPERS.md, "Generated
files").
"""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S1, S2, doc

# The marker of the forms written from here: JSON Schema ignores x- keys, the app reads none of this one.
GENERATED_BY = "tools/care_path_timers.py"

# Why a step is urgent, per group of deadlines (the pair's names in app/calendar/deadlines.py).
FIRST_CONTACT = (
    "first_contact",
    [
        (
            S0,
            "‘School neemt actie bij afwezigheid’ (‘Contact nemen met Ouders: Bij elke afwezigheid’) en "
            "‘Snelle Opvolging van Afwezigheden: Vanaf eerste afwezigheid’",
        ),
        (
            S1,
            "bijlage §1: ‘de communicatie met de leerling en/of ouders vanaf de eerste ongewettigde "
            "afwezigheid’",
        ),
    ],
)
ON_RETURN = (
    "",
    [
        (
            S0,
            "‘De leerling persoonlijk aanspreken: Bij terugkomst na afwezigheid’; ‘Vroeg ingrijpen is "
            "cruciaal’",
        )
    ],
)
PLAN = (
    "plan",
    [
        (S1, "bijlage §2: ‘Hoe korter op de bal, hoe groter de impact’"),
        (S0, "‘ELKE B-CODE VERLAAGT KANS OP SLAGEN’"),
    ],
)
SCHOOL_FOLLOW_UP = (
    "",
    [(S1, "bijlage §2: ‘Hoe korter op de bal, hoe groter de impact’"), (DOMAIN, "fase 1 stap 6")],
)
ABSENCE_MEETING = (
    "absence_meeting",
    [
        (
            S0,
            "‘Systematisch overleg afwezigheden’ (‘Met vooraf bepaalde frequentie -> "
            "tweewekelijks/maandelijks’)",
        ),
        (S1, "bijlage §1: ‘het signaleren aan het CLB vanaf 5 B-codes’"),
    ],
)
CLB_START = (
    "clb_start",
    [
        (
            S1,
            "bijlage §3: ‘Het CLB engageert zich om leerlingen die in onderling overleg worden aangemeld, "
            "aan te spreken’; bijlage §2: ‘Hoe korter op de bal, hoe groter de impact’",
        )
    ],
)
CLB_FOLLOW_UP = (
    "",
    [
        (
            S1,
            "bijlage §3: ‘Wanneer het CLB voldoende zicht heeft op de situatie, stelt het een plan van "
            "aanpak voor’",
        ),
        (DOMAIN, "fase 2 stap 3–4"),
    ],
)
BRIDGING = ("", [(S0, "‘Overbruggingshulp i.g.v. wachtlijst bij externe partner: Verbondenheid behouden’")])
RELAPSE = (
    "",
    [(S1, "bijlage §3: ‘om terugval snel te detecteren en de nodige begeleiding opnieuw te activeren’")],
)
PHASE3 = (
    "",
    [(S0, "‘Zorgwekkende Dossiers’ (‘Bij ernstige spijbelproblematiek blijft CLB verantwoordelijk’)")],
)
POLICE = (
    "plan",
    [
        (
            S0,
            "‘Juridische trajecten bij verontrustende situaties’ (‘Melding bij Politie: door school na "
            "overleg met CLB’)",
        )
    ],
)
HANDOVER = (
    "",
    [
        (
            S1,
            "bijlage §3: warme overdracht ‘om te vermijden dat B-codes opnieuw hoog oplopen alvorens er "
            "wordt ingegrepen’",
        )
    ],
)
RETURN = (
    "",
    [
        (
            S2,
            "‘Terugkeer van de leerling voorbereiden’, r. 44–45: ‘De school kan de leerling niet gepast "
            "onthalen indien de school niet op de hoogte is van de datum van ontslag’",
        )
    ],
)

# Watched task → (deadline group, the escalation task's name). A group "" uses
# the general pair of the task's lane (LANE_PAIR).
WATCHED = {
    "task_absence_ask_pupil": (FIRST_CONTACT, "Escalatie: leerling niet aangesproken"),
    "task_absence_contact_parents": (FIRST_CONTACT, "Escalatie: ouders niet gecontacteerd"),
    "task_absence_pupil_talk": (ON_RETURN, "Escalatie: gesprek bij terugkeer ligt stil"),
    "task_absence_type": (SCHOOL_FOLLOW_UP, "Escalatie: type afwezigheid niet uitgezocht"),
    "task_action_plan": (PLAN, "Escalatie: begeleidingsplan ligt stil"),
    "task_return_plan": (PLAN, "Escalatie: terugkeerplan ligt stil"),
    "task_parent_agreements": (PLAN, "Escalatie: afspraken met ouders liggen stil"),
    "task_exclusion_support": (PLAN, "Escalatie: hulp na uitsluiting ligt stil"),
    "task_phase1_evaluation": (SCHOOL_FOLLOW_UP, "Escalatie: evaluatie fase 1 ligt stil"),
    "task_monitoring_review": (SCHOOL_FOLLOW_UP, "Escalatie: herevaluatie ligt stil"),
    "task_signal_clb": (ABSENCE_MEETING, "Escalatie: signaal aan het CLB ligt stil"),
    "task_clb_accept": (CLB_START, "Escalatie: aanmelding niet beoordeeld"),
    "task_clb_intake": (CLB_START, "Escalatie: gesprek met leerling en ouders ligt stil"),
    "task_clb_round_plan": (CLB_FOLLOW_UP, "Escalatie: ronde niet gepland"),
    "task_round_evaluation": (CLB_FOLLOW_UP, "Escalatie: evaluatie van de ronde ligt stil"),
    "task_bridging_help": (BRIDGING, "Escalatie: overbruggingshulp ligt stil"),
    "task_relapse_review": (RELAPSE, "Escalatie: terugval niet opgevolgd"),
    "task_phase3_plan": (PHASE3, "Escalatie: aanbod fase 3 niet gekozen"),
    "task_phase3_evaluation": (PHASE3, "Escalatie: evaluatie fase 3 ligt stil"),
    "task_police_report": (POLICE, "Escalatie: politiemelding ligt stil"),
    "task_warm_handover": (HANDOVER, "Escalatie: warme overdracht ligt stil"),
    "task_receive_handover": (HANDOVER, "Escalatie: overdracht niet opgenomen"),
    "task_return_talk": (RETURN, "Escalatie: terugkeergesprek ligt stil"),
    "task_class_council": (RETURN, "Escalatie: klassenraad over de terugkeer ligt stil"),
    "task_prepare_class": (RETURN, "Escalatie: voorbereiding van de klas ligt stil"),
    "task_return_followup": (RETURN, "Escalatie: opvolging van de terugkeer ligt stil"),
}
DIRECTOR = {
    "lane_school": ("directie", "de directie van de school"),
    "lane_clb": ("clb_directeur", "de CLB-directeur"),
}
ESCALATION_SOURCES = {
    "lane_school": (DOMAIN, "‘director | directie | school user: escalations land here’"),
    "lane_clb": (S1, "bijlage §3: ‘Het CLB engageert zich …’ (de CLB-directeur waakt over de opvolging)"),
}
# The escalation task is due this many school days after it opens: the director
# decides within the week (a choice of ours; no source sets it).
ESCALATION_DUE_SCHOOL_DAYS = 3
# The sending CLB's work stays with the school the pupil left (forms: x-period).
SENDING_PERIOD = {"task_warm_handover"}


# Each lane's general pair: whose agreement a deadline is follows the lane of its task.
LANE_PAIR = {
    "lane_school": ("reminder", "escalation"),
    "lane_clb": ("clb_reminder", "clb_escalation"),
}
# Who sets a lane's deadlines (for the diagram's documentation).
SETS_DEADLINES = {"lane_school": "per school", "lane_clb": "per CLB, voor al zijn scholen"}


def deadline_names(task_id: str, lane: str) -> tuple[str, str]:
    (group, _sources), _name = WATCHED[task_id]
    return (f"{group}_reminder", f"{group}_escalation") if group else LANE_PAIR[lane]


def expression(name: str) -> str:
    return f'add_school_days(timer_start, deadline("{name}"))'


def add_deadlines(d: Diagram) -> None:
    """Watch every task of the diagram that WATCHED names."""
    for task_id in [t for t in d.nodes if t in WATCHED]:
        task = d.nodes[task_id]
        (_group, sources), escalated_name = WATCHED[task_id]
        reminder, escalation = deadline_names(task_id, task.lane)
        role, who = DIRECTOR[task.lane]
        d.watch(
            task_id,
            reminder=expression(reminder),
            escalation=expression(escalation),
            escalated_name=escalated_name,
            docs={
                "reminder": doc(
                    f"Herinnering: de taak ‘{task.name}’ is na de termijn ‘{reminder}’ (schooldagen, "
                    f"een afspraak {SETS_DEADLINES[task.lane]}) over tijd; wie ze opnam, of anders het "
                    "team, krijgt een herinnering. De taak blijft open.",
                    *sources,
                ),
                "escalation": doc(
                    f"Escalatie: ligt de taak na de termijn ‘{escalation}’ (schooldagen) nog open, dan "
                    f"krijgt {who} een melding en een escalatietaak. De taak blijft open.",
                    *sources,
                    ESCALATION_SOURCES[task.lane],
                ),
                "escalated": doc(
                    f"{who[0].upper()}{who[1:]} ({role}) beslist wat er gebeurt met ‘{task.name}’, die "
                    "over haar termijn is: de verantwoordelijke aanspreken, de taak aan iemand anders "
                    "geven of zelf opnemen.",
                    ESCALATION_SOURCES[task.lane],
                ),
                "end_reminder": "De herinnering is verstuurd.",
                "end_escalated": "De escalatie is behandeld.",
            },
        )


def escalation_forms(diagram: Diagram) -> dict[str, dict]:
    """forms/<task>_escalated.schema.json for every escalation task of the diagram."""
    forms = {}
    for task_id in [t for t in diagram.nodes if t in WATCHED]:
        task = diagram.nodes[task_id]
        role, who = DIRECTOR[task.lane]
        escalated = diagram.nodes[f"{task_id}_escalated"]
        form = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "x-generated": GENERATED_BY,
            "title": escalated.name,
            "description": f"De taak ‘{task.name}’ is over haar termijn en ligt nog open. {who[0].upper()}"
            f"{who[1:]} beslist wat er gebeurt: de verantwoordelijke aanspreken, de taak aan iemand anders "
            "geven of zelf opnemen, en sluit de escalatie af met een toelichting.",
            "x-due-school-days": ESCALATION_DUE_SCHOOL_DAYS,
            "type": "object",
            "properties": {
                "measure": {
                    "type": "string",
                    "title": "Maatregel",
                    "description": "Wat er met de taak gebeurt.",
                    "oneOf": [
                        {"const": "spoken_to", "title": "De verantwoordelijke aangesproken"},
                        {"const": "reassigned", "title": "De taak aan iemand anders gegeven"},
                        {"const": "taken_over", "title": "Zelf opgenomen"},
                        {"const": "other", "title": "Iets anders (zie toelichting)"},
                    ],
                },
                "action": {
                    "type": "string",
                    "title": "Toelichting",
                    "description": "Wat er afgesproken is, met wie en tegen wanneer.",
                    "minLength": 1,
                    "maxLength": 2000,
                },
            },
            "required": ["measure", "action"],
            "additionalProperties": False,
            "examples": [
                {
                    "measure": "spoken_to",
                    "action": "Verantwoordelijke aangesproken; de taak wordt deze week afgewerkt.",
                }
            ],
            "x-roles": [role],
        }
        if task_id in SENDING_PERIOD:
            form["x-period"] = "sending"
        forms[f"{task_id}_escalated"] = form
    return forms


UI_SCHEMA = {
    "x-generated": GENERATED_BY,
    "ui:order": ["measure", "action"],
    "measure": {"ui:widget": "radio"},
    "action": {"ui:widget": "textarea", "ui:options": {"rows": 4}},
}
