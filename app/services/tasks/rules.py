"""Rules a form cannot check on its own because they depend on the case, on
another task, or compare two dates.

JSON Schema sees only the submitted data; these checks see the pupil and the
case too, keyed by task id. They answer like the schema: field → messages.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app

from app.calendar.compulsory_education import pupil_is_compulsory
from app.models import Case
from app.services.absences.settings import SchoolSettings
from app.services.cases import police_advice
from app.services.cases.facts import completed_data, police_protocol, signal_due
from app.services.forms import load_form
from app.services.steps.records import Subject
from app.services.tasks.date_rules import date_errors, future_errors

# Past compulsory education these phase-3 tracks are not offered (nor accepted).
LEGAL_TRACKS = ("m_document", "agodi")
NOT_COMPULSORY = (
    "De leerling is niet (meer) leerplichtig: enkel vrijwillige begeleiding, geen juridisch "
    "spoor (M-document, AGODI, politie)."
)


# While the signal to the CLB is due, phase 1 decides nothing but this (regulation: from
# 5 half-days with B-code the school signals; a referral involves the CLB too).
WHILE_SIGNAL_DUE = ("signal_clb", "refer_to_clb")
SIGNAL_FIRST = (
    "Vanaf 5 halve dagen met B-code signaleert de school aan het CLB (regelgeving): kies ‘Signaleren aan "
    "het CLB’ of ‘Aanmelden bij het CLB’; andere beslissingen kunnen na het signaal."
)


# Phase 1's plan: signatures only where a local police protocol asks for them.
SIGNATURE_FIELDS = ("pupil_agreed", "parents_agreed", "signed_on")
NO_SIGNATURES = (
    "Geen handtekeningen: de school werkt niet onder een lokaal politieprotocol, dus het plan is een "
    "begeleidingsplan met de leerling en de ouders, geen contract."
)


def signatures_needed(protocol: str) -> str:
    return (
        f"Verplicht: de school werkt onder het lokale politieprotocol ‘{protocol}’; het plan is een "
        "formeel spijbelactieplan dat leerling, ouders en school ondertekenen."
    )


@dataclass(frozen=True)
class RuleContext:
    case: Subject  # a Case, or the PupilFile of a follow-up without one
    today: date
    instance_id: int | None = None
    settings: SchoolSettings | None = None  # the school's absence settings, when the caller read them

    def police_protocol(self) -> str | None:
        if self.settings is not None:
            return self.settings.police_protocol
        return police_protocol(self.case.school_id)

    @property
    def the_case(self) -> Case:
        """The case, for the rules of the path's own tasks (they always have one)."""
        assert isinstance(self.case, Case), "a rule of a case task"
        return self.case

    def completed(self, bpmn_id: str) -> dict | None:
        return completed_data(self.case.id, bpmn_id, self.instance_id)


def _no_legal_tracks_after_compulsory_age(data: dict, ctx: RuleContext):
    legal = [t for t in data.get("tracks") or () if t in LEGAL_TRACKS]
    if legal and not pupil_is_compulsory(ctx.case.pupil, ctx.today):
        return {"tracks": [NOT_COMPULSORY]}
    return {}


def _offer_or_track(data: dict, ctx: RuleContext):
    if not data.get("offers") and not data.get("tracks"):
        return {"offers": ["Kies minstens één aanbod op maat of één spoor."]}
    return {}


def _only_signal_or_referral_while_due(data: dict, ctx: RuleContext):
    decision = data.get("decision")
    if (
        decision
        and decision not in WHILE_SIGNAL_DUE
        and signal_due(ctx.the_case, ctx.today, data.get("b_half_days"))
    ):
        return {"decision": [SIGNAL_FIRST]}
    return {}


def _referral_prepared(data: dict, ctx: RuleContext):
    if data.get("decision") != "refer_to_clb":
        return {}
    errors = {}
    if data.get("parents_informed") is not True:
        errors["parents_informed"] = ["Informeer de ouders over de aanmelding bij het CLB."]
    refuses = "pupil_refuses_guidance" in (data.get("referral_reasons") or ())
    if data.get("discussed_with_pupil") is not True and not refuses:
        errors["discussed_with_pupil"] = [
            "Bespreek de aanmelding met de leerling (behalve als de leerling elke begeleiding weigert)."
        ]
    return errors


