"""The seven templates: which side each belongs to, which form fills it, and its context.

A context builder gets the Source (app/services/documents/context.py) and the completed
task whose form fills the document (None for the dossier of measures, which
has no form), and returns the names document_templates/README.md lists.
Every read goes through the side's scope.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from app.documents import text as t
from app.extensions import db
from app.models import Case, CaseTask, School
from app.services.cases.facts import police_protocol
from app.services.documents import context as c
from app.services.tasks.prefill import contact_attempts
from app.vocabulary import DocumentTemplate, Lane

PLAN_TASK = "task_action_plan"
RECIPIENTS = {
    "ocj": "het OCJ (Ondersteuningscentrum Jeugdzorg)",
    "vk": "het VK (Vertrouwenscentrum Kindermishandeling)",
}
REPORT_TITLES = {
    "fiche_onbereikbaarheid": "Fiche onbereikbaarheid",
    "melding": "Melding aan de politie (problematische afwezigheden)",
}
REPORT_TYPES = {
    "fiche_onbereikbaarheid": "fiche onbereikbaarheid (gezin niet bereikbaar)",
    "melding": "melding bij manifeste onwil",
}
HANDOVER_CHANNELS = {
    "meeting": "overleg, fysiek of online",
    "phone": "telefonisch",
    "other": "andere, persoonlijk",
}


@dataclass(frozen=True)
class TemplateSpec:
    key: DocumentTemplate
    title: str  # what users read in lists and in the document's header
    # The form that fills it, per side that may have it (no entry: no form needed).
    sources: dict[Lane, str | None]
    build: Callable[[c.Source, CaseTask | None], dict] = field(repr=False)
    # Written for the next school's CLB: it reads it too (the warm handover).
    handed_over: bool = False
    # Why it does not fit the case now (made on demand), or None: phase 1's plan is
    # a spijbelactieplan under a local police protocol, else a begeleidingsplan.
    unfit: Callable[[Case], str | None] = field(default=lambda case: None, repr=False)

    @property
    def filename(self) -> str:
        return f"{self.key}.docx"

    @property
    def sides(self) -> tuple[Lane, ...]:
        return tuple(self.sources)


def _data(row: CaseTask | None) -> dict:
    return dict(row.data or {}) if row is not None else {}


def _plan(src: c.Source) -> dict | None:
    row = c.latest_task(src, PLAN_TASK)
    return c.action_plan(row.data or {}, row.school_id) if row is not None else None


def _facts(src: c.Source, title: str | None = None) -> dict:
    return {**c.common(src, title), "absences": c.absences(src), "chronology": c.chronology(src)}


def spijbelactieplan(src: c.Source, row: CaseTask | None) -> dict:
    plan = c.action_plan(_data(row), row.school_id if row is not None else src.school.id)
    return {**_facts(src), "plan": plan}


def begeleidingsplan(src: c.Source, row: CaseTask | None) -> dict:
    plan = c.action_plan(_data(row), row.school_id if row is not None else src.school.id)
    return {**c.common(src), "plan": plan}


def _needs_a_protocol(case: Case) -> str | None:
    if police_protocol(case.school_id) is None:
        return (
            "hoort bij een lokaal politieprotocol (met handtekeningen); de school werkt onder geen "
            "protocol: maak het begeleidingsplan."
        )
    return None


def _without_a_protocol(case: Case) -> str | None:
    protocol = police_protocol(case.school_id)
    if protocol is not None:
        return (
            f"past niet: de school werkt onder het lokale politieprotocol ‘{protocol}’; maak het "
            "spijbelactieplan (met handtekeningen)."
        )
    return None


def dossier_maatregelen(src: c.Source, row: CaseTask | None) -> dict:
    return {**_facts(src), "plan": _plan(src)}


def _consultation(done, words) -> str:
    """The filer's consultation of the other side: 'ja: what was said', 'nee' or —."""
    said = t.optional(words)
    return f"{t.yes_no(done)}: {said}" if done is not None and said else t.yes_no(done)


def _informed(data: dict) -> dict:
    """Whether pupil and parents know of the M-document, and why not (MaNo)."""
    told = (data.get("pupil_informed"), data.get("parents_informed"))
    return {
        "pupil_informed": t.yes_no(told[0]),
        "parents_informed": t.yes_no(told[1]),
        # Why not: only when one of them was not told.
        "not_informed_reason": t.text(data.get("not_informed_reason")) if False in told else "",
    }


