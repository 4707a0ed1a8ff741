"""The words the whole app shares: statuses, phases, lanes, roles, kinds.

One package, no dependencies, so the engine, the models (CHECK constraints),
the API schemas and the services all speak the same vocabulary. A StrEnum
member *is* its string value, so it stores, serialises and compares as text.
Role codes and absence types keep the Dutch term of art.
"""

from enum import StrEnum

from app.vocabulary.absences import (
    OFFICIAL_ABSENCE_CODES,
    AbsenceCode,
    AbsenceType,
    HalfDay,
    ImportChannel,
    ImportFormat,
    LateRule,
    MeetingCadence,
    MeetingDecision,
    SignalKind,
    SignalRule,
)
from app.vocabulary.records import AuditAction, DocumentStatus, DocumentTemplate


class CaseStatus(StrEnum):
    OPEN = "open"
    MONITORING = "monitoring"
    CLOSED = "closed"
    CANCELLED = "cancelled"  # opened in error (a registration corrected, a wrong pupil)


# A case that is running: neither closed nor cancelled (one per pupil at most).
ENDED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.CANCELLED})


class CaseTrack(StrEnum):
    """Which path a case runs: the care continuum for problematic absences, or the
    return to school after a long justified absence (hospital, K-dienst, TOAH, Bednet)."""

    CARE = "care"
    RETURN = "return"


class Phase(StrEnum):
    FASE1 = "fase1"
    FASE2 = "fase2"
    FASE3 = "fase3"


class InstanceKind(StrEnum):
    """Which process a workflow instance of a case runs: the case's main path,
    or a short process of its own for recurring work."""

    CASE = "case"
    ABSENCE_FOLLOWUP = "absence_followup"  # one per absence episode: parents, pupil talk
    POLICE_TRACK = "police_track"  # started by the school, any phase
    HANDOVER = "handover"  # warm handover between CLBs at a school change
    M_DOCUMENT = "m_document"  # the CLB's report of concern to the OCJ/VK, from phase 2 on
    AGODI_REPORT = "agodi_report"  # a worrying file reported to AGODI by the school or the CLB
    SCHOOL_OFFER = "school_offer"  # the school's part of phase 3's tailored offer (TOAH, IAC, …)


# Instances whose start and steps only the CLB reads (professional secrecy).
CLB_INSTANCE_KINDS = frozenset({InstanceKind.HANDOVER, InstanceKind.M_DOCUMENT})


class InstanceStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Lane(StrEnum):
    SCHOOL = "school"
    CLB = "clb"


class TimerKind(StrEnum):
    """What a BPMN timer means to the case (app/engine/runtime.py reads it from the
    boundary event's id: `<task id>_reminder`, `<task id>_escalation`)."""

    REMINDER = "reminder"
    ESCALATION = "escalation"
    WAIT = "wait"


class TaskStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Visibility(StrEnum):
    """Who may read a journal entry or an event: everyone in scope, or the CLB only
    (professional secrecy)."""

    SHARED = "shared"
    CLB = "clb"


class Role(StrEnum):
    ZORGCOORDINATOR = "zorgcoordinator"
    SECRETARIAAT = "secretariaat"
    DIRECTIE = "directie"
    KLASTITULARIS = "klastitularis"
    # The school roles the seeds name (S0 "Coördinator spijbelbeleid", "Deelnemers [overleg
    # afwezigheden]: secretariaatsmedewerker, zorgleerkracht, coördinator spijbelbeleid en CLB",
    # "leerlingbegeleider"); what each may do: app/services/access.py.
    LEERLINGBEGELEIDER = "leerlingbegeleider"
    ZORGLEERKRACHT = "zorgleerkracht"
    COORDINATOR_SPIJBELBELEID = "coordinator_spijbelbeleid"
    CLB_MEDEWERKER = "clb_medewerker"
    CLB_ARTS = "clb_arts"
    CLB_DIRECTEUR = "clb_directeur"
    ADMIN = "admin"


SCHOOL_ROLES = frozenset(
    {
        Role.ZORGCOORDINATOR,
        Role.SECRETARIAAT,
        Role.DIRECTIE,
        Role.KLASTITULARIS,
        Role.LEERLINGBEGELEIDER,
        Role.ZORGLEERKRACHT,
        Role.COORDINATOR_SPIJBELBELEID,
    }
)
CLB_ROLES = frozenset({Role.CLB_MEDEWERKER, Role.CLB_ARTS, Role.CLB_DIRECTEUR})


class ContactRelation(StrEnum):
    """How a contact person relates to the pupil (a pupil's parents and guardians)."""

    MOEDER = "moeder"
    VADER = "vader"
    OUDER = "ouder"  # a parent, without saying which (also mee-ouder)
    PLUSOUDER = "plusouder"  # plus- or stiefouder
    PLEEGOUDER = "pleegouder"
    VOOGD = "voogd"
    GROOTOUDER = "grootouder"
    ANDERE = "andere"  # another contact person (family, host family, boarding school)


