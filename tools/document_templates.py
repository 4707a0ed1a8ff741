"""The document templates: writes document_templates/*.docx.

    python -m tools.document_templates    # from the repository root; or: make templates

Each template is a plain Word document with docxtpl tags; the context it is
filled with is built by app/services/documents/context.py (the names used here are
that contract, listed in document_templates/README.md). Edit this script and
run it again, rather than the .docx files: the output is reproducible (same
script, same bytes), and a template's sha256 is the template version stored
with every document made from it.
"""

from pathlib import Path

from tools.document_sections import (
    CASE_FACTS,
    PUPIL_FACTS,
    absences,
    attached_plan,
    chronology,
    family,
    optional_block,
    plan_actions,
    plan_goals,
    plan_parties,
)
from tools.docx_builder import Template

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "document_templates"


def begeleidingsplan() -> Template:
    t = Template(
        description="Begeleidingsplan: het herstel van de binding met school, opgemaakt met leerling en ouders."
    )
    t.title(
        "Begeleidingsplan", "{{ pupil.name }} · klas {{ pupil.class_name }} · opgemaakt op {{ plan.date }}"
    )
    t.para(
        "Dit plan maakten de leerling, de ouders en de school samen. Het gaat over opnieuw graag en "
        "elke dag naar school komen. Het is geen contract: we bekijken samen wat helpt en passen het "
        "aan waar nodig.",
        muted=True,
    )
    plan_parties(t)
    optional_block(t, "Situatie", "plan.situation")
    plan_goals(t)
    t.heading("Afgesproken acties")
    t.para("Wie doet wat, tegen wanneer.", muted=True, size=8.5, keep=True)
    plan_actions(t)
    t.heading("Samen evalueren")
    t.para(
        "We bekijken het plan samen opnieuw op {{ plan.evaluation_date }}, {{ plan.evaluation_school_days }} "
        "schooldagen na de opmaak. Loopt het intussen niet goed, dan zitten we eerder samen.",
        keep=True,
    )
    optional_block(t, "Opmerkingen", "plan.notes")
    return t


def spijbelactieplan() -> Template:
    t = Template(
        description="Spijbelactieplan onder een lokaal politieprotocol: opgemaakt met leerling en ouders, "
        "ondertekend door allen."
    )
    t.title(
        "Spijbelactieplan", "{{ pupil.name }} · klas {{ pupil.class_name }} · opgemaakt op {{ plan.date }}"
    )
    # A case on the process version before the begeleidingsplan makes this document at
    # any school: without a protocol it does not name one.
    t.tag("if plan.has_protocol")
    t.para(
        "Formeel plan volgens het lokale politieprotocol ‘{{ plan.police_protocol }}’: leerling, ouders en "
        "school ondertekenen de afspraken. Een kopie kan, volgens het protocol, naar de politie of bij een "
        "M-document.",
        muted=True,
    )
    t.tag("else")
    t.para("Leerling, ouders en school ondertekenen de afspraken in dit plan.", muted=True)
    t.tag("endif")
    plan_parties(t)
    optional_block(t, "Situatie", "plan.situation")
    plan_goals(t)
    absences(t)
    t.heading("Afgesproken acties")
    t.para("Wie doet wat, tegen wanneer.", muted=True, size=8.5, keep=True)
    plan_actions(t)
    t.heading("Evaluatie")
    t.para(
        "We evalueren het plan samen op {{ plan.evaluation_date }}, {{ plan.evaluation_school_days }} "
        "schooldagen na de opmaak.",
        keep=True,
    )
    t.facts(
        [
            ("Leerling akkoord", "{{ plan.pupil_agreed }}"),
            ("Ouders akkoord", "{{ plan.parents_agreed }}"),
            ("Lokaal politieprotocol", "{{ plan.police_protocol }}"),
        ]
    )
    optional_block(t, "Opmerkingen", "plan.notes")
    t.heading("Handtekeningen")
    t.para(
        "Ondertekend op {{ plan.signed_on }}. Leerling, ouders en school engageren zich voor de afspraken "
        "in dit plan.",
        keep=True,
    )
    t.signatures(["De leerling", "De ouder(s) / opvoedingsverantwoordelijke(n)", "Voor de school"], author=2)
    return t


def dossier_maatregelen() -> Template:
    t = Template(description="Dossier van begeleidende maatregelen: het chronologisch logboek van de school.")
    t.title("Dossier van begeleidende maatregelen", "{{ pupil.name }} · toestand op {{ doc.created_on }}")
    t.heading("Leerling en dossier")
    t.facts([*PUPIL_FACTS, *CASE_FACTS, ("Status", "{{ case.status }}")])
    absences(t)
    chronology(
        t,
        "Chronologisch logboek",
        "Contacten, contactpogingen, maatregelen en notities uit het logboek, de afgeronde stappen en "
        "de gebeurtenissen van het dossier, oudste eerst.",
    )
    t.tag("if plan")
    t.heading("Plan van fase 1: afgesproken acties")
    t.para("{{ plan.title }} van {{ plan.date }}; evaluatie op {{ plan.evaluation_date }}.", keep=True)
    plan_actions(t)
    t.tag("endif")
    return t


