"""zorgpad_return: the return to school after a long justified absence (hospital,
K-dienst, TOAH, Bednet), the path of a case opened with `track: return`
(app/config.py WORKFLOW_KEYS["return_path"]). School lane only: the talk with the
pupil, the class council, preparing the class only with the pupil's consent, and
the follow-up of the first weeks until it goes well.

Not a phase of the care continuum: the scripts set no phase, only the status
(open while the return is prepared, monitoring during the follow-up, closed when
it goes well). Every element cites seed 002 ("Geoorloofd relatief schoolverzuim",
"Terugkeer van de leerling voorbereiden") by its lines, r. = regel.
"""

from tools.bpmn_layout import TALL, Diagram
from tools.care_path_sources import DOMAIN, S2, S3, doc
from tools.care_path_timers import add_deadlines

# Seed 002, by its lines (shared/seeds/002_67dbec2f3010347c.txt).
SETTINGS = (
    S2,
    "‘Geoorloofd relatief schoolverzuim’, r. 10–13: ‘Een leerling kan in een ziekenhuis of preventorium waar "
    "ziekenhuisonderwijs wordt georganiseerd, opgenomen zijn … Soms verblijft een leerling in een K-dienst’",
)
TOAH = (
    S2,
    "r. 28–31: ‘TOAH wordt door de thuisschool georganiseerd wanneer de leerling tussen twee behandelingen of "
    "tijdens een herstelperiode na de opname niet naar school kan’",
)
BOTH_PREPARE = (
    S2,
    "‘Terugkeer van de leerling voorbereiden’, r. 40–45: ‘de voorbereiding van de terugkeer naar de school [is] "
    "een opdracht van zowel de setting waar de leerling werd opgenomen als de school … De school kan de "
    "leerling niet gepast onthalen indien de school niet op de hoogte is van de datum van ontslag’",
)
FOCUS = (
    S2,
    "r. 48–49: ‘De voorbereiding voor de school zal zich wellicht focussen op de remediëring van de leerling, "
    "het inlichten van de klassenraad en de voorbereiding van de terugkeer in de klas’",
)
TALK_POINTS = (
    S2,
    "r. 60–69: ‘Komt de leerling voltijds terug naar school of is er sprake van een gedeeltelijke terugkeer? "
    "Wordt er ondersteuning aangevraagd via TOAH of school en ziek zijn? … In welke mate wenst de afwezige "
    "leerling dat de klas voorbereid wordt? Welke rol wenst de afwezige leerling hierin op te nemen? Wie kan "
    "de afwezige leerling hierbij ondersteunen’",
)
COUNCIL_POINTS = (
    S2,
    "r. 61–62 en 65: ‘In welke mate kreeg de leerling tijdens de opname onderwijs? Voor welke vakken is er "
    "nog remediëring nodig? … Welke informatie wordt besproken met de klassenraad?’",
)
CLASS_POINTS = (
    S2,
    "r. 66–67: ‘Op welke manier wordt de klas voorbereid op de terugkeer van de leerling? In welke mate "
    "wenst de afwezige leerling dat de klas voorbereid wordt?’",
)
CONSENT = (
    S2,
    "‘Terugkeer van de leerling in de klas voorbereiden’, r. 183–194: ‘wordt de klas daar best rond "
    "geïnformeerd (mits toestemming van de betrokken leerling) … kan bijv. tijdens een proactieve cirkel met "
    "de klas besproken worden’",
)
CONTACT = (
    S2,
    "r. 42–44: ‘Het behouden van het contact tussen de school en de setting waar de jongere verblijft mag "
    "aldus niet verbroken worden. Beiden hebben de verantwoordelijkheid hierop te waken’",
)
# The follow-up of the first weeks: seed 002 asks to keep the contact; the teachers'
# tips in seed 003 (the inspiration document, r. 548–549) say how.
FOLLOW_UP = (
    S3,
    "‘Inspiratiedocument: leerkracht als schakel’, r. 548–549, ‘Bij terugkeer’: ‘Heropstart faciliteren … "
    "Afstemmen met leerling … Blijven polsen bij ouders … In het team afspraken maken ter opvolging’",
)
RETURN_PATH = (DOMAIN, "‘Long justified absence (hospital, child psychiatry, TOAH) needs a return path too’")