class ClbInvolvement(StrEnum):
    """How the CLB came to see a school's case: before any of these it does not."""

    SIGNAL = "signal"  # 5 B half-days: discussed at the absence meeting
    REFERRAL = "referral"  # aanmelding: phase 2
    MEDICAL_CERTIFICATE = "medical_certificate"  # doubt about a certificate: the CLB doctor
    POLICE_CONSULT = "police_consult"  # the school consults the CLB before a police report


class Notice(StrEnum):
    """What the CLB lets the school know (an event the school sees), no more; and what
    the return path records on the case for the school."""

    REFERRAL_ACCEPTED = "referral_accepted"
    CERTIFICATE_UPHELD = "certificate_upheld"
    CERTIFICATE_NOT_UPHELD = "certificate_not_upheld"
    CERTIFICATE_UNCLEAR = "certificate_unclear"
    CLASS_NOT_PREPARED = "class_not_prepared"  # the pupil did not consent: the class is not prepared


class JournalKind(StrEnum):
    CONTACT_ATTEMPT = "contact_attempt"
    CONTACT = "contact"
    MEASURE = "measure"
    NOTE = "note"


class Channel(StrEnum):
    """How a contact happened; the journal and the task forms use the same codes."""

    PHONE = "phone"
    EMAIL = "email"
    SCHOOL_PLATFORM = "school_platform"
    LETTER = "letter"
    HOME_VISIT = "home_visit"
    IN_PERSON = "in_person"
    VIDEO = "video"


class EventKind(StrEnum):
    """What a case event records (the case's own, append-only story)."""

    CASE_OPENED = "case_opened"
    STATUS_CHANGED = "status_changed"
    PHASE_CHANGED = "phase_changed"
    ABSENCE_TYPE_CHANGED = "absence_type_changed"
    TASK_CREATED = "task_created"
    TASK_COMPLETED = "task_completed"
    TASK_CANCELLED = "task_cancelled"
    TASK_CLAIMED = "task_claimed"
    TASK_UNCLAIMED = "task_unclaimed"
    TASK_ASSIGNED = "task_assigned"
    MESSAGE_RECEIVED = "message_received"
    SCHOOL_CHANGED = "school_changed"
    JOURNAL_ADDED = "journal_added"
    REMINDER_SENT = "reminder_sent"
    ESCALATED = "escalated"
    TIMER_FIRED = "timer_fired"
    DUE_DATE_MOVED = "due_date_moved"
    CLB_INVOLVED = "clb_involved"  # the CLB sees the case from here on (signal, referral, …)
    NOTICE = "notice"  # shared with the school, e.g. "aanmelding aanvaard"
    AGREEMENTS_SHARED = "agreements_shared"  # follow-up agreements, visible on the case
    PROCESS_STARTED = "process_started"  # an absence episode, a police track, a handover
    PROCESS_CANCELLED = "process_cancelled"  # e.g. the old school's work at a school change
    DOCUMENT_GENERATED = "document_generated"  # a document made by a step or on demand (app/documents)
    ABSENCES_IMPORTED = "absences_imported"  # an import brought new B half-days into the case
    SIGNAL_DUE = "signal_due"  # the school-year B count reached the school's signal threshold
    FOLLOWUP_CANCELLED = "followup_cancelled"  # the absence turned out justified: its follow-up stops
    CASE_CANCELLED = "case_cancelled"  # opened in error: who and why
    FOLLOWUPS_ADOPTED = "followups_adopted"  # a new case takes over the pupil's running follow-ups
    BELOW_SIGNAL_FLOOR = "below_signal_floor"  # corrections took the B count under the signal floor
    WORKFLOW_MIGRATED = "workflow_migrated"  # the instance moved to a newer version of its process
    OWNER_CHANGED = "owner_changed"  # the school's or the CLB's dossierverantwoordelijke was named
    NOTICE_ACKNOWLEDGED = "notice_acknowledged"  # school staff read and followed up a CLB notice


class NotificationKind(StrEnum):
    REMINDER = "reminder"
    ESCALATION = "escalation"
    # What the CLB hears from its schools (app/services/steps/clb_news.py).
    SIGNAL = "signal"
    REFERRAL = "referral"
    POLICE_ADVICE = "police_advice"
    SCHOOL_CHANGE = "school_change"
    NEW_ABSENCES = "new_absences"
    NOTICE = "notice"  # the CLB wrote something "voor de school" on the case


class EmailStatus(StrEnum):
    """A notification's e-mail: not to be sent (no SMTP or no address), waiting
    in the outbox, sent, or given up after an error."""

    NONE = "none"
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class EmailFrequency(StrEnum):
    """How a user wants their notifications e-mailed: each at once, together in one
    mail a day (MAIL_DIGEST_HOUR, Brussels time), or not at all (in the app only)."""

    IMMEDIATE = "immediate"
    DAILY = "daily"
    OFF = "off"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)
