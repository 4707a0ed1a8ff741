"""The words of absences and what follows them: codes, half-days, imports, the school's
meetings about a pupil, the rules that raise a sign."""

from enum import StrEnum


class AbsenceType(StrEnum):
    SPIJBELEN = "spijbelen"
    SCHOOLONTHOUDING = "schoolonthouding"
    SCHOOLUITSLUITING = "schooluitsluiting"
    SCHOOLWEIGERING = "schoolweigering"
    ONBEKEND = "onbekend"


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
