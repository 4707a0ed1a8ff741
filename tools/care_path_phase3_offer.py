"""zorgpad_school_offer: the school's part of phase 3's tailored offer.

The offer is a joint decision (the CLB's plan of phase 3, made with pupil,
parents and school); TOAH, Bednet, an individually adapted curriculum (IAC),
a flexible track and a reorientation are organised by the school, often by its
class council. Each such offer the plan chooses starts this process once, with
`school_offer` naming it (app/services/cases/school_offers.py): a task in the
school's lane, while the CLB stays responsible for the whole (its own offer
task and the evaluation of phase 3 run on in zorgpad_case)."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S2, S4, doc

JOINT = (
    S4,
    "§3.1: ‘De school op ieder moment betrokken partij blijft … Concretiseer dit best vooraf op papier’",
)


def school_offer_process() -> Diagram:
    d = Diagram(
        "zorgpad_school_offer",
        "Aanbod op maat: het deel van de school",
        "Wat de school organiseert van het aanbod op maat dat het CLB in fase 3 met leerling, ouders en "
        "school koos: TOAH of Bednet, een individueel aangepast curriculum, een flexibel leertraject of een "
        "heroriëntatie. Eén keer per gekozen aanbod; het CLB blijft verantwoordelijk.",
        [("lane_school", "School", 3, 30)],
        col_width=180,
    )
    S = "lane_school"
    d.node(
        "start",
        "start_school_offer",
        "Aanbod op maat gekozen",
        S,
        0,
        1,
        doc("Het plan van fase 3 koos een aanbod dat de school organiseert.", JOINT),
    )
    d.node("xgw", "gw_school_offer", "Welk aanbod?", S, 1, 1, "Welk aanbod organiseert de school?")
    d.node(
        "user",
        "task_school_toah",
        "TOAH of Bednet aanvragen en organiseren",
        S,
        2,
        0,
        doc(
            "Tijdelijk onderwijs aan huis voor een zieke leerling, op vraag van de ouders, of Bednet bij "
            "langdurige ziekte: de school vraagt het aan en regelt de lessen; het CLB blijft betrokken.",
            (S2, "‘Geoorloofd relatief schoolverzuim’ (TOAH, ziekenhuisschool)"),
            (DOMAIN, "‘TOAH (temporary home education for sick pupils, on the parents' request) and Bednet’"),
        ),
    )
    d.node(
        "user",
        "task_school_iac",
        "IAC opstellen met de klassenraad",
        S,
        2,
        1,
        doc(
            "Een individueel aangepast curriculum (OV4): de klassenraad stelt het op met het CLB, de leerling "
            "en de ouders.",
            (S0, "‘Fase 3: Aanbod op maat’"),
            (
                DOMAIN,
                "‘an individually adapted curriculum (IAC, OV4) … decisions of the school or its class council’",
            ),
        ),
    )
    d.node(
        "user",
        "task_school_track",
        "Flexibel leertraject of heroriëntatie uitwerken met de klassenraad",
        S,
        2,
        2,
        doc(
            "Een flexibel leertraject op school, of een heroriëntatie (andere richting, school of "
            "onderwijsvorm): de klassenraad werkt het uit met het CLB, de leerling en de ouders.",
            (S0, "‘Heroriëntatie’"),
            JOINT,
        ),
    )
    d.node("xgw", "gw_school_offer_done", "", S, 3, 1, "Samenvoeging: het deel van de school staat.")
    d.node("end", "end_school_offer", "Aanbod georganiseerd", S, 4, 1, "De school organiseerde haar deel.")
    d.flow("start_school_offer", "gw_school_offer")
    d.flow("gw_school_offer", "task_school_toah", "TOAH / Bednet", 'school_offer == "toah"')
    d.flow("gw_school_offer", "task_school_iac", "IAC", 'school_offer == "iac"')
    d.flow("gw_school_offer", "task_school_track", "Flexibel / heroriëntatie", default=True)
    for task in ("task_school_toah", "task_school_iac", "task_school_track"):
        d.flow(task, "gw_school_offer_done")
    d.flow("gw_school_offer_done", "end_school_offer")
    return d