def social_necessity(t: Template) -> None:
    """MaNo: the voluntary help offered and refused, why it fails, who knows, the pupil's view."""
    t.heading("Maatschappelijke noodzaak")
    t.para(
        "Waarom vrijwillige jeugdhulp niet (meer) volstaat: de aangeboden en geweigerde hulp, of "
        "leerling en ouders van de melding weten, en hoe de leerling het zelf ziet.",
        muted=True,
        size=8.5,
        keep=True,
    )
    t.heading("Aangeboden vrijwillige hulp", 2)
    t.text_block("form.help_offered")
    optional_block(t, "Geweigerde hulp", "form.help_refused", 2)
    t.heading("Waarom de vrijwillige hulp niet volstaat", 2)
    t.text_block("form.voluntary_help_fails")
    t.heading("Leerling en ouders op de hoogte van de melding", 2)
    t.facts(
        [
            ("Leerling op de hoogte", "{{ form.pupil_informed }}"),
            ("Ouders op de hoogte", "{{ form.parents_informed }}"),
        ]
    )
    t.tag("if form.not_informed_reason")
    t.para("Waarom (nog) niet: {{ form.not_informed_reason }}", keep=False)
    t.tag("endif")
    t.heading("Visie van de leerling", 2)
    t.para("{{ form.pupil_view }}", italic=True)


def mdoc_bijlage() -> Template:
    t = Template(description="Bijlage bij het M-document aan het OCJ of het VK (CLB).")
    t.title(
        "Bijlage bij het M-document", "Melding van verontrusting aan {{ form.recipient }} · {{ pupil.name }}"
    )
    t.heading("Gegevens")
    t.facts(
        [
            *PUPIL_FACTS,
            ("CLB", "{{ clb.name }}"),
            ("Ontvanger", "{{ form.recipient }}"),
            ("Verstuurd op", "{{ form.sent_on }}"),
            ("Anoniem consult OCJ", "{{ form.consult }}"),
            ("Overleg met de school", "{{ form.school_consulted }}"),
            *CASE_FACTS,
        ]
    )
    family(t)
    t.heading("Situatie")
    t.text_block("form.situation")
    absences(t, "Overzicht van de afwezigheden")
    t.heading("Ondernomen stappen")
    t.text_block("form.steps_taken")
    chronology(
        t,
        "Stappen van school en CLB, met data",
        "Uit het dossier: de afgeronde stappen en het logboek van school en CLB, oudste eerst.",
    )
    t.heading("Verontrusting")
    t.text_block("form.concern")
    social_necessity(t)
    attached_plan(
        t,
        "Bijlage: plan van fase 1",
        "{{ plan.title }} van {{ plan.date }} (aanspreekpunt: {{ plan.school_contact }}), "
        "evaluatie op {{ plan.evaluation_date }}.",
    )
    t.heading("Opgemaakt door")
    t.signatures(["Voor het CLB"], author=0)
    return t


def agodi_melding() -> Template:
    t = Template(description="Melding van een zorgwekkend dossier aan AGODI (school of CLB).")
    t.title("Melding zorgwekkend dossier aan AGODI", "{{ pupil.name }} · gemeld door {{ form.reported_by }}")
    t.heading("Gegevens")
    t.facts(
        [
            *PUPIL_FACTS,
            ("CLB", "{{ clb.name }}"),
            ("Melder", "{{ form.reported_by }}"),
            ("{{ form.consulted_label }}", "{{ form.clb_consulted }}"),
            ("Verstuurd op", "{{ form.sent_on }}"),
            *CASE_FACTS,
        ]
    )
    family(t)
    t.heading("Situatieschets")
    t.text_block("form.situation_sketch")
    absences(t)
    t.heading("Chronologisch overzicht van de stappen")
    t.para("Zoals de melder het opgaf:", muted=True, size=8.5, keep=True)
    t.text_block("form.chronology")
    chronology(
        t,
        "Stappen van school, CLB en externe diensten uit het dossier",
        "De afgeronde stappen en het logboek, oudste eerst, zoals {{ form.reported_by_short }} ze in "
        "het dossier kan lezen.",
    )
    t.heading("Motivering")
    t.text_block("form.motivation")
    t.heading("Vrijwillige begeleiding uitgeput")
    t.para("{{ form.exhausted }}", bold=True, keep=True)
    t.text_block("form.exhausted_reasoning")
    t.heading("Ondertekening")
    t.signatures(["Voor {{ form.reported_by_short }}"], author=0)
    return t