def mdoc_bijlage(src: c.Source, row: CaseTask | None) -> dict:
    data = _data(row)
    consult = "nee"
    if data.get("anonymous_consult_done"):
        consult = f"ja, op {t.long_day(data.get('anonymous_consult_date'))}"
    form = {
        "recipient": t.label(RECIPIENTS, data.get("recipient")),
        "sent_on": t.long_day(data.get("sent_on")),
        "consult": consult,
        "school_consulted": _consultation(data.get("school_consulted"), data.get("school_consultation")),
        "situation": t.text(data.get("situation")),
        "steps_taken": t.text(data.get("steps_taken")),
        "concern": t.text(data.get("concern")),
        # Social necessity (MaNo): the OCJ must see it when one of these is missing.
        "help_offered": t.text(data.get("help_offered")),
        "help_refused": t.optional(data.get("help_refused")),
        "voluntary_help_fails": t.text(data.get("voluntary_help_fails")),
        **_informed(data),
        "pupil_view": t.text(data.get("pupil_view")),
    }
    # A copy of phase 1's plan goes along only when the CLB chose so.
    return {**_facts(src), "form": form, "plan": _plan(src) if data.get("attach_action_plan") else None}


def agodi_melding(src: c.Source, row: CaseTask | None) -> dict:
    data = _data(row)
    # The filer is the side that filed it (its lane), whatever the form says.
    short = "de school" if src.side == Lane.SCHOOL else "het CLB"
    filer = src.school.name if src.side == Lane.SCHOOL else src.school.clb.name
    form = {
        "reported_by": f"{short} ({filer})",
        "reported_by_short": short,
        # The filer says whether it consulted the other side.
        "consulted_label": "Overleg met het CLB" if src.side == Lane.SCHOOL else "Overleg met de school",
        "clb_consulted": _consultation(data.get("clb_consulted"), data.get("consultation")),
        "sent_on": t.long_day(data.get("sent_on")),
        "situation_sketch": t.text(data.get("situation_sketch")),
        "chronology": t.text(data.get("chronology")),
        "motivation": t.text(data.get("motivation")),
        # AGODI must see whether the filer states that voluntary guidance is exhausted.
        "exhausted": (
            f"{short[0].upper()}{short[1:]} verklaart dat de vrijwillige begeleiding door school en CLB "
            "uitgeput is."
            if data.get("guidance_exhausted")
            else t.NOT_FILLED
        ),
        "exhausted_reasoning": t.text(data.get("exhausted_reasoning")),
    }
    return {**_facts(src), "form": form}


def _attempts(src: c.Source, data: dict) -> list[dict]:
    """The form's contact attempts and those in the journal and the parents' contacts, once each."""
    found: dict[tuple, dict] = {}
    for attempt in [*(data.get("contact_attempts") or []), *contact_attempts(src.reader, src.case)]:
        key = (attempt.get("date"), attempt.get("channel"), (attempt.get("result") or "").strip())
        found.setdefault(key, attempt)
    return [
        {
            "date": t.short_day(a.get("date")),
            "channel": t.label(t.CHANNELS, a.get("channel")),
            "result": t.value(a.get("result")),
        }
        for a in sorted(found.values(), key=lambda a: str(a.get("date")))
    ]


def politie_melding(src: c.Source, row: CaseTask | None) -> dict:
    data = _data(row)
    report_type = data.get("report_type") or "melding"
    form = {
        "report_type": t.label(REPORT_TYPES, report_type),
        "police_zone": t.value(data.get("police_zone")),
        "sent_on": t.long_day(data.get("sent_on")),
        "clb_consulted_on": t.long_day(data.get("clb_consulted_on")),
        "clb_contact": t.value(data.get("clb_contact")),
        "summary": t.text(data.get("summary")),
    }
    return {
        **_facts(src, REPORT_TITLES.get(report_type)),
        "form": form,
        "contact_attempts": _attempts(src, data),
        "plan": _plan(src) if data.get("action_plan_attached") else None,
    }


