"""The named deadlines BPMN timer expressions use, in school days, and whose they are.

Deadlines are local agreements ("afspraken"), not rules: no source sets them in
days (domain.md, "Who decides the deadlines"). Each name belongs to a lane:
the school's directie sets the school lane's for the school, the CLB's
director sets the CLB lane's for every school the CLB serves (the school–CLB
cooperation agreement). `deadline("reminder")` in a timer expression reads the
case's school's value for a school-lane name and its CLB's value for a
CLB-lane name, else the default (config DEADLINE_DEFAULTS, from these values
unless ZORGPAD_DEADLINE_<NAME> says otherwise). PUT /api/schools/{id}/deadlines/{name}
and PUT /api/clbs/{id}/deadlines/{name} change them; a change applies to timers
that start waiting afterwards. Each lane has its own pair for watched tasks
without a pair of their own (`reminder`/`escalation`, `clb_reminder`/`clb_escalation`),
and each lane escalates to its own director.
"""

from dataclasses import dataclass

from app.vocabulary import Lane


@dataclass(frozen=True)
class Deadline:
    default: int
    description: str  # Dutch: shown to the director who sets it
    lane: Lane  # whose agreement it is: the school's (directie) or the CLB's (CLB-directeur)


DEADLINES = {
    # Reminder and escalation on the care path's tasks (tools/care_path_timers.py
    # says which task uses which pair, docs/care-path.md why).
    "reminder": Deadline(
        5,
        "Herinnering: een open taak van de school is zoveel schooldagen na haar start "
        "over haar termijn; wie ze opnam (of anders het team) krijgt een herinnering.",
        Lane.SCHOOL,
    ),
    "escalation": Deadline(
        10,
        "Escalatie: zoveel schooldagen na haar start gaat een nog open taak van de school naar de directie.",
        Lane.SCHOOL,
    ),
    "clb_reminder": Deadline(
        5,
        "Herinnering: een open taak van het CLB is zoveel schooldagen na haar start "
        "over haar termijn; wie ze opnam (of anders het CLB-team) krijgt een herinnering.",
        Lane.CLB,
    ),
    "clb_escalation": Deadline(
        10,
        "Escalatie: zoveel schooldagen na haar start gaat een nog open taak van het "
        "CLB naar de CLB-directeur.",
        Lane.CLB,
    ),
    "first_contact_reminder": Deadline(
        1,
        "Herinnering voor het contact met de ouders na een afwezigheid "
        "(en bij schoolweigering het gesprek met de leerling eerst).",
        Lane.SCHOOL,
    ),
    "first_contact_escalation": Deadline(
        3,
        "Escalatie als de ouders (of bij schoolweigering de leerling) "
        "na een afwezigheid nog niet gecontacteerd zijn.",
        Lane.SCHOOL,
    ),
    "plan_reminder": Deadline(
        10,
        "Herinnering voor een plan van fase 1 (begeleidingsplan of spijbelactieplan, terugkeerplan, "
        "afspraken met de ouders, hulp na uitsluiting) en de politiemelding.",
        Lane.SCHOOL,
    ),
    "plan_escalation": Deadline(
        20,
        "Escalatie als een plan van fase 1 of de politiemelding nog niet klaar is.",
        Lane.SCHOOL,
    ),
    "absence_meeting_reminder": Deadline(
        10,
        "Herinnering voor het signaal aan het CLB: besproken op het "
        "overleg afwezigheden (tweewekelijks of maandelijks).",
        Lane.SCHOOL,
    ),
    "absence_meeting_escalation": Deadline(
        20,
        "Escalatie als het signaal aan het CLB nog niet besproken "
        "is (ook een maandelijks overleg is dan voorbij).",
        Lane.SCHOOL,
    ),
    "clb_start_reminder": Deadline(
        10,
        "Herinnering voor het CLB: een aanmelding beoordelen, het gesprek met leerling en ouders.",
        Lane.CLB,
    ),
    "clb_start_escalation": Deadline(
        20,
        "Escalatie naar de CLB-directeur als een aanmelding of het eerste gesprek blijft liggen.",
        Lane.CLB,
    ),
    # Waits on the path.
    "action_plan_evaluation": Deadline(
        20,
        "Evaluatie van een plan van fase 1 dat zelf geen datum noemt (hulp na een uitsluiting).",
        Lane.SCHOOL,
    ),
    "clb_evaluation": Deadline(
        20,
        "Evaluatie van een begeleidingsronde van het CLB die verdergezet wordt "
        "zonder nieuwe datum (geteld vanaf de start van de ronde).",
        Lane.CLB,
    ),
    "return_followup": Deadline(
        10,
        "Opvolging van een terugkeer na lange gewettigde afwezigheid (ziekenhuis, K-dienst, "
        "TOAH, Bednet): zoveel schooldagen na het voorbereiden van de klas (of de keuze om ze "
        "niet voor te bereiden) vraagt de school hoe het gaat, en opnieuw zolang het nog niet gaat.",
        Lane.SCHOOL,
    ),
    "relapse_check": Deadline(
        30,
        "Controle op terugval: zoveel schooldagen nadat een dossier met afspraken "
        "werd afgesloten zonder nieuwe afwezigheden, is het definitief "
        "afgesloten.",
        Lane.CLB,
    ),
}
MAX_SCHOOL_DAYS = 200  # about a school year (≈ 180 school days) and a margin


def names_of(lane: Lane) -> list[str]:
    """The deadline names of one lane, in the table's order."""
    return [name for name, deadline in DEADLINES.items() if deadline.lane == lane]
