"""The words the whole app shares: statuses, phases, lanes, roles, kinds.

One module, no dependencies, so the engine, the models (CHECK constraints),
the API schemas and the services all speak the same vocabulary. A StrEnum
member *is* its string value, so it stores, serialises and compares as text.
Role codes and absence types keep the Dutch term of art.
"""

from enum import StrEnum


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


class AbsenceType(StrEnum):
    SPIJBELEN = "spijbelen"
    SCHOOLONTHOUDING = "schoolonthouding"
    SCHOOLUITSLUITING = "schooluitsluiting"
    SCHOOLWEIGERING = "schoolweigering"
    ONBEKEND = "onbekend"


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


class AbsenceCode(StrEnum):
    """What a half-day registration holds: the official Discimus codes (since
    1 September 2019), plus the two states old exports still carry."""

    A = "A"  # kleuter, nog niet leerplichtig
    R = "R"  # gewettigd door de regelgeving
    Z = "Z"  # ziekte
    H = "H"  # revalidatie tijdens de lestijden
    P = "P"  # persoonlijke redenen, met akkoord van de directie
    M = "M"  # werkplekleren gemist, niet onwillig
    B = "B"  # problematisch / ongewettigd
    LATE = "L"  # te laat: intern, geen afwezigheid
    PENDING = "-"  # nog onbekend: wordt B als er geen wettiging komt


OFFICIAL_ABSENCE_CODES = frozenset(
    {AbsenceCode.A, AbsenceCode.R, AbsenceCode.Z, AbsenceCode.H, AbsenceCode.P, AbsenceCode.M, AbsenceCode.B}
)


class HalfDay(StrEnum):
    AM = "am"  # voormiddag
    PM = "pm"  # namiddag


class ImportFormat(StrEnum):
    """The school software a file comes from: absences and pupil rosters alike."""

    CSV = "csv"
    INFORMAT = "informat"
    SMARTSCHOOL = "smartschool"


class ImportChannel(StrEnum):
    """How an absence file reached us."""

    API = "api"
    CLI = "cli"


class MeetingCadence(StrEnum):
    """How often a school meets its CLB about absences (overleg afwezigheden)."""

    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class MeetingDecision(StrEnum):
    """What the absence meeting decided about one pupil."""

    DISCUSSED = "discussed"  # besproken
    ACTION_AGREED = "action_agreed"  # actie afgesproken
    SIGNAL_CLB = "signal_clb"  # signaal aan het CLB
    REFER_CLB = "refer_clb"  # aanmelding bij het CLB
    OPEN_CASE = "open_case"  # een dossier openen (een knipperlicht, vóór 5 halve dagen met B-code)
    RETURN_PATH = "return_path"  # een terugkeertraject na lange gewettigde afwezigheid


class SignalRule(StrEnum):
    """The rule that raised a warning sign about a pupil's absences."""

    B_SIGNAL = "b_signal"  # 5 halve dagen met B-code: signaal aan het CLB (wettelijk)
    MEDICAL_CERTIFICATES = "medical_certificates"  # veel doktersattesten (D-codes)
    SPEED = "speed"  # snelheid van opstapeling
    EARLY_B = "early_b"  # B in september/oktober (zonder luxeverzuim)
    D_WITH_B = "d_with_b"  # D-codes naast B-codes
    FREQUENT_LATENESS = "frequent_lateness"  # vaak te laat (L)
    SAME_WEEKDAY = "same_weekday"  # afwezig op dezelfde weekdag
    AROUND_HOLIDAYS = "around_holidays"  # afwezig vlak voor of na een vakantie of lang weekend
    SCHOOL_ALLOWANCE = "school_allowance"  # schooltoeslag: hoogstens 29 (wettelijk)
    PAST_COMPULSORY_AGE = "past_compulsory_age"  # niet meer leerplichtig
    TODDLER_ATTENDANCE = "toddler_attendance"  # kleuter onder 290 halve dagen
    POLICE_PROTOCOL = "police_protocol"  # drempel van het lokale politieprotocol


