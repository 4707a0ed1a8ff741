"""What scripts and service tasks may ask of a case: each call becomes an Effect
(plain data) that the service layer applies after the step."""

from app.engine.documents import GENERATE_DOCUMENT, TEMPLATES
from app.engine.results import Effect
from app.vocabulary import CaseStatus, ClbInvolvement, Lane, Notice, Phase, values

PHASES = values(Phase)
STATUSES = values(CaseStatus)
INVOLVEMENTS = values(ClbInvolvement)
NOTICES = values(Notice)


def effect_functions(effects: list[Effect]) -> dict:
    def set_phase(phase, reason=None):
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}")
        effects.append(Effect("phase", phase, reason))

    def set_status(status, reason=None):
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        effects.append(Effect("status", status, reason))

    def involve_clb(how, reason=None):
        if how not in INVOLVEMENTS:
            raise ValueError(f"unknown CLB involvement {how!r}")
        effects.append(Effect("clb", how, reason))

    def notify_school(notice, reason=None):
        if notice not in NOTICES:
            raise ValueError(f"unknown notice {notice!r}")
        effects.append(Effect("notice", notice, reason))

    def share_agreements(agreements, school_contact=None, relapse_signal=None):
        if not isinstance(agreements, str) or not agreements.strip():
            raise ValueError("share_agreements needs the agreements as text")
        data = {"agreements": agreements, "school_contact": school_contact, "relapse_signal": relapse_signal}
        effects.append(Effect("agreements", "shared", data={k: v for k, v in data.items() if v}))

    return {
        "set_phase": set_phase,
        "set_status": set_status,
        "involve_clb": involve_clb,
        "notify_school": notify_school,
        "share_agreements": share_agreements,
    }


SCRIPT_FUNCTIONS = frozenset(effect_functions([]))


def service_operations(effects: list[Effect]) -> dict:
    """What BPMN service tasks call (app/engine/documents.py); not visible to scripts."""

    def generate_document(template, lane, task):
        if template not in TEMPLATES:
            raise ValueError(f"unknown document template {template!r}")
        effects.append(
            Effect("document", template, data={"lane": (lane or Lane.SCHOOL).strip().lower(), "task": task})
        )

    return {GENERATE_DOCUMENT: generate_document}
