"""zorgpad_absence_followup: one short process per absence episode, started
when a case opens and at each new episode (app/services/absences/followup.py):
contact the parents and talk with the pupil on return, each by the role the
school named; with school refusal, the pupil first."""

from tools.bpmn_layout import TALL, Diagram
from tools.care_path_sources import DOMAIN, S0, S1, S4, doc
from tools.care_path_timers import add_deadlines


def absence_followup_process() -> Diagram:
    d = Diagram(
        "zorgpad_absence_followup",
        "Opvolging van een afwezigheid",
        "Per problematische afwezigheid (episode): de ouders contacteren en de leerling aanspreken bij de "
        "terugkeer, elk door de rol die de school daarvoor aanduidde; bij schoolweigering eerst de "
        "leerling. Een eigen kort proces per episode, gestart bij het openen van het dossier en bij elke "
        "nieuwe episode (app/services/absences/followup.py), zodat het hoofdpad niet groeit.",
        [("lane_school", "School", [TALL] * 3, 30), ("lane_clb", "CLB", 1, 30)],
        col_width=180,
    )
    S, C = "lane_school", "lane_clb"
    node, flow = d.node, d.flow
    node(
        "start",
        "start_episode",
        "Nieuwe problematische afwezigheid",
        S,
        0,
        1,
        doc(
            "Bij elke problematische afwezigheid (B-code), vanaf de eerste.",
            (S0, "‘School neemt actie bij afwezigheid’ (‘Contact nemen met Ouders: Bij elke afwezigheid’)"),
            (
                S1,
                "bijlage §1: ‘de communicatie met de leerling en/of ouders vanaf de eerste ongewettigde "
                "afwezigheid’",
            ),
        ),
    )
    node(
        "xgw",
        "gw_pupil_first",
        "Schoolweigering?",
        S,
        1,
        1,
        doc(
            "Bij schoolweigering spreekt de school eerst de leerling aan, niet meteen de ouders.",
            (
                S4,
                "‘Betrokkenheid behouden in elke fase’: ‘Bel niet meteen naar ouders als de jongere afwezig is. "
                "Vraag eerst aan de jongere wat er is’",
            ),
        ),
    )
    node(
        "user",
        "task_absence_ask_pupil",
        "Leerling eerst zelf aanspreken (schoolweigering)",
        S,
        2,
        0,
        doc(
            "De leerling eerst zelf aanspreken (Smartschool, een kaartje, telefoon), en de ouders contacteren "
            "met medeweten van de jongere.",
            (
                S4,
                "‘Betrokkenheid behouden in elke fase’ en §1.3 (‘Treed in contact met de ouder(s) in de mate "
                "van het mogelijke met medeweten van de jongere’)",
            ),
        ),
    )
    node(
        "pgw",
        "gw_episode_fork",
        "Ouders en leerling",
        S,
        2,
        1,
        doc(
            "Het contact met de ouders en het gesprek bij de terugkeer zijn twee taken: het gesprek komt vaak "
            "dagen later.",
            (S0, "‘School neemt actie bij afwezigheid’"),
        ),
    )
    node(
        "user",
        "task_absence_pupil_talk",
        "Gesprek met de leerling bij terugkeer",
        S,
        3,
        2,
        doc(
            "Bij de terugkeer spreekt een door de school aangeduide medewerker de leerling persoonlijk aan, "
            "gericht op herstel van de binding, met oprechte zorg in plaats van controle.",
            (
                S0,
                "‘School neemt actie bij afwezigheid’ (‘De leerling persoonlijk aanspreken: Bij terugkomst na "
                "afwezigheid. Door bepaalde schoolmedewerker’)",
            ),
            (S4, "§1.2 ‘Bespreken van signalen met de jongere’"),
        ),
    )
    node("end", "end_pupil_talk", "Gesprek gevoerd", S, 4, 2, "Het gesprek met de leerling is gevoerd.")
    node("xgw", "gw_parents_merge", "", S, 3, 1, "Samenvoeging: naar het contact met de ouders.")
    node(
        "user",
        "task_absence_contact_parents",
        "Ouders contacteren bij afwezigheid",
        S,
        4,
        1,
        doc(
            "De rol die de school aanduidde contacteert de ouders en vraagt de onderliggende reden. Bij twijfel "
            "over een medisch attest vraagt de school eerst uitleg aan de ouders.",
            (
                S0,
                "‘School neemt actie bij afwezigheid’ (‘Afspraken binnen school wie contact opneemt (bv. "
                "secretariaatsmedewerker, klastitularis). Onderliggende reden vragen’)",
            ),
            (
                S1,
                "bijlage §2 ‘Twijfelachtige doktersattesten’ (‘stellen ze deze vragen eerst aan de ouders’)",
            ),
        ),
    )
    node(
        "xgw",
        "gw_certificate",
        "Attest nog twijfelachtig?",
        S,
        5,
        1,
        "Blijft er twijfel over het medisch attest na de vraag aan de ouders?",
    )
    node(
        "script",
        "script_certificate_to_clb",
        "Aanmelden bij het CLB: attest",
        C,
        5,
        0,
        doc(
            "Blijft de twijfel, dan meldt de school het aan het CLB; het CLB ziet het dossier vanaf nu.",
            (S1, "bijlage §2: ‘Indien de bezorgdheid blijft, kunnen ze dit aanmelden bij het CLB’"),
        ),
        script='involve_clb("medical_certificate")',
    )
    node(
        "user",
        "task_absence_clb_doctor",
        "CLB-arts contacteert de behandelende arts",
        C,
        6,
        0,
        doc(
            "De CLB-arts neemt contact op met de arts die het attest schreef; de uitkomst wordt geregistreerd.",
            (
                S0,
                "‘Bijzondere gevallen en interventies’ (‘Bij twijfel: CLB-arts als contactpersoon naar "
                "voorschrijvende arts’)",
            ),
            (S1, "bijlage §2: ‘Een optie kan zijn dat de CLB-arts de huisarts contacteert’"),
        ),
    )
    node(
        "script",
        "script_certificate_outcome",
        "School verwittigen: uitkomst",
        C,
        7,
        0,
        doc(
            "De school hoort enkel of het attest blijft staan, zonder medische details.",
            (DOMAIN, "‘CLB files are under professional secrecy’"),
        ),
        script='notify_school("certificate_" + certificate_outcome)',
    )
    node("end", "end_certificate", "Attest beoordeeld", C, 8, 0, "Het attest is beoordeeld.")
    node("end", "end_contact", "Ouders gecontacteerd", S, 6, 1, "De ouders zijn gecontacteerd.")
    flow("start_episode", "gw_pupil_first")
    flow(
        "gw_pupil_first",
        "task_absence_ask_pupil",
        "Schoolweigering: eerst de leerling",
        'absence_type == "schoolweigering"',
    )
    flow("gw_pupil_first", "gw_episode_fork", "Anders", default=True)
    flow("task_absence_ask_pupil", "gw_parents_merge", style="h")
    flow("gw_episode_fork", "task_absence_pupil_talk")
    flow("gw_episode_fork", "gw_parents_merge")
    flow("task_absence_pupil_talk", "end_pupil_talk")
    flow("gw_parents_merge", "task_absence_contact_parents")
    flow("task_absence_contact_parents", "gw_certificate")
    flow(
        "gw_certificate", "script_certificate_to_clb", "Twijfel blijft", "certificate_still_doubtful == True"
    )
    flow("gw_certificate", "end_contact", "Geen twijfel", default=True)
    flow("script_certificate_to_clb", "task_absence_clb_doctor")
    flow("task_absence_clb_doctor", "script_certificate_outcome")
    flow("script_certificate_outcome", "end_certificate")
    add_deadlines(d)
    return d