class LateRule(StrEnum):
    """When the school's rules turn a late arrival (L) into a problematic absence (B)."""

    NONE = "none"  # te laat blijft te laat
    MINUTES = "minutes"  # na zoveel minuten (de school kiest)
    LESSON_HOUR = "lesson_hour"  # na één lesuur (50 minuten)


class SignalKind(StrEnum):
    DUTY = "duty"  # the school must act (the signal to the CLB)
    WARNING = "warning"  # a blinking light (knipperlicht) to discuss
    INFO = "info"  # context for the discussion


class AuditAction(StrEnum):
    """What the audit log records outside a case's event log: sign-ins and reads."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    PUPIL_READ = "pupil_read"
    PUPILS_LISTED = "pupils_listed"
    PUPIL_CREATED = "pupil_created"
    PUPIL_UPDATED = "pupil_updated"
    PUPIL_EXPORTED = "pupil_exported"  # the right of access: everything about one pupil, one side
    CLB_ENTRIES_SHARED = "clb_entries_shared"  # CLB-only notes a sender chose to put in a document
    DATA_PURGED = "data_purged"  # retention: a pupil's guidance data purged (zorgpad purge)
    PUPILS_IMPORTED = "pupils_imported"  # a roster file read: per pupil created/updated too
    PUPILS_IMPORT_REFUSED = "pupils_import_refused"
    CASE_READ = "case_read"
    CASES_LISTED = "cases_listed"
    EVENTS_READ = "events_read"
    JOURNAL_READ = "journal_read"
    TASK_READ = "task_read"
    TASKS_LISTED = "tasks_listed"
    USERS_LISTED = "users_listed"
    MAIL_SETTINGS_CHANGED = "mail_settings_changed"  # a user's own e-mail address or frequency
    DAY_OFF_ADDED = "day_off_added"
    DAY_OFF_REMOVED = "day_off_removed"
    DEADLINE_CHANGED = "deadline_changed"
    INCIDENT_RETRIED = "incident_retried"
    SCHOOL_UPDATED = "school_updated"
    ABSENCES_IMPORTED = "absences_imported"
    ABSENCES_IMPORT_REFUSED = "absences_import_refused"
    ABSENCES_READ = "absences_read"
    SIGNALS_READ = "signals_read"
    STATISTICS_READ = "statistics_read"
    ABSENCE_SETTINGS_READ = "absence_settings_read"
    ABSENCE_SETTINGS_UPDATED = "absence_settings_updated"
    MEETING_CREATED = "meeting_created"
    MEETING_READ = "meeting_read"
    MEETINGS_LISTED = "meetings_listed"
    MEETING_DECISION = "meeting_decision"
    DOCUMENTS_LISTED = "documents_listed"
    DOCUMENT_READ = "document_read"  # a document downloaded (docx or pdf)
    AUDIT_READ = "audit_read"  # an admin read the audit log
    WORKFLOWS_MIGRATED = "workflows_migrated"  # an admin moved running instances to a newer version


class DocumentTemplate(StrEnum):  # the documents the care path produces: document_templates/<key>.docx
    SPIJBELACTIEPLAN = "spijbelactieplan"  # the formal plan under a local police protocol, signed
    BEGELEIDINGSPLAN = "begeleidingsplan"  # phase 1's guidance plan with pupil and parents, no signatures
    DOSSIER_MAATREGELEN = "dossier_maatregelen"  # dossier van begeleidende maatregelen
    MDOC_BIJLAGE = "mdoc_bijlage"  # annex to the M-document for the OCJ / VK (CLB)
    AGODI_MELDING = "agodi_melding"  # worrying-file report to AGODI (school or CLB)
    POLITIE_MELDING = "politie_melding"  # police report / fiche onbereikbaarheid (school)
    WARME_OVERDRACHT = "warme_overdracht"  # warm handover at a school change (CLB)


class DocumentStatus(StrEnum):  # a version's .docx (app/services/documents/deferred.py)
    PREPARING = "preparing"  # a step's, rendered after its commit: "wordt aangemaakt"
    READY = "ready"
    FAILED = "failed"  # rendering failed deferred.ATTEMPTS times


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)