def _signatures_only_under_a_police_protocol(data: dict, ctx: RuleContext):
    protocol = ctx.police_protocol()
    if protocol is None:
        return {name: [NO_SIGNATURES] for name in SIGNATURE_FIELDS if data.get(name) is not None}
    return {name: [signatures_needed(protocol)] for name in SIGNATURE_FIELDS if data.get(name) is None}


def _personal_handover(data: dict, ctx: RuleContext):
    if data.get("parents_objected") and data.get("documents_sent_securely"):
        return {
            "documents_sent_securely": [
                "De ouders verzetten zich tegen de overdracht: het CLB-dossier gaat niet mee, ook niet "
                "beveiligd; enkel de identificatie en de leerplichtgegevens."
            ]
        }
    if data.get("personal_contact") is not True:
        return {
            "personal_contact": [
                "Een warme overdracht vraagt persoonlijk contact met de nieuwe "
                "CLB-medewerker; een beveiligde mail alleen volstaat niet."
            ]
        }
    return {}


def _voluntary_guidance_exhausted(data: dict, ctx: RuleContext):
    """AGODI takes a worrying file once voluntary guidance is exhausted: the filer says so."""
    if data.get("guidance_exhausted") is False:
        return {
            "guidance_exhausted": [
                "Een zorgwekkend dossier meld je aan AGODI als de vrijwillige begeleiding uitgeput is; "
                "loopt die nog, zet ze dan verder of kies een ander spoor."
            ]
        }
    return {}


def _why_not_informed(data: dict, ctx: RuleContext):
    """The M-document: the OCJ reads why the pupil or the parents do not know of it."""
    told = (data.get("pupil_informed"), data.get("parents_informed"))
    if False in told and not (data.get("not_informed_reason") or "").strip():
        who = (
            "de leerling en de ouders"
            if told == (False, False)
            else ("de leerling" if told[0] is False else "de ouders")
        )
        return {"not_informed_reason": [f"Verplicht: waarom weten {who} (nog) niet van de melding?"]}
    return {}


def _police_after_clb_consult(data: dict, ctx: RuleContext):
    """After the CLB's advice, unless the school said at the track's start why it could not wait."""
    if data.get("clb_consulted") is not True:
        if police_advice.could_not_wait(ctx.case.id) is not None:
            return {}
        return {"clb_consulted": ["De school meldt aan de politie na overleg met het CLB."]}
    if not data.get("clb_consulted_on"):
        return {"clb_consulted_on": ["Verplicht: wanneer gaf het CLB zijn advies?"]}
    return {}


def _legacy_no_escalation_after_compulsory_age(data: dict, ctx: RuleContext):
    if data.get("outcome") == "escalate" and not pupil_is_compulsory(ctx.case.pupil, ctx.today):
        return {"outcome": [NOT_COMPULSORY]}
    return {}


RULES = {
    "task_action_plan": [_signatures_only_under_a_police_protocol],
    "task_phase1_evaluation": [_only_signal_or_referral_while_due, _referral_prepared],
    "task_phase3_plan": [_offer_or_track, _no_legal_tracks_after_compulsory_age],
    "task_warm_handover": [_personal_handover],
    "task_police_report": [_police_after_clb_consult],
    "task_m_document": [_why_not_informed],
    "task_agodi_report": [_voluntary_guidance_exhausted],
    "task_agodi_report_clb": [_voluntary_guidance_exhausted],
    "task_clb_end": [_legacy_no_escalation_after_compulsory_age],  # earlier process version
}


def field_title(task_id: str, name: str) -> str:
    schema = load_form(current_app.config["FORMS_DIR"], task_id).schema
    properties = schema.get("properties", {})
    if name in properties:
        return properties[name].get("title", name)
    return _item_title(schema, name)


def _item_title(schema: dict, name: str) -> str:
    for prop in schema.get("properties", {}).values():
        item = prop.get("items", {}) if isinstance(prop, dict) else {}
        if name in item.get("properties", {}):
            return item["properties"][name].get("title", name)
    return name


def context_errors(bpmn_id: str, data: dict, ctx: RuleContext) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for rule in RULES.get(bpmn_id, ()):
        for name, messages in rule(data, ctx).items():
            errors.setdefault(name, []).extend(messages)
    for name, messages in date_errors(bpmn_id, data, field_title, ctx.completed).items():
        errors.setdefault(name, []).extend(messages)
    for name, messages in future_errors(bpmn_id, data, ctx.today).items():
        errors.setdefault(name, []).extend(messages)
    return errors
