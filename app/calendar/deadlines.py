"""The named deadlines BPMN timer expressions use, in school days.

`deadline("reminder")` in a timer expression reads the case's school's value,
else the default (config DEADLINE_DEFAULTS, from these values unless
ZORGPAD_DEADLINE_<NAME> says otherwise). A school's directie changes them with
PUT /api/schools/{id}/deadlines/{name}; a change applies to timers that start
waiting afterwards.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    default: int
    description: str  # Dutch: shown to the directie


DEADLINES = {
    # Reminder and escalation on the care path's tasks (tools/care_path_timers.py
    # says which task uses which pair, docs/care-path.md why).
    "reminder": Deadline(
        5,
        "Herinnering: een open taak is zoveel schooldagen na haar start over haar "
        "termijn; wie ze opnam (of anders het team) krijgt een herinnering.",
    ),
    "escalation": Deadline(
        10,
        "Escalatie: zoveel schooldagen na haar start gaat een nog open taak naar "
        "de directie (schoolkant) of de CLB-directeur (CLB-kant).",
    ),
    "first_contact_reminder": Deadline(
        1,
        "Herinnering voor het contact met de ouders na een afwezigheid "
        "(en bij schoolweigering het gesprek met de leerling eerst).",
    ),
    "first_contact_escalation": Deadline(
        3,
        "Escalatie als de ouders (of bij schoolweigering de leerling) "
        "na een afwezigheid nog niet gecontacteerd zijn.",
    ),
    "plan_reminder": Deadline(
        10,
        "Herinnering voor een plan van fase 1 (spijbelactieplan, terugkeerplan, "
        "afspraken met de ouders, hulp na uitsluiting) en de politiemelding.",
    ),
    "plan_escalation": Deadline(
        20, "Escalatie als een plan van fase 1 of de politiemelding nog niet klaar is."
    ),
    "absence_meeting_reminder": Deadline(
        10,
        "Herinnering voor het signaal aan het CLB: besproken op het "
        "overleg afwezigheden (tweewekelijks of maandelijks).",
    ),
    "absence_meeting_escalation": Deadline(
        20,
        "Escalatie als het signaal aan het CLB nog niet besproken "
        "is (ook een maandelijks overleg is dan voorbij).",
    ),
    "clb_start_reminder": Deadline(
        10, "Herinnering voor het CLB: een aanmelding beoordelen, het gesprek met leerling en ouders."
    ),
    "clb_start_escalation": Deadline(
        20, "Escalatie naar de CLB-directeur als een aanmelding of het eerste gesprek blijft liggen."
    ),
    # Waits on the path.
    "action_plan_evaluation": Deadline(
        20, "Evaluatie van een plan van fase 1 dat zelf geen datum noemt (hulp na een uitsluiting)."
    ),
    "clb_evaluation": Deadline(
        20,
        "Evaluatie van een begeleidingsronde van het CLB die verdergezet wordt "
        "zonder nieuwe datum (geteld vanaf de start van de ronde).",
    ),
    "relapse_check": Deadline(
        30,
        "Controle op herval: zoveel schooldagen nadat een dossier met afspraken "
        "werd afgesloten zonder nieuwe afwezigheden, is het definitief "
        "afgesloten.",
    ),
}
MAX_SCHOOL_DAYS = 200  # about a school year (≈ 180 school days) and a margin
