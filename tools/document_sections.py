"""The sections several document templates share: the pupil's and the case's facts,
the absences, whom to reach, the chronology, a plan's parties, goals and actions.
tools/document_templates.py composes them into each template."""

from tools.docx_builder import Template

PUPIL_FACTS = [
    ("Leerling", "{{ pupil.name }}"),
    ("Geboortedatum", "{{ pupil.birth_date }}"),
    ("Klas", "{{ pupil.class_name }}"),
    ("Leerlingnummer", "{{ pupil.number }}"),
    ("School", "{{ school.name }} (instellingsnummer {{ school.number }})"),
]
CASE_FACTS = [
    ("Fase", "{{ case.phase }}"),
    ("Type afwezigheid", "{{ case.absence_type }}"),
    ("Dossier geopend op", "{{ case.opened_on }}"),
]


def absences(t: Template, heading: str = "Afwezigheden tot nu toe") -> None:
    t.heading(heading)
    t.para(
        "Schooljaar {{ absences.school_year }}, per halve dag zoals geregistreerd door "
        "{{ absences.source }}. B = problematische afwezigheid; Z = ziekte; R = gewettigd door de "
        "regelgeving; P = persoonlijke reden met akkoord van de directie; A, H, M: zie de totalen.",
        muted=True,
        size=8.5,
        keep=True,
    )
    t.rows(
        ["Datum", "Voormiddag", "Namiddag"],
        [5.5, 5.75, 5.75],
        "row in absences.rows",
        ["{{ row.day }}", "{{ row.am }}", "{{ row.pm }}"],
        empty=("not absences.rows", "Geen afwezigheden geregistreerd in dit schooljaar."),
    )
    t.heading("Totalen per code", 2)
    t.rows(
        ["Code", "Betekenis", "Halve dagen"],
        [2, 11.5, 3.5],
        "total in absences.totals",
        ["{{ total.code }}", "{{ total.meaning }}", "{{ total.count }}"],
        empty=("not absences.totals", "Geen geregistreerde afwezigheden."),
    )
    t.facts_loop("fact in absences.summary", "{{ fact.label }}", "{{ fact.value }}")


def family(t: Template, heading: str = "Ouders en domicilie") -> None:
    """Whom and where to reach the family, each line with when it was last checked."""
    t.heading(heading)
    t.facts(
        [
            ("Domicilie van de leerling", "{{ family.domicile }}"),
            ("Domicilie nagekeken", "{{ family.domicile_checked }}"),
        ]
    )
    t.rows(
        ["Naam", "Relatie", "Adres", "Telefoon en e-mail", "Taal", "Nagekeken"],
        [3.0, 2.3, 3.6, 3.9, 2.0, 2.2],
        "contact in family.contacts",
        [
            "{{ contact.name }}",
            "{{ contact.relation }}",
            "{{ contact.address }}",
            "{{ contact.reach }}",
            "{{ contact.language }}",
            "{{ contact.checked }}",
        ],
        empty=("not family.contacts", "Geen ouders of contactpersonen gekend in het leerlingenbestand."),
    )


def optional_block(t: Template, heading: str, expression: str, level: int = 1) -> None:
    """A heading and a user's text, left out when nobody wrote it (no 'Niet ingevuld')."""
    t.tag(f"if {expression}")
    t.heading(heading, level)
    t.text_block(expression)
    t.tag("endif")


def chronology(t: Template, heading: str, intro: str) -> None:
    t.heading(heading)
    t.para(intro, muted=True, size=8.5, keep=True)
    t.rows(
        ["Datum", "Wie", "Soort", "Wat"],
        [2.2, 1.8, 3.5, 9.5],
        "step in chronology",
        ["{{ step.date }}", "{{ step.who }}", "{{ step.kind }}", "{{ step.what }}"],
        empty=("not chronology", "Nog geen stappen of notities in het dossier."),
    )


def plan_actions(t: Template) -> None:
    t.rows(
        ["Nr.", "Wat", "Wie", "Tegen wanneer"],
        [1.2, 8.8, 3.2, 3.8],
        "action in plan.actions",
        ["{{ action.nr }}", "{{ action.action }}", "{{ action.who }}", "{{ action.deadline }}"],
        empty=("not plan.actions", "Geen acties afgesproken."),
    )


def attached_plan(t: Template, heading: str, intro: str) -> None:
    """A section for phase 1's plan (begeleidingsplan or spijbelactieplan) when the form
    attached it; else no section."""
    t.tag("if plan")
    t.heading(heading)
    t.para(intro, keep=True)
    t.tag("if plan.formal")
    t.para(
        "Ondertekend op {{ plan.signed_on }}; leerling akkoord: {{ plan.pupil_agreed }}, ouders akkoord: "
        "{{ plan.parents_agreed }}.",
        keep=True,
    )
    t.tag("endif")
    t.para("Afgesproken acties:", keep=True)
    plan_actions(t)
    t.tag("endif")


def plan_parties(t: Template) -> None:
    """Who made the plan: the pupil, the parents, the school's contact, and when."""
    t.heading("Leerling, ouders en school")
    t.facts(
        [
            *PUPIL_FACTS,
            ("Ouders / opvoedingsverantwoordelijken", "{{ plan.parents }}"),
            ("Aanspreekpunt op school", "{{ plan.school_contact }}"),
            ("Datum van opmaak", "{{ plan.date }}"),
        ]
    )


def plan_goals(t: Template) -> None:
    """The pupil's own goals in the pupil's words, what the parents say and do, the joint
    goals (only when there are)."""
    t.heading("Wat de leerling wil bereiken")
    t.para("In de woorden van de leerling.", muted=True, size=8.5, keep=True)
    t.para("{{ plan.pupil_goals }}", italic=True)
    optional_block(t, "Wat de ouders zeggen en doen", "plan.parents_view")
    optional_block(t, "Samen afgesproken doelen", "plan.goals")
