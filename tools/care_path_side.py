"""The short processes beside the main path: zorgpad_police_track (started by
the school) and zorgpad_school_change (the sending CLB's warm handover). One
absence episode: tools/care_path_absence.py."""

from tools.bpmn_layout import TALL, Diagram
from tools.care_path_sources import DOMAIN, S0, S1, doc
from tools.care_path_timers import add_deadlines


def police_track_process() -> Diagram:
    d = Diagram(
        "zorgpad_police_track",
        "Politiespoor",
        "Het handhavingsspoor: de school meldt na advies van het CLB aan de politie, in elke fase (ook in "
        "fase 1), zonder dat er een CLB-traject moet zijn geweest. De melding wacht op het advies van het "
        "CLB, tenzij de school bij de start motiveert waarom ze niet kon wachten. Niet (meer) leerplichtig: "
        "niet aangeboden. Bij schoolweigering nooit vanzelf (app/services/cases/police_track.py).",
        [("lane_school", "School", [TALL], 30), ("lane_clb", "CLB", 1, 30)],
        col_width=180,
    )
    S, C = "lane_school", "lane_clb"
    consult = (S0, "‘Melding bij Politie: door school na overleg met CLB’")
    d.node(
        "start",
        "start_police",
        "Politiespoor gestart door de school",
        S,
        0,
        0,
        doc(
            "De school start het politiespoor en vraagt het advies van het CLB, ook al in fase 1 (bv. een "
            "fiche onbereikbaarheid). Kon ze niet wachten (acute situatie), dan zegt ze bij de start waarom.",
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
        doc("Het CLB wordt geraadpleegd en ziet het dossier vanaf nu.", consult),
        script='involve_clb("police_consult")',
    )
    d.node(
        "xgw",
        "gw_police_wait",
        "Advies afwachten?",
        S,
        2,
        0,
        doc(
            "De melding wacht op het advies van het CLB, tenzij de school bij de start van het spoor "
            "motiveerde waarom ze niet kon wachten (acute situatie).",
            consult,
            (
                DOMAIN,
                "‘The school's consultation with the CLB before a police report is a CLB advice, "
                "recorded by the CLB.’",
            ),
        ),
    )
    d.node(
        "user",
        "task_police_clb_advice",
        "Advies CLB vóór melding aan de politie",
        C,
        3,
        0,
        doc(
            "Het CLB geeft zijn advies over de melding aan de politie: melden, niet melden of eerst andere "
            "stappen, met een toelichting. De school leest het advies bij haar melding.",
            consult,
            (
                DOMAIN,
                "‘The school's consultation with the CLB before a police report is a CLB advice, "
                "recorded by the CLB.’",
            ),
        ),
    )
    d.node("xgw", "gw_police_advice_merge", "", S, 4, 0, "Met het advies van het CLB, of zonder wachten.")
    d.node(
        "user",
        "task_police_report",
        "Melding aan politie / fiche onbereikbaarheid",
        S,
        5,
        0,
        doc(
            "Melding bij manifeste onwil, of een fiche onbereikbaarheid met de contactpogingen (data, kanalen), "
            "voorgevuld uit het logboek, de contacten met de ouders en het advies van het CLB.",
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
        6,
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
        7,
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
    d.node("end", "end_police", "Politiespoor afgerond", S, 8, 0, "Het antwoord van het parket is gekend.")
    d.flow("start_police", "script_police_consult")
    d.flow("script_police_consult", "gw_police_wait")
    d.flow("gw_police_wait", "task_police_clb_advice", "Advies vragen", default=True)
    d.flow(
        "gw_police_wait",
        "gw_police_advice_merge",
        "Kon niet wachten",
        "police_could_not_wait == True",
    )
    d.flow("task_police_clb_advice", "gw_police_advice_merge")
    d.flow("gw_police_advice_merge", "task_police_report")
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
        "school vervallen; de nieuwe school start haar eigen pad (app/services/cases/school_change.py).",
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
