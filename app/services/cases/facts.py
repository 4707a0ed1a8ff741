"""What the case knows that the path's gateways and rules need, in one place.

The engine sees these facts in the data of every step (so a gateway reads the
absence type as the CLB last set it, not as it was when the case opened).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.calendar.compulsory_education import pupil_is_compulsory
from app.extensions import db
from app.models import Case, CaseEvent, CaseTask
from app.services.absences import settings as absence_settings
from app.services.absences.counts import b_count_from, counted_b_count, school_year_b_count
from app.vocabulary import ClbInvolvement, EventKind, TaskStatus

SIGNAL_THRESHOLD = absence_settings.SIGNAL_FLOOR_B  # the legal 5: default and maximum of `signal_b`
# The names engine_facts gives every step, and the school change's start (a
# migration plan needs not set them).
FACT_NAMES = frozenset({"absence_type", "b_count", "compulsory", "clb_involved", "resume_phase"})


@dataclass(frozen=True)
class StepReads:
    """What a step reads of its case before the engine runs, kept for its answer
    (the case view asks the same): the registrations' part of the B count and the
    school's absence settings. A step writes neither."""

    counted_b: int
    settings: absence_settings.SchoolSettings


def step_reads(case: Case, today: date, settings: absence_settings.SchoolSettings | None = None) -> StepReads:
    return StepReads(counted_b_count(case, today), settings or absence_settings.effective(case.school_id))


def engine_facts(
    case: Case,
    today: date,
    *,
    registered: int | None = None,
    formal_plan: bool | None = None,
    reads: StepReads | None = None,
) -> dict:
    """`registered`: the pupil's B half-days this school year when the caller has
    just counted them (an import, for thousands of pupils at once). `formal_plan`:
    the school names a local police protocol, so phase 1's plan is the formal,
    signed spijbelactieplan rather than a begeleidingsplan; a caller that read the
    school's absence settings already (an import) passes it, else it is read here
    (one lookup by key). `reads`: both, as a step read them (`step_reads`)."""
    if reads is not None:
        b_count = school_year_b_count(case, today, counted=reads.counted_b)
        formal_plan = reads.settings.police_protocol is not None
    else:
        b_count = b_count_from(case, today, registered=registered)
    return {
        "absence_type": case.absence_type,
        "b_count": b_count,
        "compulsory": pupil_is_compulsory(case.pupil, today),
        "clb_involved": case.clb_since is not None,
        "formal_plan": police_protocol(case.school_id) is not None if formal_plan is None else formal_plan,
    }


def police_protocol(school_id: int) -> str | None:
    """The name of the local police protocol the school works under (its absence
    settings), or None. With one, phase 1's plan is a formal spijbelactieplan that
    pupil, parents and school sign (seed 002: its copy may go with an M-document
    when the police were involved in phase 1); without, a begeleidingsplan made
    with the pupil and the parents, not a contract (domain.md, phase 1 step 4)."""
    return absence_settings.effective(school_id).police_protocol


def signalled(case: Case) -> bool:
    """Has the school signalled (or referred) this case to the CLB?"""
    return (
        db.session.scalar(
            select(CaseEvent.id)
            .where(
                CaseEvent.case_id == case.id,
                CaseEvent.kind == EventKind.CLB_INVOLVED,
                CaseEvent.new_value.in_((ClbInvolvement.SIGNAL, ClbInvolvement.REFERRAL)),
            )
            .limit(1)
        )
        is not None
    )


def signal_threshold(school_id: int, settings: absence_settings.SchoolSettings | None = None) -> int:
    """The school's signal threshold (absence settings, read here unless the caller
    did; 5 B half-days by default)."""
    settings = settings or absence_settings.effective(school_id)
    return settings.thresholds.get("signal_b") or SIGNAL_THRESHOLD


def signal_due(
    case: Case,
    today: date,
    b_count: int | None = None,
    *,
    school_year: int | None = None,
    threshold: int | None = None,
) -> bool:
    """The school's threshold (5) of B half-days this school year reached by a pupil of
    compulsory age, and not yet signalled (past it: voluntary guidance, no duty).
    `b_count`: a count stated in a form (the higher one counts). A caller that read
    the school-year count (`school_year`) or the threshold already (a case view)
    passes them: neither is then read again."""
    count = max(b_count or 0, school_year_b_count(case, today) if school_year is None else school_year)
    return (
        count >= (threshold if threshold is not None else signal_threshold(case.school_id))
        and pupil_is_compulsory(case.pupil, today)
        and not signalled(case)
    )


def completed_data(case_id: int | None, bpmn_id: str, instance_id: int | None = None) -> dict | None:
    """The submitted data of the latest completed task `bpmn_id` of one instance, or
    else of the case."""
    query = select(CaseTask.data).where(CaseTask.bpmn_id == bpmn_id, CaseTask.status == TaskStatus.COMPLETED)
    if instance_id is not None:
        query = query.where(CaseTask.instance_id == instance_id)
    else:
        query = query.where(CaseTask.case_id == case_id)
    return db.session.scalar(query.order_by(CaseTask.completed_at.desc(), CaseTask.id.desc()).limit(1))