def _leerplicht(case: dict, b_count: int, stated: int | None, objected: bool) -> list[dict]:
    """The compulsory education facts of a handover: the follow-up's phase and start, the
    count the sending CLB noted where it differs from the case's (the absences' summary
    has the case's); the type of absence only with the CLB file."""
    rows = [
        {"label": "Fase van de leerplichtbegeleiding", "value": case["phase"]},
        {"label": "Leerplichtbegeleiding sinds", "value": case["opened_on"]},
    ]
    if not objected:
        rows.append({"label": "Type afwezigheid", "value": case["absence_type"]})
    if stated is not None and stated != b_count:
        rows.append({"label": "Halve dagen met B-code volgens het zendende CLB", "value": stated})
    return rows


def warme_overdracht(src: c.Source, row: CaseTask | None) -> dict:
    """The handover; when the parents objected to the transfer of the CLB file, only what
    goes regardless: the identification and the compulsory education data (the absences,
    the B count, the phase of the follow-up). No summary, agreements, plan or chronology."""
    data = _data(row)
    new_school = db.session.get(School, src.case.school_id)
    assert new_school is not None, "the case's foreign key"
    objected = bool(data.get("parents_objected"))
    form = {
        "handover_date": t.long_day(data.get("handover_date")),
        "new_school_name": t.value(data.get("new_school_name") or new_school.name),
        "receiving_clb": t.value(data.get("receiving_clb") or new_school.clb.name),
        "receiving_clb_contact": t.value(data.get("receiving_clb_contact")),
        "handover_channel": t.label(HANDOVER_CHANNELS, data.get("handover_channel")),
        "personal_contact": t.yes_no(data.get("personal_contact")),
        "lars_attention_point": t.yes_no(data.get("lars_attention_point")),
        "parents_informed": t.yes_no(data.get("parents_informed")),
        "parents_objected": t.yes_no(data.get("parents_objected")),
        "objected": objected,
        "documents_sent_securely": t.yes_no(data.get("documents_sent_securely")),
        "summary": "" if objected else t.text(data.get("summary")),
    }
    top, absences = c.common(src), c.absences(src)
    form["leerplicht"] = _leerplicht(top["case"], absences["b_count"], data.get("b_half_days"), objected)
    leerplicht = {**top, "absences": absences, "form": form}
    if objected:
        return {**leerplicht, "chronology": [], "agreements": "", "plan": None}
    agreements = (src.case.followup_agreements or {}).get("agreements")
    return {
        **leerplicht,
        "chronology": c.chronology(src),
        "agreements": t.optional(agreements),
        "plan": _plan(src),
    }


TEMPLATES: dict[str, TemplateSpec] = {
    spec.key: spec
    for spec in (
        TemplateSpec(
            DocumentTemplate.BEGELEIDINGSPLAN,
            "Begeleidingsplan",
            {Lane.SCHOOL: PLAN_TASK},
            begeleidingsplan,
            unfit=_without_a_protocol,
        ),
        TemplateSpec(
            DocumentTemplate.SPIJBELACTIEPLAN,
            "Spijbelactieplan",
            {Lane.SCHOOL: PLAN_TASK},
            spijbelactieplan,
            unfit=_needs_a_protocol,
        ),
        TemplateSpec(
            DocumentTemplate.DOSSIER_MAATREGELEN,
            "Dossier van begeleidende maatregelen",
            {Lane.SCHOOL: None},
            dossier_maatregelen,
        ),
        TemplateSpec(
            DocumentTemplate.MDOC_BIJLAGE,
            "Bijlage bij het M-document",
            {Lane.CLB: "task_m_document"},
            mdoc_bijlage,
        ),
        TemplateSpec(
            DocumentTemplate.AGODI_MELDING,
            "Melding zorgwekkend dossier aan AGODI",
            {Lane.SCHOOL: "task_agodi_report", Lane.CLB: "task_agodi_report_clb"},
            agodi_melding,
        ),
        TemplateSpec(
            DocumentTemplate.POLITIE_MELDING,
            "Melding aan de politie / fiche onbereikbaarheid",
            {Lane.SCHOOL: "task_police_report"},
            politie_melding,
        ),
        TemplateSpec(
            DocumentTemplate.WARME_OVERDRACHT,
            "Warme overdracht bij schoolverandering",
            {Lane.CLB: "task_warm_handover"},
            warme_overdracht,
            handed_over=True,
        ),
    )
}
