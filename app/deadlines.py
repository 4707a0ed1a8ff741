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
    "reminder": Deadline(5, "Herinnering: een open taak is zoveel schooldagen na haar start over haar "
                            "termijn; wie ze opnam (of anders het team) krijgt een herinnering."),
    "escalation": Deadline(10, "Escalatie: zoveel schooldagen na haar start gaat een nog open taak naar "
                               "de directie (schoolkant) of de CLB-directeur (CLB-kant)."),
    "action_plan_evaluation": Deadline(20, "Evaluatie van het spijbelactieplan, als het plan zelf geen "
                                           "datum noemt."),
    "clb_evaluation": Deadline(20, "Evaluatie van een begeleidingsronde van het CLB."),
    "relapse_check": Deadline(30, "Controle op herval: zoveel schooldagen nadat een dossier met afspraken "
                                  "werd afgesloten."),
}
MAX_SCHOOL_DAYS = 200  # about a school year (≈ 180 school days) and a margin
