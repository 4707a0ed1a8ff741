"""The main path (zorgpad_case), phase 2, led by the CLB: the referral, its
acceptance (or back to the school), the intake, and the plan of a guidance
round. The rounds themselves: tools/care_path_clb_rounds.py; closing with
agreements and relapse: tools/care_path_clb_closing.py."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S1, S2, doc


def add_phase2_referral(d: Diagram) -> None:
    S, C = "lane_school", "lane_clb"
    node, flow = d.node, d.flow

    node(
        "script",
        "script_fase2",
        "Fase 2: aanmelding bij het CLB",
        C,
        12,
        0,
        doc(
            "Fase 2, uitbreiding van zorg: het CLB neemt de regie en ziet het dossier vanaf de aanmelding; "
            "de school blijft partner en registreert.",
            (
                S0,
                "‘Uitbreiding van Zorg – Samenwerking’ (‘CLB neemt regie over. School blijft partner in "
                "begeleiding en registratie afwezigheden’)",
            ),
        ),
        script='involve_clb("referral")\nset_phase("fase2")',
    )
    node(
        "user",
        "task_clb_accept",
        "Aanmelding beoordelen",
        C,
        13,
        0,
        doc(
            "Het CLB beoordeelt de aanmelding; niet aanvaard: terug naar de school, met de reden.",
            (
                S1,
                "bijlage §3: ‘Het CLB engageert zich om leerlingen die in onderling overleg worden aangemeld, "
                "aan te spreken’",
            ),
        ),
    )
    node("xgw", "gw_clb_accept", "Aanvaard?", C, 14, 0, "Aanvaardt het CLB de aanmelding?")
    node(
        "script",
        "script_return_to_school",
        "Terug naar de school",
        S,
        15,
        3,
        doc(
            "Niet aanvaard: de school zet fase 1 verder, met de reden van het CLB.",
            (S1, "bijlage §2: een aanmelding met ‘een constructieve hulpvraag’"),
        ),
        script='set_phase("fase1", reason=reason)',
    )
    node(
        "script",
        "script_accepted",
        "School verwittigen: aanvaard",
        C,
        15,
        0,
        doc(
            "De school hoort dat de aanmelding aanvaard is (een gebeurtenis die de school ziet), niet meer.",
            (
                DOMAIN,
                "‘What the CLB agreed with the school (acceptance of a referral, follow-up agreements) is "
                "shared with the school’",
            ),
            (S0, "‘Verdeling van Taken’ (‘Afstemming over wie welke leerling opvolgt’)"),
        ),
        script='notify_school("referral_accepted")',
    )
    node(
        "script",
        "script_resume_fase2",
        "Fase 2 bij het nieuwe CLB",
        C,
        15,
        1,
        doc(
            "Na een schoolverandering in fase 2 zet het nieuwe CLB de begeleiding verder, na de warme "
            "overdracht.",
            (S0, "‘Overbruggingshulp en Schoolverandering’ (‘Warme overdracht naar nieuwe CLB-medewerker’)"),
        ),
        script='set_phase("fase2")\nset_status("open")',
    )
    node(
        "xgw",
        "gw_intake_merge",
        "Begeleiding start",
        C,
        16,
        0,
        "Samenvoeging: de CLB-begeleiding start (na aanvaarding, of bij het nieuwe CLB).",
    )
    node(
        "user",
        "task_clb_intake",
        "Gesprek met leerling en ouders",
        C,
        17,
        0,
        doc(
            "Het CLB spreekt leerling en ouders (op school, thuis, telefonisch of digitaal), oplossingsgericht, "
            "zonder strafassociatie.",
            (
                S0,
                "‘CLB start begeleiding’ (‘CLB-gesprek met Leerling/Ouders … Vermijden van strafassociatie’)",
            ),
            (
                S1,
                "bijlage §3 (‘Een persoonlijk gesprek op school heeft de voorkeur … Huisbezoeken worden "
                "aangemoedigd … Ook telefonisch of digitaal overleg’)",
            ),
        ),
    )
    node(
        "xgw",
        "gw_round_plan_merge",
        "Ronde plannen",
        C,
        18,
        0,
        "Samenvoeging: (opnieuw) een begeleidingsronde plannen.",
        label="below",
    )
    node(
        "user",
        "task_clb_round_plan",
        "Begeleidingsronde plannen",
        C,
        19,
        0,
        doc(
            "Het CLB kiest één of meer trajecten die samen lopen (HGD, kortdurende begeleiding, draaischijf), "
            "of er is geen verdere hulpvraag: afsluiten met afspraken (de school signaleert nieuwe "
            "afwezigheden).",
            (S0, "‘CLB start begeleiding’ (‘HGD-traject / Kortdurende begeleiding / Draaischijffunctie’)"),
            (
                S1,
                "bijlage §3 (‘De begeleiding resulteert in een verdere kortdurende CLB-begeleiding. "
                "Doorverwijzing naar externe hulpverlening behoort tot de mogelijkheden’; ‘Er is geen verdere "
                "hulpvraag’)",
            ),
            (S2, "‘Ongeoorloofd relatief schoolverzuim’ (pistes, subsidiariteitsprincipe)"),
        ),
    )
    node("xgw", "gw_round_plan", "Verdere hulpvraag?", C, 20, 0, "Begeleiding, of geen verdere hulpvraag?")

    flow("gw_phase1_decision", "script_fase2", "Aanmelden bij het CLB", 'decision == "refer_to_clb"')
    flow("script_fase2", "task_clb_accept")
    flow("task_clb_accept", "gw_clb_accept")
    flow("gw_clb_accept", "script_accepted", "Ja", "accepted == True")
    flow(
        "gw_clb_accept",
        "script_return_to_school",
        "Nee",
        "accepted == False",
        points=[
            d.port(d.nodes["gw_clb_accept"], "top"),
            (d.col_x(14), d.boundary(S, 4, -8)),
            (d.col_x(15), d.boundary(S, 4, -8)),
            d.port(d.nodes["script_return_to_school"], "bottom"),
        ],
    )
    flow(
        "script_return_to_school",
        "gw_decision_merge",
        points=d.back("script_return_to_school", "gw_decision_merge", d.boundary(S, 3, 12)),
    )
    flow(
        "gw_resume",
        "script_resume_fase2",
        "Fase 2 bij het nieuwe CLB",
        'resume_phase == "fase2"',
        points=[
            d.port(d.nodes["gw_resume"], "bottom"),
            (d.col_x(1), d.row_y(C, 1)),
            d.port(d.nodes["script_resume_fase2"], "left"),
        ],
    )
    flow("script_accepted", "gw_intake_merge")
    flow("script_resume_fase2", "gw_intake_merge")
    flow("gw_intake_merge", "task_clb_intake")
    flow("task_clb_intake", "gw_round_plan_merge")
    flow("gw_round_plan_merge", "task_clb_round_plan")
    flow("task_clb_round_plan", "gw_round_plan")
