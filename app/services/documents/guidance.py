"""What the case knows about the voluntary guidance offered, for the forms that ask
for it: the M-document (social necessity, MaNo: which voluntary help was offered, why
it fails, the pupil's view) and the AGODI report (the guidance is exhausted).

Built from the completed steps the caller may read (it passes them in), each line
with its date and what the step recorded (app/services/documents/step_words.py);
the user edits the prefill before it goes into a document.
"""

from app.calendar.school_days import BRUSSELS
from app.models import CaseTask
from app.services.documents.step_words import step_summary

# The steps that offer voluntary help (school, CLB, partners), by form.
GUIDANCE_TASKS = (
    "task_action_plan",
    "task_return_plan",
    "task_parent_agreements",
    "task_exclusion_support",
    "task_clb_trajectory",
    "task_clb_round_plan",
    "task_short_term",
    "task_hgd",
    "task_hub_referral",
    "task_bridging_help",
    "task_phase3_plan",
    "task_tailored_offer",
    "task_school_toah",
    "task_school_iac",
)
# The steps that say how the guidance went.
EVALUATION_TASKS = ("task_round_evaluation", "task_phase3_evaluation", "task_short_term")
LINE_LENGTH = 400


def _day(row: CaseTask) -> str:
    moment = row.completed_at
    return moment.astimezone(BRUSSELS).strftime("%d-%m-%Y") if moment else ""


def _agreed(data: dict | None) -> str | None:
    """A plan's agreed actions (phase 1's plans record no decision, but what each does)."""
    actions = [a.get("action") for a in (data or {}).get("actions") or () if isinstance(a, dict)]
    done = [action.strip() for action in actions if isinstance(action, str) and action.strip()]
    return f"Afgesproken: {'; '.join(done)}" if done else None


def _line(row: CaseTask) -> str:
    recorded = step_summary(row.bpmn_id, row.data) or _agreed(row.data)
    words = f"{_day(row)} — {row.title}" + (f": {recorded}" if recorded else "")
    return words if len(words) <= LINE_LENGTH else words[: LINE_LENGTH - 1].rstrip() + "…"


def help_offered(steps: list[CaseTask]) -> str:
    """One line per step that offered voluntary help, oldest first."""
    return "\n".join(_line(row) for row in steps if row.bpmn_id in GUIDANCE_TASKS)


def how_it_went(steps: list[CaseTask]) -> str:
    """The evaluations of the guidance (rounds, phase 3, the short guidance's result)."""
    return "\n".join(_line(row) for row in steps if row.bpmn_id in EVALUATION_TASKS)


def pupil_view(steps: list[CaseTask]) -> str | None:
    """The pupil's view as the CLB's talk with pupil and parents recorded it (latest)."""
    views = [
        (row.data or {}).get("pupil_perspective")
        for row in steps
        if row.bpmn_id == "task_clb_intake" and (row.data or {}).get("pupil_perspective")
    ]
    return views[-1] if views else None
