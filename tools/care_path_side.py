"""The short processes: one absence episode, the police track, the warm handover."""

from tools.bpmn_layout import TALL, Diagram
from tools.care_path_sources import DOMAIN, S0, S1, S4, doc
from tools.care_path_timers import add_deadlines

# ---------------------------------------------------------------------------
# zorgpad_absence_followup: one short process per absence episode
# ---------------------------------------------------------------------------


def absence_followup_process() -> Diagram:
    d = Diagram(
        "zorgpad_absence_followup",
        "Opvolging van een afwezigheid",
        "Per problematische afwezigheid (episode): de ouders contacteren en de leerling aanspreken bij de "
        "terugkeer, elk door de rol die de school daarvoor aanduidde; bij schoolweigering eerst de "
        "leerling. Een eigen kort proces per episode, gestart bij het openen van het dossier en bij elke "
        "nieuwe episode (app/services/absence_followup.py), zodat het hoofdpad niet groeit.",
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


# ---------------------------------------------------------------------------
# zorgpad_police_track and zorgpad_school_change
# ---------------------------------------------------------------------------


def police_track_process() -> Diagram:
    d = Diagram(
        "zorgpad_police_track",
        "Politiespoor",
        "Het handhavingsspoor: de school meldt na overleg met het CLB aan de politie, in elke fase (ook in "
        "fase 1), zonder dat er een CLB-traject moet zijn geweest. Niet (meer) leerplichtig: niet "
        "aangeboden. Bij schoolweigering nooit vanzelf (app/services/police_track.py).",
        [("lane_school", "School", [TALL], 30)],
        col_width=180,
    )
    S = "lane_school"
    d.node(
        "start",
        "start_police",
        "Politiespoor gestart door de school",
        S,
        0,
        0,
        doc(
            "De school start het politiespoor na overleg met het CLB, ook al in fase 1 (bv. een fiche "
            "onbereikbaarheid).",
            (
                S0,
                "‘Juridische trajecten bij verontrustende situaties’: ‘Melding bij Politie: door school na "
                "overleg met CLB. Bij manifeste onwil van ouders. Bij totale onbereikbaarheid van het gezin: "
                "fiche onbereikbaarheid opsporing door politie’",
            ),
        ),
    )
    d.node(
        "script",
        "script_police_consult",
        "Overleg met het CLB",
        S,
        1,
        0,
        doc(
            "Het CLB wordt geraadpleegd en ziet het dossier vanaf nu.",
            (S0, "‘Melding bij Politie: door school na overleg met CLB’"),
        ),
        script='involve_clb("police_consult")',
    )
    d.node(
        "user",
        "task_police_report",
        "Melding aan politie / fiche onbereikbaarheid",
        S,
        2,
        0,
        doc(
            "Melding bij manifeste onwil, of een fiche onbereikbaarheid met de contactpogingen (data, kanalen), "
            "voorgevuld uit het logboek en de contacten met de ouders.",
            (S0, "‘Juridische trajecten bij verontrustende situaties’"),
            (
                S1,
                "bijlage §2, knipperlicht: ‘De ouders … zijn niet bereikbaar (mits zekerheid over de "
                "contactgegevens)’",
            ),
        ),
    )
    d.node(
        "service",
        "service_politie_melding",
        "Politiemelding / fiche genereren",
        S,
        3,
        0,
        doc(
            "De melding of fiche onbereikbaarheid wordt een document dat op zichzelf staat: de contactpogingen "
            "met data en kanalen, de afwezigheden, de ondernomen stappen.",
            (
                S0,
                "‘Melding bij Politie: door school na overleg met CLB … fiche onbereikbaarheid opsporing door "
                "politie’",
            ),
        ),
        document="politie_melding",
    )
    d.node(
        "user",
        "task_parket_answer",
        "Antwoord van het parket registreren",
        S,
        4,
        0,
        doc(
            "School → politie → parket → politierechtbank: het antwoord van het parket wordt geregistreerd.",
            (
                S0,
                "‘School → Politie → Parket → Politierechtbank’ en ‘Vlaamse krachtlijnen tegen spijbelen: De "
                "parketten worden aangemoedigd om samen met relevante actoren concrete afspraken te maken’",
            ),
        ),
    )
    d.node("end", "end_police", "Politiespoor afgerond", S, 5, 0, "Het antwoord van het parket is gekend.")
    d.flow("start_police", "script_police_consult")
    d.flow("script_police_consult", "task_police_report")
    d.flow("task_police_report", "service_politie_melding")
    d.flow("service_politie_melding", "task_parket_answer")
    d.flow("task_parket_answer", "end_police")
    add_deadlines(d)
    return d


def school_change_process() -> Diagram:
    d = Diagram(
        "zorgpad_school_change",
        "Warme overdracht bij schoolverandering",
        "Was het CLB betrokken, dan draagt het zendende CLB het dossier warm over (persoonlijk contact, "
        "aandachtspunt in LARS) en ontvangt het CLB van de nieuwe school het. De open taken van de oude "
        "school vervallen; de nieuwe school start haar eigen pad (app/services/school_change.py).",
        [("lane_clb", "CLB", [TALL], 30)],
        col_width=180,
    )
    C = "lane_clb"
    d.node(
        "start",
        "start_handover",
        "Leerling verandert van school",
        C,
        0,
        0,
        doc(
            "De leerling verandert van school terwijl het CLB betrokken is.",
            (S1, "bijlage §3 (warme overdracht bij schoolverandering)"),
        ),
    )
    d.node(
        "user",
        "task_warm_handover",
        "Warme overdracht door het zendende CLB",
        C,
        1,
        0,
        doc(
            "Het zendende CLB neemt persoonlijk contact op met de volgende CLB-medewerker (een beveiligde mail "
            "alleen volstaat niet) en zet een aandachtspunt in LARS. De taak hoort bij de periode van de oude "
            "school.",
            (
                S1,
                "bijlage §3: ‘In LARS wordt voor deze leerlingen een aandachtspunt toegevoegd … Dit vervangt "
                "geenszins een persoonlijke contactname met de volgende CLB-medewerker’",
            ),
        ),
    )
    d.node(
        "service",
        "service_warme_overdracht",
        "Document warme overdracht genereren",
        C,
        2,
        0,
        doc(
            "De overdracht wordt een document voor de CLB-medewerker van de nieuwe school: stand van zaken, "
            "afspraken, afwezigheden en het verloop, naast het persoonlijke contact.",
            (
                S1,
                "bijlage §3: ‘Bij schoolverandering zorgt het CLB voor een warme overdracht van het dossier "
                "naar de volgende CLB-medewerker’",
            ),
        ),
        document="warme_overdracht",
    )
    d.node(
        "user",
        "task_receive_handover",
        "Overdracht ontvangen door het nieuwe CLB",
        C,
        3,
        0,
        doc(
            "Het CLB van de nieuwe school ontvangt de overdracht en neemt de opvolging op.",
            (
                S0,
                "‘Schoolverandering: Warme overdracht naar nieuwe CLB-medewerker. Aandachtspunt in LARS voor "
                "opvolging.’",
            ),
        ),
    )
    d.node("end", "end_handover", "Overdracht afgerond", C, 4, 0, "De overdracht is ontvangen.")
    d.flow("start_handover", "task_warm_handover")
    d.flow("task_warm_handover", "service_warme_overdracht")
    d.flow("service_warme_overdracht", "task_receive_handover")
    d.flow("task_receive_handover", "end_handover")
    add_deadlines(d)
    return d