def return_process() -> Diagram:
    d = Diagram(
        "zorgpad_return",
        "Terugkeer na lange gewettigde afwezigheid",
        "De terugkeer naar school na een lange gewettigde afwezigheid (ziekenhuis, K-dienst, TOAH, Bednet): "
        "het pad van een dossier geopend met track ‘return’ (terugkeertraject). Geen fase van het "
        "zorgcontinuüm: de scripts zetten geen fase, enkel de status (lopend tijdens de voorbereiding, in "
        "opvolging tijdens de eerste weken, afgesloten als het goed gaat). Alles in de lane School: het "
        "gesprek met de leerling, de klassenraad, de klas voorbereiden enkel met toestemming van de "
        "leerling, de opvolging na de termijn ‘return_followup’ (schooldagen) tot het goed gaat. Bron: "
        "002_67dbec2f3010347c.txt, r. 8–69.",
        [("lane_school", "School", [TALL, 120], 64)],
        col_width=180,
    )
    S = "lane_school"
    node, flow = d.node, d.flow
    node(
        "start",
        "start_return",
        "Terugkeer na lange afwezigheid",
        S,
        0,
        0,
        doc(
            "De leerling keert terug na een opname in een ziekenhuis of K-dienst, of na TOAH of Bednet; de "
            "school opent een terugkeertraject.",
            SETTINGS,
            TOAH,
            RETURN_PATH,
        ),
    )
    node(
        "script",
        "script_return_open",
        "Terugkeer voorbereiden",
        S,
        1,
        0,
        doc(
            "Het traject loopt (status lopend); geen fase: een terugkeer is geen stap in het zorgcontinuüm "
            "van problematische afwezigheden.",
            BOTH_PREPARE,
            RETURN_PATH,
        ),
        script='set_status("open")',
    )
    node(
        "user",
        "task_return_talk",
        "Terugkeergesprek met de leerling",
        S,
        2,
        0,
        doc(
            "Eerst de leerling: wat de leerling wenst, voltijds of gedeeltelijk terug, ondersteuning via TOAH "
            "of ‘school en ziek zijn’, of en hoe de klas voorbereid mag worden (de toestemming van de "
            "leerling), welke rol de leerling wil opnemen en wie steunt; met de ouders en de setting de "
            "afspraken over de datum van ontslag.",
            TALK_POINTS,
            BOTH_PREPARE,
            (
                S2,
                "r. 46–47: ‘Er worden hier vooraf best afspraken gemaakt met de ouders en de setting wie dit "
                "naar de school zal communiceren’",
            ),
        ),
    )
    node(
        "user",
        "task_class_council",
        "Klassenraad: inhalen en aanpassingen",
        S,
        3,
        0,
        doc(
            "De klassenraad beslist: inhalen en remediëring per vak, een aangepast programma of lesrooster, "
            "en wat met de klassenraad gedeeld wordt.",
            COUNCIL_POINTS,
            FOCUS,
            (
                S2,
                "r. 23–26: ‘De thuisschool kan de ziekenhuisschool informatie geven over o.a. de gebruikte "
                "handboeken, mogelijke aandachtspunten voor de leerlingen, het programma enz.’",
            ),
        ),
    )
    node(
        "xgw",
        "gw_class_consent",
        "Klas voorbereiden?",
        S,
        4,
        0,
        doc(
            "Enkel met toestemming van de leerling (het terugkeergesprek: class_consent) wordt de klas "
            "voorbereid.",
            CONSENT,
        ),
        label="above",
    )
    node(
        "user",
        "task_prepare_class",
        "De klas voorbereiden",
        S,
        5,
        0,
        doc(
            "De school bereidt de klas voor op de terugkeer, bv. in een proactieve cirkel of een klasgesprek: "
            "enkel wat de leerling toestond, met de rol die de leerling wou opnemen.",
            CLASS_POINTS,
            CONSENT,
        ),
    )
    node(
        "script",
        "script_class_not_prepared",
        "Klas niet voorbereid",
        S,
        5,
        1,
        doc(
            "Zonder toestemming van de leerling wordt de klas niet voorbereid; het dossier noteert het voor "
            'de school (notify_school("class_not_prepared")).',
            CONSENT,
        ),
        script='notify_school("class_not_prepared")',
    )
    node("xgw", "gw_class_merge", "Klas klaar", S, 6, 0, "Samenvoeging: de klas is voorbereid, of niet.")
    node(
        "script",
        "script_return_followup",
        "Opvolging eerste weken",
        S,
        7,
        0,
        doc(
            "De leerling is terug; de school volgt de eerste weken op (status in opvolging).",
            FOCUS,
            CONTACT,
            FOLLOW_UP,
        ),
        script='set_status("monitoring")',
    )
    node(
        "xgw",
        "gw_followup_again",
        "Opvolgen",
        S,
        8,
        0,
        "Samenvoeging: een (nieuwe) opvolgronde, na de terugkeer of als het nog niet gaat.",
    )
    node(
        "catch_timer",
        "wait_return_followup",
        "Na de termijn van de opvolging",
        S,
        9,
        0,
        doc(
            "De school laat de leerling enkele schooldagen terug op school (de termijn ‘return_followup’, "
            "een afspraak van de school) en vraagt dan hoe het gaat.",
            CONTACT,
            FOLLOW_UP,
            (
                DOMAIN,
                "‘Who decides the deadlines’: deadlines are local agreements, the school lane's set by "
                "the school",
            ),
        ),
        timer='add_school_days(timer_start, deadline("return_followup"))',
        label="below",
    )
    node(
        "user",
        "task_return_followup",
        "Opvolging van de terugkeer: gaat het?",
        S,
        10,
        0,
        doc(
            "Gaat het? De school vraagt het de leerling en de ouders, en bekijkt aanwezigheid en inhalen: "
            "gaat het, dan sluit het traject af; nog niet, dan volgt een nieuwe opvolgronde.",
            CONTACT,
            FOLLOW_UP,
        ),
    )
    node(
        "xgw", "gw_going_well", "Gaat het?", S, 11, 0, "Gaat het goed genoeg om af te sluiten?", label="below"
    )
    node(
        "script",
        "script_return_closed",
        "Terugkeer geslaagd",
        S,
        12,
        0,
        doc("Het gaat: het terugkeertraject is afgesloten (status afgesloten).", FOCUS, FOLLOW_UP),
        script='set_status("closed")',
    )
    node("end", "end_return", "Traject afgesloten", S, 13, 0, "Het terugkeertraject is afgesloten.")

    flow("start_return", "script_return_open")
    flow("script_return_open", "task_return_talk")
    flow("task_return_talk", "task_class_council")
    flow("task_class_council", "gw_class_consent")
    flow("gw_class_consent", "task_prepare_class", "Ja", 'class_consent == "yes"')
    flow("gw_class_consent", "script_class_not_prepared", "Geen toestemming", default=True)
    flow("task_prepare_class", "gw_class_merge")
    flow("script_class_not_prepared", "gw_class_merge")
    flow("gw_class_merge", "script_return_followup")
    flow("script_return_followup", "gw_followup_again")
    flow("gw_followup_again", "wait_return_followup")
    flow("wait_return_followup", "task_return_followup")
    flow("task_return_followup", "gw_going_well")
    flow("gw_going_well", "script_return_closed", "Ja", 'going_well == "yes"')
    flow(
        "gw_going_well",
        "gw_followup_again",
        "Nog niet",
        default=True,
        points=d.back("gw_going_well", "gw_followup_again", d.corridor(S, 36)),
    )
    flow("script_return_closed", "end_return")
    add_deadlines(d)
    return d
