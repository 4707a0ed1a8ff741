"""Phase 3's tailored offer is a joint decision: what the school organises
becomes the school's work.

When the CLB completes the plan of phase 3 (`task_phase3_plan`) with TOAH or
Bednet, an individually adapted curriculum, a flexible track or a
reorientation among its offers, each of those starts the school's part once
(workflows/zorgpad_school_offer.bpmn, `school_offer` naming it): a task in the
school's lane ("TOAH of Bednet aanvragen en organiseren", "IAC opstellen met de
klassenraad", …). The CLB stays responsible: its own offer task and the
evaluation of phase 3 run on in the main path. A plan adjusted later starts
only what is not already under way.

Sources: 004_… §3.1 (the school stays a party at every moment); 000_… "Fase 3:
Aanbod op maat"; domain.md phase 3 ("decisions of the school or its class
council, taken together with the CLB, pupil and parents").
"""

from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Case, CaseTask
from app.services.access import Actor
from app.services.cases.facts import engine_facts
from app.services.cases.views import today
from app.services.steps.instances import process_key, start_instance
from app.vocabulary import InstanceKind, TaskStatus

PLAN_TASK = "task_phase3_plan"
# The plan's offer → the school's part (its task in zorgpad_school_offer).
SCHOOL_PARTS = {
    "toah": "toah",
    "bednet": "toah",
    "iac": "iac",
    "flexible_track": "track",
    "reorientation": "track",
}
PART_TASKS = {"toah": "task_school_toah", "iac": "task_school_iac", "track": "task_school_track"}


def start_from_plan(case: Case, row: CaseTask, data: dict, actor: Actor | None, now: datetime) -> None:
    """After the plan of phase 3: the school's part of each chosen offer (in the
    caller's transaction)."""
    if row.bpmn_id != PLAN_TASK:
        return
    parts = list(dict.fromkeys(SCHOOL_PARTS[o] for o in data.get("offers") or [] if o in SCHOOL_PARTS))
    if not parts:
        return
    under_way = set(
        db.session.scalars(
            select(CaseTask.bpmn_id).where(
                CaseTask.case_id == case.id,
                CaseTask.status == TaskStatus.OPEN,
                CaseTask.bpmn_id.in_(PART_TASKS.values()),
            )
        )
    )
    facts = engine_facts(case, today())
    for part in parts:
        if PART_TASKS[part] in under_way:
            continue
        start_instance(
            case,
            InstanceKind.SCHOOL_OFFER,
            process_key(InstanceKind.SCHOOL_OFFER),
            facts
            | {
                "school_offer": part,
                "offers": data.get("offers"),
                "offer_details": data.get("offer_details"),
            },
            actor,
            now,
        )
