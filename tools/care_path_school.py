"""The main path (zorgpad_case): the start, and phase 1 at the school up to the
evaluation: the approach per type of absence, and the plan's evaluation date.
The evaluation and its decisions: tools/care_path_school_decision.py."""

from tools.bpmn_layout import Diagram
from tools.care_path_sources import DOMAIN, S0, S1, S2, S3, S4, doc, evaluate_now_doc

# Phase 1's plan for truancy: made with the pupil and the parents, about re-binding with school.
PLAN_WITH_THE_PUPIL = (
    S0,
    "‘FASE 1: Verhoogde zorg, algemeen’: ‘In samenspraak met leerling en ouders worden doelen, behoeften en "
    "aanpak bepaald’",
)
BINDING = (
    S0,
    "‘School neemt actie bij afwezigheid’: ‘Gericht op herstel van binding, met oprechte zorg in plaats van "
    "controle en sanctionering’",
)
# The formal, signed plan: where the school works with the local police.
POLICE_COPY = (
    S2,
    "‘Ongeoorloofd relatief schoolverzuim’: ‘Als er voorafgaand in fase 1 samengewerkt werd met de lokale "
    "politie kan een kopie van het spijbelactieplan toegevoegd worden aan het M-document’",
)


def add_phase1_plan(d: Diagram) -> None:
    S = "lane_school"
    node, flow = d.node, d.flow

    # --- start, or start again at the new school --------------------------------
    node(
        "start",
        "start_case",
        "Dossier geopend",
        S,
        0,
        1,
        doc(
            "Een dossier per leerling; na een schoolverandering start het pad opnieuw bij de nieuwe school.",
            (
                S1,
                "bijlage §1 ‘Opdracht school’: ‘het opbouwen van een dossier van die begeleidende "
                "maatregelen’",
            ),
        ),
    )
    node(
        "xgw",
        "gw_resume",
        "Fase bij de start?",
        S,
        1,
        1,
        doc(
            "Na een schoolverandering begint de nieuwe school in de fase waarin het dossier zat; de "
            "CLB-begeleiding loopt verder bij het nieuwe CLB.",
            (
                S1,
                "bijlage §3: ‘Bij schoolverandering zorgt het CLB voor een warme overdracht … om te vermijden "
                "dat B-codes opnieuw hoog oplopen alvorens er wordt ingegrepen’",
            ),
        ),
    )

    # --- phase 1 (school) ---------------------------------------------------------
    node(
        "script",
        "script_fase1",
        "Fase 1: verhoogde zorg",
        S,
        2,
        1,
        doc(
            "Fase 1, verhoogde zorg: de school heeft de regie.",
            (S0, "‘FASE 1: Verhoogde zorg bij spijbelen en afwezigheden’ (‘Regierol van de School’)"),
        ),
        script='set_phase("fase1")\nset_status("open")',
    )
    node(
        "xgw",
        "gw_plan_again",
        "Aanpak (opnieuw)",
        S,
        3,
        1,
        doc(
            "Samenvoeging: opnieuw naar de aanpak volgens het type, bv. nadat het CLB het type wijzigde.",
            (S4, "§1.5 ‘Soorten schoolafwezigheden’: de aanpak afstemmen op het type"),
        ),
    )
    node(
        "xgw",
        "gw_type_known",
        "Type gekend?",
        S,
        4,
        1,
        doc(
            "Is het type afwezigheid gekend? Zo niet, eerst uitzoeken.",
            (
                S4,
                "§1.5: ‘Vooraleer over te gaan tot concrete acties, dient men de situatie eerst grondig in te "
                "schatten’",
            ),
        ),
    )
    node(
        "user",
        "task_absence_type",
        "Type afwezigheid uitzoeken",
        S,
        5,
        0,
        doc(
            "De school schat in of het gaat om spijbelen, schoolonthouding, schooluitsluiting of "
            "schoolweigering; het type bepaalt de aanpak.",
            (S4, "§1.5 ‘Soorten schoolafwezigheden’ en §1.6 (alle perspectieven in kaart)"),
            (S1, "bijlage §1: ‘het uitklaren van de oorzaak van de afwezigheid (vraagverheldering)’"),
        ),
    )
    node("xgw", "gw_type_merge", "Type gekend", S, 6, 1, "Samenvoeging: het type is gekend.")
    node(
        "xgw",
        "gw_route_by_type",
        "Aanpak volgens type",
        S,
        7,
        1,
        doc(
            "Elk type zijn aanpak: een begeleidingsplan (of spijbelactieplan) hoort enkel bij spijbelen.",
            (S4, "§1.5: ‘Spijbelen vereist bijvoorbeeld een andere aanpak dan schoolweigering’"),
            (
                DOMAIN,
                "‘School refusal … Schoolonthouding … schooluitsluiting (exclusion) for help towards a "
                "new school’",
            ),
        ),
    )
    node(
        "user",
        "task_action_plan",
        "Begeleidingsplan opstellen",
        S,
        8,
        0,
        doc(
            "Enkel bij spijbelen: een begeleidingsplan over het herstel van de binding met de school, samen "
            "met de leerling (de eigen doelen, in de woorden van de leerling) en de ouders: acties, wie, "
            "wanneer, evaluatie. Geen contract en geen handtekeningen, tenzij de school onder een lokaal "
            "politieprotocol werkt (dan een formeel spijbelactieplan).",
            PLAN_WITH_THE_PUPIL,
            BINDING,
            (
                S1,
                "bijlage §1 (‘Werkzame methodieken’): ‘Begeleidende maatregelen kunnen dus best ingezet "
                "worden op het versterken van die schoolbinding’",
            ),
            (
                DOMAIN,
                "fase 1 stap 4: ‘a guidance plan (begeleidingsplan) about re-binding with school, made *with* "
                "the pupil (the pupil's own goals) and the parents — not a contract’",
            ),
        ),
        size=(120, 80),  # "Begeleidingsplan" is one long word
    )
    node(
        "xgw",
        "gw_formal_plan",
        "Lokaal politieprotocol?",
        S,
        8.4,
        0,
        doc(
            "Welk document: werkt de school onder een lokaal politieprotocol (feit formal_plan, uit de "
            "instellingen van de school), dan het formele spijbelactieplan met handtekeningen; anders het "
            "begeleidingsplan.",
            POLICE_COPY,
            (
                DOMAIN,
                "fase 1 stap 4: ‘a formal signed plan belongs where a local police protocol asks for it’",
            ),
        ),
        label="above",
    )
    node(
        "service",
        "service_begeleidingsplan",
        "Document begeleidingsplan",
        S,
        9,
        0,
        doc(
            "Het begeleidingsplan wordt een document (Word, PDF) voor leerling, ouders en school: de doelen "
            "van de leerling in de eigen woorden, wat de ouders zeggen en doen, het aanspreekpunt op school, "
            "de acties (wie, wat, tegen wanneer) en de evaluatiedatum; zonder handtekeningen.",
            PLAN_WITH_THE_PUPIL,
            (
                DOMAIN,
                "‘guidance plan / spijbelactieplan: pupil (with the pupil's own goals), parents, school "
                "contact, agreed actions with who/when, evaluation date; signatures only where a local "
                "protocol asks for them’",
            ),
        ),
        document="begeleidingsplan",
        size=(120, 80),
    )
    node(
        "service",
        "service_spijbelactieplan",
        "Document spijbelactieplan",
        S,
        8.7,
        0.5,
        doc(
            "Onder een lokaal politieprotocol wordt het plan een formeel spijbelactieplan (Word, PDF) met de "
            "afwezigheden, de doelen van de leerling, de acties (wie, wat, tegen wanneer), de evaluatiedatum, "
            "het protocol en handtekeningen voor leerling, ouders en school; een kopie kan later bij het "
            "M-document of, volgens het protocol, naar de politie.",
            POLICE_COPY,
            (
                S3,
                "‘Actieplan aanwezigheidsbeleid – PLG Oost-Vlaanderen’ (‘Gebaseerd op … bestaande "
                "spijbelactieplannen (o.a. Gent)’)",
            ),
            (
                DOMAIN,
                "‘guidance plan / spijbelactieplan: … signatures only where a local protocol asks for them’",
            ),
        ),
        document="spijbelactieplan",
    )
    node(
        "user",
        "task_return_plan",
        "Terugkeerplan met spilfiguur",
        S,
        8,
        1,
        doc(
            "Bij schoolweigering: geen contract en geen dwang. Een spilfiguur houdt contact; de terugkeer "
            "gebeurt stap voor stap (eerst het ‘hoe’, dan het ‘wanneer’).",
            (
                S4,
                "§1.7 (‘De spilfiguur is diegene die op ieder moment voeling heeft en houdt met de situatie’), "
                "§2.3 ‘Terugkeer naar school’, §2.6 FAQ 3–4 (‘Een contract op school … werkt vaak "
                "contraproductief bij jongeren met schoolweigering’)",
            ),
            (S2, "‘Schoolweigering’"),
        ),
    )
    node(
        "user",
        "task_parent_agreements",
        "Afspraken met de ouders (schoolonthouding)",
        S,
        8,
        2,
        doc(
            "Bij schoolonthouding (de ouders houden de leerling thuis) werkt de school met de ouders: reden, "
            "belemmeringen, afspraken.",
            (
                S4,
                "§1.5 (‘Schoolonthouding: de jongere is afwezig, onder impuls van en/of met medeweten van de "
                "ouder(s)’) en §1.3 ‘Bespreken van signalen met de ouders’",
            ),
            (S0, "‘Belang van Ouders’ (‘Bereidheid tot samenwerken cruciaal; risicofactor anders’)"),
        ),
    )
    node(
        "user",
        "task_exclusion_support",
        "Uitsluiting: hulp naar een nieuwe school",
        S,
        8,
        3,
        doc(
            "Bij schooluitsluiting helpt de school, samen met het CLB, de leerling naar een nieuwe school.",
            (
                S0,
                "‘Fase 3: Aanbod op maat’ – ‘definitieve verwijdering o.w.v. tuchtmaatregel’: ‘Huidige school "
                "mee verantwoordelijk om samen met CLB ll actief bij te staan in zoektocht nieuwe school’; "
                "‘Bijzondere gevallen en interventies’ (schorsing, uitsluiting)",
            ),
        ),
    )
    node("xgw", "gw_plan_merge", "Plan opgesteld", S, 9, 1, "Samenvoeging: de aanpak volgens het type loopt.")
    plan_sources = (
        (
            S3,
            "‘Actieplan aanwezigheidsbeleid - PLG Oost-Vlaanderen’ (‘Gebaseerd op andere, "
            "bestaande spijbelactieplannen’)",
        ),
        (DOMAIN, "‘guidance plan / spijbelactieplan: … agreed actions with who/when, evaluation date’"),
    )
    node(
        "egw",
        "gw_plan_evaluation",
        "Evaluatiedatum of nu?",
        S,
        9.3,
        1,
        evaluate_now_doc(
            "Het plan loopt tot zijn evaluatiedatum, tenzij de school eerder evalueert.", *plan_sources
        ),
    )
    node(
        "catch_timer",
        "wait_plan_evaluation",
        "Tot de evaluatiedatum van het plan",
        S,
        9.7,
        1,
        doc(
            "Het plan loopt tot zijn evaluatiedatum (elk plan van fase 1 noemt er een; hulp na een uitsluiting "
            "zonder datum: de termijn ‘action_plan_evaluation’ in schooldagen); dan evalueert de school.",
            *plan_sources,
        ),
        timer='evaluation_date or add_school_days(timer_start, deadline("action_plan_evaluation"))',
    )
    node(
        "catch_message",
        "catch_evaluate_now_plan",
        "Nu evalueren",
        S,
        9.7,
        1.45,
        evaluate_now_doc(
            "De zorgcoördinator (of wie schrijven mag in het dossier) evalueert het plan vóór zijn datum.",
            *plan_sources,
        ),
        message="evaluate_now",
    )
    node(
        "xgw",
        "gw_decision_merge",
        "Naar de evaluatie",
        S,
        10,
        1,
        "Samenvoeging: terug naar de evaluatie van fase 1 (na het signaal, na de opvolgperiode, of als het "
        "CLB de aanmelding niet aanvaardt).",
    )

    flow("start_case", "gw_resume")
    flow("gw_resume", "script_fase1", "Fase 1", default=True)
    flow("script_fase1", "gw_plan_again")
    flow("gw_plan_again", "gw_type_known")
    flow("gw_type_known", "task_absence_type", "Onbekend", 'absence_type == "onbekend"')
    flow("gw_type_known", "gw_type_merge", "Gekend", default=True)
    flow("task_absence_type", "gw_type_merge", style="h")
    flow("gw_type_merge", "gw_route_by_type")
    flow("gw_route_by_type", "task_action_plan", "Spijbelen", 'absence_type == "spijbelen"')
    flow("gw_route_by_type", "task_return_plan", "Schoolweigering", 'absence_type == "schoolweigering"')
    flow(
        "gw_route_by_type", "task_parent_agreements", "Schoolonthouding", 'absence_type == "schoolonthouding"'
    )
    flow(
        "gw_route_by_type",
        "task_exclusion_support",
        "Schooluitsluiting",
        'absence_type == "schooluitsluiting"',
    )
    flow("task_action_plan", "gw_formal_plan")
    flow("gw_formal_plan", "service_spijbelactieplan", "Ja", "formal_plan == True")
    flow("gw_formal_plan", "service_begeleidingsplan", "Nee", default=True)
    flow("service_begeleidingsplan", "gw_plan_merge")
    flow("service_spijbelactieplan", "gw_plan_merge")
    for task in ("task_return_plan", "task_parent_agreements", "task_exclusion_support"):
        flow(task, "gw_plan_merge")
    flow("gw_plan_merge", "gw_plan_evaluation")
    flow("gw_plan_evaluation", "wait_plan_evaluation")
    flow("gw_plan_evaluation", "catch_evaluate_now_plan")
    flow("wait_plan_evaluation", "gw_decision_merge")
    flow("catch_evaluate_now_plan", "gw_decision_merge")
