"""The M-document and the AGODI report, started by the side that files them.

Both are options from phase 2 on (002_… "Aanwezigheidsbeleid op fase 2":
"Gemandateerde voorziening OCJ – VK (M-document)" and "Melding zorgwekkend
dossier AGODI"), not only after a phase-3 plan; before phase 2 they are
refused (409). Who files:

- the M-document: the CLB (a CLB worker or director); not bound to compulsory
  education, it concerns any minor in a worrying situation;
- the AGODI report: the school (care coordinator or director) or the CLB, in
  its own lane; only for a compulsory-age pupil, like the police track.

Each runs in a process of its own (workflows/zorgpad_m_document.bpmn,
zorgpad_agodi_report.bpmn): the report as a draft document first, then
recorded as sent (date, channel). The filing side records its consultation
of the other side on the report's task; what it typed when starting goes in
the timeline (for the M-document only the CLB reads it).
"""

from dataclasses import dataclass

from app import clock
from app.calendar.compulsory_education import pupil_is_compulsory
from app.models import Case
from app.services.access import OPEN_CASE_ROLES, Actor
from app.services.cases.facts import engine_facts
from app.services.cases.views import CaseView, load_current, today, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.steps.instances import process_key, running_instances, start_instance
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import ENDED_STATUSES, EventKind, InstanceKind, Lane, Phase, Role, Visibility

M_DOCUMENT, AGODI_REPORT = "m_document", "agodi_report"
FIELDS = {"consultation"}
CLB_FILERS = frozenset({Role.CLB_MEDEWERKER, Role.CLB_DIRECTEUR})


@dataclass(frozen=True)
class Track:
    name: str
    kind: InstanceKind
    title: str
    filers: dict[str, frozenset]  # lane -> roles that may file
    compulsory_only: bool
    who: str  # who may file, in words (the 403's message)
    short: str  # "Er loopt al een …"


TRACKS = {
    M_DOCUMENT: Track(
        M_DOCUMENT,
        InstanceKind.M_DOCUMENT,
        "M-document aan OCJ/VK",
        {Lane.CLB: CLB_FILERS},
        False,
        "Het M-document aan OCJ/VK dient het CLB in (CLB-medewerker of CLB-directeur), na overleg met de "
        "school.",
        "M-document",
    ),
    AGODI_REPORT: Track(
        AGODI_REPORT,
        InstanceKind.AGODI_REPORT,
        "Melding zorgwekkend dossier aan AGODI",
        {Lane.SCHOOL: OPEN_CASE_ROLES, Lane.CLB: CLB_FILERS},
        True,
        "Een zorgwekkend dossier meldt de school (zorgcoördinator of directie) of het CLB "
        "(CLB-medewerker of CLB-directeur) aan AGODI.",
        "melding aan AGODI",
    ),
}


def may_file(actor: Actor, name: str) -> bool:
    track = TRACKS[name]
    return actor.lane in track.filers and actor.has_any(track.filers[actor.lane])


@dataclass(frozen=True)
class TrackOption:
    """A track as the case page offers it: startable now, or why not."""

    name: str
    title: str
    available: bool
    reason: str | None = None


def options(actor: Actor, view: CaseView) -> list[TrackOption]:
    """The tracks the actor may file on this case (nothing for a side that may not)."""
    found = []
    for track in TRACKS.values():
        if not may_file(actor, track.name) or view.is_former:
            continue
        reason = _refusal(view.case, track)
        found.append(TrackOption(track.name, track.title, reason is None, reason))
    return found


def _refusal(case: Case, track: Track) -> str | None:
    if case.status in ENDED_STATUSES:
        return "Dit dossier is afgesloten."
    if case.phase == Phase.FASE1:
        return "Kan vanaf fase 2 (het CLB begeleidt); in fase 1 kan de school het politiespoor starten."
    if track.compulsory_only and not pupil_is_compulsory(case.pupil, today()):
        return (
            "De leerling is niet (meer) leerplichtig: enkel vrijwillige begeleiding, geen melding aan AGODI."
        )
    if running_instances(case, track.kind):
        return f"Er loopt al een {track.short} voor dit dossier."
    return None


def _parse(data: dict) -> str | None:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - FIELDS):
        errors[name] = [f"Onbekend veld. Toegestaan: {', '.join(sorted(FIELDS))}."]
    consultation = data.get("consultation")
    if consultation is not None and (not isinstance(consultation, str) or len(consultation) > 2000):
        errors["consultation"] = ["Een toelichting van hoogstens 2000 tekens."]
    if errors:
        raise Invalid("Ongeldige gegevens voor de melding.", errors)
    return (consultation or "").strip() or None


def start_track(actor: Actor, case_id: int, name: str, data: dict) -> CaseView:
    track = TRACKS[name]
    case = load_current(actor, case_id)
    if not may_file(actor, name):
        raise Forbidden(track.who)
    consultation = _parse(data or {})
    if track.compulsory_only and not pupil_is_compulsory(case.pupil, today()):
        raise Invalid(
            "Geen melding aan AGODI.",
            {
                "name": [
                    "De leerling is niet (meer) leerplichtig: enkel vrijwillige begeleiding, geen juridisch spoor."
                ]
            },
        )
    refused = _refusal(case, track)
    if refused is not None:
        raise Conflict(refused)
    now = clock.now()
    filed_by = "school" if actor.lane == Lane.SCHOOL else "clb"
    visibility = Visibility.CLB if track.kind == InstanceKind.M_DOCUMENT else Visibility.SHARED
    with writing() as session:
        session.add(
            event(
                case, actor, now, EventKind.MESSAGE_RECEIVED, name, reason=consultation, visibility=visibility
            )
        )
        start_instance(
            case,
            track.kind,
            process_key(track.kind),
            engine_facts(case, today()) | {"agodi_filed_by": filed_by, "consultation": consultation},
            actor,
            now,
        )
    return view_after_step(actor, case)


def start_m_document(actor: Actor, case_id: int, data: dict) -> CaseView:
    return start_track(actor, case_id, M_DOCUMENT, data)


def start_agodi_report(actor: Actor, case_id: int, data: dict) -> CaseView:
    return start_track(actor, case_id, AGODI_REPORT, data)