def politie_melding() -> Template:
    t = Template(
        description="Melding aan de politie of fiche onbereikbaarheid (school, na overleg met het CLB)."
    )
    t.title("{{ title }}", "{{ pupil.name }} · {{ school.name }}")
    t.heading("Gegevens")
    t.facts(
        [
            *PUPIL_FACTS,
            ("Soort melding", "{{ form.report_type }}"),
            ("Politiezone", "{{ form.police_zone }}"),
            ("Verstuurd op", "{{ form.sent_on }}"),
            ("Overleg met het CLB", "{{ form.clb_consulted_on }} met {{ form.clb_contact }}"),
        ]
    )
    family(t, "Wie en waar: ouders en domicilie")
    t.heading("Contactpogingen met het gezin")
    t.para(
        "Met datum en kanaal, uit het logboek en de contacten met de ouders.", muted=True, size=8.5, keep=True
    )
    t.rows(
        ["Datum", "Kanaal", "Resultaat"],
        [3, 4, 10],
        "attempt in contact_attempts",
        ["{{ attempt.date }}", "{{ attempt.channel }}", "{{ attempt.result }}"],
        empty=("not contact_attempts", "Geen contactpogingen geregistreerd."),
    )
    absences(t)
    chronology(t, "Ondernomen stappen", "De afgeronde stappen van de school en het logboek, oudste eerst.")
    t.heading("Toelichting")
    t.text_block("form.summary")
    attached_plan(
        t,
        "Plan van fase 1",
        "{{ plan.title }} van {{ plan.date }} is bijgevoegd (lokaal politieprotocol: "
        "{{ plan.police_protocol }}).",
    )
    t.heading("Ondertekening")
    t.signatures(["Voor de school (directie of zorgcoördinator)"], author=0)
    return t


def warme_overdracht() -> Template:
    t = Template(description="Warme overdracht bij schoolverandering: van het zendende naar het nieuwe CLB.")
    t.title(
        "Warme overdracht bij schoolverandering", "{{ pupil.name }} · overdracht op {{ form.handover_date }}"
    )
    t.heading("Gegevens")
    t.facts(
        [
            ("Leerling", "{{ pupil.name }}"),
            ("Geboortedatum", "{{ pupil.birth_date }}"),
            ("Vorige school", "{{ school.name }}"),
            ("Zendend CLB", "{{ clb.name }}"),
            ("Nieuwe school", "{{ form.new_school_name }}"),
            ("Nieuw CLB", "{{ form.receiving_clb }}"),
            ("Contactpersoon nieuw CLB", "{{ form.receiving_clb_contact }}"),
            ("Datum van de overdracht", "{{ form.handover_date }}"),
            ("Persoonlijk contact", "{{ form.personal_contact }} ({{ form.handover_channel }})"),
            ("Aandachtspunt in LARS", "{{ form.lars_attention_point }}"),
            ("Ouders geïnformeerd", "{{ form.parents_informed }}"),
            ("Verzet tegen de overdracht van het CLB-dossier", "{{ form.parents_objected }}"),
            ("Dossier ook beveiligd bezorgd", "{{ form.documents_sent_securely }}"),
        ]
    )
    t.heading("Leerplicht")
    t.facts_loop("fact in form.leerplicht", "{{ fact.label }}", "{{ fact.value }}", widths=(5.5, 11.5))
    t.tag("if form.objected")
    t.para(
        "De ouders verzetten zich tegen de overdracht van het CLB-dossier. Deze overdracht bevat daarom "
        "enkel wat altijd meegaat: de identificatiegegevens en de gegevens over de leerplicht (de "
        "afwezigheden en de B-codes). Het verloop van de begeleiding, de afspraken en het plan blijven bij "
        "het zendende CLB.",
        bold=True,
    )
    t.tag("else")
    t.heading("Stand van zaken en aandachtspunten")
    t.text_block("form.summary")
    optional_block(t, "Lopende afspraken", "agreements")
    t.tag("if plan")
    t.heading("Plan van fase 1")
    t.para("{{ plan.title }} van {{ plan.date }}, evaluatie op {{ plan.evaluation_date }}:", keep=True)
    plan_actions(t)
    t.tag("endif")
    t.tag("endif")
    absences(t, "Afwezigheden op de vorige school")
    t.tag("if not form.objected")
    chronology(
        t,
        "Verloop van de begeleiding",
        "De afgeronde stappen en het logboek tot de overdracht, oudste eerst.",
    )
    t.tag("endif")
    t.heading("Opgemaakt door")
    t.signatures(["Het zendende CLB"], author=0)
    return t


TEMPLATES = {
    "begeleidingsplan": begeleidingsplan,
    "spijbelactieplan": spijbelactieplan,
    "dossier_maatregelen": dossier_maatregelen,
    "mdoc_bijlage": mdoc_bijlage,
    "agodi_melding": agodi_melding,
    "politie_melding": politie_melding,
    "warme_overdracht": warme_overdracht,
}


def generate() -> dict[str, bytes]:
    """Every template, by path relative to the repository root, with its bytes;
    writes nothing. tests/unit/test_document_tasks.py compares it with the
    committed files."""
    return {f"document_templates/{key}.docx": build().bytes() for key, build in TEMPLATES.items()}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for path, content in generate().items():
        (ROOT / path).write_bytes(content)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
