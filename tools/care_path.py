"""The care path as the sources describe it: writes workflows/*.bpmn.

    .venv/bin/python tools/care_path.py

Every element's documentation names its source: a seed document in
shared/seeds (file and section, quoted where it helps) or shared/domain.md.
Element ids are a contract with forms/, app/services and the tests. Layout:
tools/bpmn_layout.py (lane, column, row per element).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmn_layout import Diagram  # noqa: E402

WORKFLOWS = Path(__file__).resolve().parents[1] / "workflows"

S0 = "000_32e939cdea7a1057.txt (CLB-presentatie ‘Fase 0–3 bij spijbelen en afwezigheden’, 17/11/2023)"
S1 = ("001_dc7eb8f1eb325aa8.txt (Dialoogdocument aanwezigheidsbeleid op school, PLG Brussel en "
      "Vlaams-Brabant; bijlage ‘Samenvatting visie leidraad problematische afwezigheden’)")
S2 = "002_67dbec2f3010347c.txt (‘Aanwezigheidsbeleid op fase 2: uitbreiding van zorg’)"
S3 = "003_8de0ff0e2f1d2316.txt (Meet & Greet Samen tegen Schooluitval, 2/06/2026)"
S4 = ("004_3dd1676b5d2b55ad.txt (HOGENT, ‘Angst voor de schoolpoort’: omgaan met schoolafwezigheden en "
      "schoolweigering)")
DOMAIN = "shared/domain.md (domeinmodel van Zorgpad)"


def src(*refs) -> str:
    return "Bron: " + "; ".join(f"{doc}, {section}" for doc, section in refs) + "."


def doc(text: str, *refs) -> str:
    return f"{text} {src(*refs)}" if refs else text


# ---------------------------------------------------------------------------
# zorgpad_case: the main path, one instance per school period
# ---------------------------------------------------------------------------

def case_process() -> Diagram:
    d = Diagram(
        "zorgpad_case", "Zorgpad: problematische afwezigheden",
        "Het zorgcontinuüm bij problematische afwezigheden, per leerling en per schoolperiode: fase 1 "
        "(school), fase 2 (CLB), fase 3 (aanbod op maat, met het zorgwekkend dossier als één deel). "
        "Elke stap noemt haar bron (shared/seeds). Per afwezigheid loopt een eigen proces "
        "(zorgpad_absence_followup), net als het politiespoor (zorgpad_police_track) en de warme "
        "overdracht (zorgpad_school_change). Scripts roepen enkel set_phase, set_status, involve_clb, "
        "notify_school en share_agreements aan. Timers (opvolgperiode, evaluatiedata, herval) volgen.",
        [("lane_school", "School", 4, 50), ("lane_clb", "CLB", 6, 60)],
        messages=["new_absences"])
    S, C = "lane_school", "lane_clb"
    node, flow = d.node, d.flow

    # --- start, or start again at the new school --------------------------------
    node("start", "start_case", "Dossier geopend", S, 0, 1, doc(
        "Een dossier per leerling; na een schoolverandering start het pad opnieuw bij de nieuwe school.",
        (S1, "bijlage §1 ‘Opdracht school’: ‘het opbouwen van een dossier van die begeleidende "
             "maatregelen’")))
    node("xgw", "gw_resume", "Fase bij de start?", S, 1, 1, doc(
        "Na een schoolverandering begint de nieuwe school in de fase waarin het dossier zat; de "
        "CLB-begeleiding loopt verder bij het nieuwe CLB.",
        (S1, "bijlage §3: ‘Bij schoolverandering zorgt het CLB voor een warme overdracht … om te vermijden "
             "dat B-codes opnieuw hoog oplopen alvorens er wordt ingegrepen’")))

    # --- phase 1 (school) ---------------------------------------------------------
    node("script", "script_fase1", "Fase 1: verhoogde zorg", S, 2, 1, doc(
        "Fase 1, verhoogde zorg: de school heeft de regie.",
        (S0, "‘FASE 1: Verhoogde zorg bij spijbelen en afwezigheden’ (‘Regierol van de School’)")),
        script='set_phase("fase1")\nset_status("open")')
    node("xgw", "gw_plan_again", "Aanpak (opnieuw)", S, 3, 1, doc(
        "Samenvoeging: opnieuw naar de aanpak volgens het type, bv. nadat het CLB het type wijzigde.",
        (S4, "§1.5 ‘Soorten schoolafwezigheden’: de aanpak afstemmen op het type")))
    node("xgw", "gw_type_known", "Type gekend?", S, 4, 1, doc(
        "Is het type afwezigheid gekend? Zo niet, eerst uitzoeken.",
        (S4, "§1.5: ‘Vooraleer over te gaan tot concrete acties, dient men de situatie eerst grondig in te "
             "schatten’")))
    node("user", "task_absence_type", "Type afwezigheid uitzoeken", S, 5, 0, doc(
        "De school schat in of het gaat om spijbelen, schoolonthouding, schooluitsluiting of "
        "schoolweigering; het type bepaalt de aanpak.",
        (S4, "§1.5 ‘Soorten schoolafwezigheden’ en §1.6 (alle perspectieven in kaart)"),
        (S1, "bijlage §1: ‘het uitklaren van de oorzaak van de afwezigheid (vraagverheldering)’")))
    node("xgw", "gw_type_merge", "Type gekend", S, 6, 1, "Samenvoeging: het type is gekend.")
    node("xgw", "gw_route_by_type", "Aanpak volgens type", S, 7, 1, doc(
        "Elk type zijn aanpak: een spijbelactieplan hoort enkel bij spijbelen.",
        (S4, "§1.5: ‘Spijbelen vereist bijvoorbeeld een andere aanpak dan schoolweigering’"),
        (DOMAIN, "‘School refusal … Schoolonthouding … schooluitsluiting (exclusion) for help towards a "
                 "new school’")))
    node("user", "task_action_plan", "Spijbelactieplan opstellen", S, 8, 0, doc(
        "Enkel bij spijbelen: een actieplan met leerling en ouders (acties, wie, wanneer, evaluatie). "
        "Later hoort hier een servicetaak ‘document spijbelactieplan genereren’.",
        (S3, "‘Preventieplan afwezigheden – PLG Antwerpen’ (‘Nood vanuit spijbelactieplan’) en ‘Actieplan "
             "aanwezigheidsbeleid – PLG Oost-Vlaanderen’ (‘Gebaseerd op … bestaande spijbelactieplannen "
             "(o.a. Gent)’)"),
        (S2, "‘Ongeoorloofd relatief schoolverzuim’: kopie van het spijbelactieplan bij het M-document")))
    node("user", "task_return_plan", "Terugkeerplan met spilfiguur", S, 8, 1, doc(
        "Bij schoolweigering: geen contract en geen dwang. Een spilfiguur houdt contact; de terugkeer "
        "gebeurt stap voor stap (eerst het ‘hoe’, dan het ‘wanneer’).",
        (S4, "§1.7 (‘De spilfiguur is diegene die op ieder moment voeling heeft en houdt met de situatie’), "
             "§2.3 ‘Terugkeer naar school’, §2.6 FAQ 3–4 (‘Een contract op school … werkt vaak "
             "contraproductief bij jongeren met schoolweigering’)"),
        (S2, "‘Schoolweigering’")))
    node("user", "task_parent_agreements", "Afspraken met de ouders (schoolonthouding)", S, 8, 2, doc(
        "Bij schoolonthouding (de ouders houden de leerling thuis) werkt de school met de ouders: reden, "
        "belemmeringen, afspraken.",
        (S4, "§1.5 (‘Schoolonthouding: de jongere is afwezig, onder impuls van en/of met medeweten van de "
             "ouder(s)’) en §1.3 ‘Bespreken van signalen met de ouders’"),
        (S0, "‘Belang van Ouders’ (‘Bereidheid tot samenwerken cruciaal; risicofactor anders’)")))
    node("user", "task_exclusion_support", "Uitsluiting: hulp naar een nieuwe school", S, 8, 3, doc(
        "Bij schooluitsluiting helpt de school, samen met het CLB, de leerling naar een nieuwe school.",
        (S0, "‘Fase 3: Aanbod op maat’ – ‘definitieve verwijdering o.w.v. tuchtmaatregel’: ‘Huidige school "
             "mee verantwoordelijk om samen met CLB ll actief bij te staan in zoektocht nieuwe school’; "
             "‘Bijzondere gevallen en interventies’ (schorsing, uitsluiting)")))
    node("xgw", "gw_plan_merge", "Plan opgesteld", S, 9, 1, "Samenvoeging: de aanpak volgens het type loopt.")
    node("xgw", "gw_decision_merge", "Naar de evaluatie", S, 10, 1,
         "Samenvoeging: terug naar de evaluatie van fase 1 (na het signaal, na de opvolgperiode, of als het "
         "CLB de aanmelding niet aanvaardt).")
    node("user", "task_phase1_evaluation", "Evaluatie en beslissing fase 1", S, 11, 1, doc(
        "De school evalueert en beslist: signaleren aan het CLB, verder opvolgen, een nieuw plan, "
        "aanmelden bij het CLB of afsluiten. Afsluiten met 5 of meer B-codes zonder signaal wordt "
        "geweigerd. Bij een aanmelding: ouders geïnformeerd, besproken met de leerling (behalve als die "
        "elke begeleiding weigert), met een constructieve hulpvraag.",
        (S1, "bijlage §2 ‘Doorverwijzing naar het CLB’ (‘Een aanmelding bij het CLB wordt, uitgezonderd in "
             "het laatste geval, steeds besproken met de leerling’)"),
        (S0, "‘Fase 2 … Wanneer meldt de school de leerling aan bij CLB?’ en ‘Belang van Ouders’")))
    node("xgw", "gw_phase1_decision", "Beslissing fase 1", S, 12, 1, "Wat de school besliste.")
    node("script", "script_signal", "CLB betrekken: signaal", S, 13, 0, doc(
        "Vanaf het signaal ziet het CLB het dossier, niet eerder.",
        (S1, "bijlage §1 (‘het signaleren aan het CLB vanaf 5 B-codes’) en §2 (‘Signaleren ≠ aanmelden’)")),
        script='involve_clb("signal")')
    node("user", "task_signal_clb", "Signaal aan het CLB: overleg afwezigheden", S, 14, 0, doc(
        "Vanaf 5 B-codes (halve dagen) signaleert de school aan het CLB; de leerling wordt besproken op "
        "het systematisch overleg afwezigheden (consultatief). Signaleren is geen aanmelding: de school "
        "houdt de regie.",
        (S0, "‘Systematisch overleg afwezigheden’ en ‘Besproken leerlingen op overleg’ (‘Bespreking vanaf 5 "
             "B-codes’, ‘CLB- consulterende functie mogelijk’)"),
        (S1, "bijlage §2 (‘Signaleren kan doorheen gesprek of door het bezorgen van een overzichtslijst’; "
             "knipperlichten)")))
    node("script", "script_monitoring", "Opvolging", S, 13, 2, doc(
        "Voorlopig opgelost: de school volgt de afwezigheden verder op. Een timer (tot ‘Opvolgen tot’) "
        "komt tussen deze stap en de herevaluatie.",
        (DOMAIN, "fase 1 stap 6: ‘resolved (monitor)’")), script='set_status("monitoring")')
    node("user", "task_monitoring_review", "Herevaluatie na opvolgperiode", S, 14, 2, doc(
        "Na de opvolgperiode kijkt de school opnieuw en gaat terug naar de evaluatie.",
        (S3, "routekaart, fase 1: ‘nauwe opvolging’")))
    node("script", "script_reopen", "Opnieuw actief", S, 15, 2, doc(
        "Het dossier is weer actief na de opvolgperiode.", (DOMAIN, "fase 1 stap 6")),
        script='set_status("open")')
    node("script", "script_close_fase1", "Afsluiten: opgelost", S, 13, 3, doc(
        "Opgelost in fase 1.", (DOMAIN, "fase 1 stap 6: ‘decide: resolved … or refer to the CLB’")),
        script='set_status("closed")')
    node("end", "end_closed_fase1", "Afgesloten in fase 1", S, 14, 3, "Het dossier is afgesloten in fase 1.")

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
    flow("gw_route_by_type", "task_parent_agreements", "Schoolonthouding",
         'absence_type == "schoolonthouding"')
    flow("gw_route_by_type", "task_exclusion_support", "Schooluitsluiting",
         'absence_type == "schooluitsluiting"')
    for task in ("task_action_plan", "task_return_plan", "task_parent_agreements", "task_exclusion_support"):
        flow(task, "gw_plan_merge")
    flow("gw_plan_merge", "gw_decision_merge")
    flow("gw_decision_merge", "task_phase1_evaluation")
    flow("task_phase1_evaluation", "gw_phase1_decision")
    flow("gw_phase1_decision", "script_signal", "Signaleren aan het CLB", 'decision == "signal_clb"',
         style="h")
    flow("gw_phase1_decision", "script_monitoring", "Verder opvolgen", 'decision == "monitor"')
    flow("gw_phase1_decision", "script_close_fase1", "Afsluiten", 'decision == "close"')
    flow("gw_phase1_decision", "gw_plan_again", "Nieuw plan", 'decision == "new_plan"',
         points=d.back("gw_phase1_decision", "gw_plan_again", d.corridor(S, 34)))
    flow("script_signal", "task_signal_clb")
    flow("task_signal_clb", "gw_decision_merge",
         points=d.back("task_signal_clb", "gw_decision_merge", d.corridor(S, 16)))
    flow("script_monitoring", "task_monitoring_review")
    flow("task_monitoring_review", "script_reopen")
    flow("script_reopen", "gw_decision_merge",
         points=d.back("script_reopen", "gw_decision_merge", d.boundary(S, 3)))
    flow("script_close_fase1", "end_closed_fase1")

    # --- phase 2 (CLB) ------------------------------------------------------------
    node("script", "script_fase2", "Fase 2: aanmelding bij het CLB", C, 12, 0, doc(
        "Fase 2, uitbreiding van zorg: het CLB neemt de regie en ziet het dossier vanaf de aanmelding; "
        "de school blijft partner en registreert.",
        (S0, "‘Uitbreiding van Zorg – Samenwerking’ (‘CLB neemt regie over. School blijft partner in "
             "begeleiding en registratie afwezigheden’)")),
        script='involve_clb("referral")\nset_phase("fase2")')
    node("user", "task_clb_accept", "Aanmelding beoordelen", C, 13, 0, doc(
        "Het CLB beoordeelt de aanmelding; niet aanvaard: terug naar de school, met de reden.",
        (S1, "bijlage §3: ‘Het CLB engageert zich om leerlingen die in onderling overleg worden aangemeld, "
             "aan te spreken’")))
    node("xgw", "gw_clb_accept", "Aanvaard?", C, 14, 0, "Aanvaardt het CLB de aanmelding?")
    node("script", "script_return_to_school", "Terug naar de school", S, 15, 3, doc(
        "Niet aanvaard: de school zet fase 1 verder, met de reden van het CLB.",
        (S1, "bijlage §2: een aanmelding met ‘een constructieve hulpvraag’")),
        script='set_phase("fase1", reason=reason)')
    node("script", "script_accepted", "School verwittigen: aanvaard", C, 15, 0, doc(
        "De school hoort dat de aanmelding aanvaard is (een gebeurtenis die de school ziet), niet meer.",
        (DOMAIN, "‘What the CLB agreed with the school (acceptance of a referral, follow-up agreements) is "
                 "shared with the school’"),
        (S0, "‘Verdeling van Taken’ (‘Afstemming over wie welke leerling opvolgt’)")),
        script='notify_school("referral_accepted")')
    node("script", "script_resume_fase2", "Fase 2 bij het nieuwe CLB", C, 15, 1, doc(
        "Na een schoolverandering in fase 2 zet het nieuwe CLB de begeleiding verder, na de warme "
        "overdracht.",
        (S0, "‘Overbruggingshulp en Schoolverandering’ (‘Warme overdracht naar nieuwe CLB-medewerker’)")),
        script='set_phase("fase2")\nset_status("open")')
    node("xgw", "gw_intake_merge", "Begeleiding start", C, 16, 0,
         "Samenvoeging: de CLB-begeleiding start (na aanvaarding, of bij het nieuwe CLB).",
         label="upper_right")
    node("user", "task_clb_intake", "Gesprek met leerling en ouders", C, 17, 0, doc(
        "Het CLB spreekt leerling en ouders (op school, thuis, telefonisch of digitaal), oplossingsgericht, "
        "zonder strafassociatie.",
        (S0, "‘CLB start begeleiding’ (‘CLB-gesprek met Leerling/Ouders … Vermijden van strafassociatie’)"),
        (S1, "bijlage §3 (‘Een persoonlijk gesprek op school heeft de voorkeur … Huisbezoeken worden "
             "aangemoedigd … Ook telefonisch of digitaal overleg’)")))
    node("xgw", "gw_round_plan_merge", "Ronde plannen", C, 18, 0,
         "Samenvoeging: (opnieuw) een begeleidingsronde plannen.", label="upper_right")
    node("user", "task_clb_round_plan", "Begeleidingsronde plannen", C, 19, 0, doc(
        "Het CLB kiest één of meer trajecten die samen lopen (HGD, kortdurende begeleiding, draaischijf), "
        "of er is geen verdere hulpvraag: afsluiten met afspraken (de school signaleert nieuwe "
        "afwezigheden).",
        (S0, "‘CLB start begeleiding’ (‘HGD-traject / Kortdurende begeleiding / Draaischijffunctie’)"),
        (S1, "bijlage §3 (‘De begeleiding resulteert in een verdere kortdurende CLB-begeleiding. "
             "Doorverwijzing naar externe hulpverlening behoort tot de mogelijkheden’; ‘Er is geen verdere "
             "hulpvraag’)"),
        (S2, "‘Ongeoorloofd relatief schoolverzuim’ (pistes, subsidiariteitsprincipe)")))
    node("xgw", "gw_round_plan", "Verdere hulpvraag?", C, 20, 0, "Begeleiding, of geen verdere hulpvraag?")
    node("xgw", "gw_round_again", "Ronde", C, 21, 2, "Samenvoeging: een (volgende) begeleidingsronde.")
    node("pgw", "gw_round_fork", "Trajecten lopen samen", C, 22, 2, doc(
        "De gekozen trajecten lopen tegelijk (bv. kortdurende begeleiding naast een doorverwijzing).",
        (DOMAIN, "fase 2 stap 3: ‘trajectories can combine and repeat’"),
        (S2, "‘De samenwerking vormt een netwerk rond de leerling’")))
    node("xgw", "gw_hgd_chosen", "HGD?", C, 23, 1, "Is een HGD-traject gekozen?", label="below")
    node("xgw", "gw_short_chosen", "Kortdurend?", C, 23, 2, "Is kortdurende begeleiding gekozen?",
         label="below")
    node("xgw", "gw_hub_chosen", "Draaischijf?", C, 23, 3,
         "Is een doorverwijzing naar een partner gekozen?", label="below")
    node("user", "task_hgd", "Handelingsgericht diagnostisch traject", C, 24, 1, doc(
        "Achterliggende problematiek onderzoeken, adviseren over onderwijsaanpassingen.",
        (S0, "‘HGD-traject door CLB’")))
    node("user", "task_short_term", "Kortdurende begeleiding", C, 24, 2, doc(
        "Motivatie versterken, terug binding met school.",
        (S0, "‘Kortdurende Begeleiding door CLB’ (‘Motivatie versterken. Terug binding met school’)")))
    node("user", "task_hub_referral", "Draaischijf: doorverwijzing naar een partner", C, 24, 3, doc(
        "Het CLB verwijst door naar een partner (schoolexterne interventies o.a. NAFT, CAW, CGG, OCMW, "
        "kinder- en jeugdpsychiatrie) en blijft verantwoordelijk.",
        (S2, "‘Aanmelding bij een partner betekent niet dat de begeleiding doorgeschoven wordt en/of dat "
             "deze overgenomen wordt’"),
        (S0, "‘Draaischijffunctie en Afronding’"),
        (S3, "‘Alternatieve trajecten – Draaischijffunctie (fase 2)’")))
    node("xgw", "gw_waiting_list", "Wachtlijst?", C, 25, 3, "Staat de leerling op een wachtlijst?")
    node("xgw", "gw_bridging_merge", "Overbruggen", C, 26, 4, "Samenvoeging: (verder) overbruggen.")
    node("user", "task_bridging_help", "Overbruggingshulp tijdens de wachtlijst", C, 27, 4, doc(
        "Tijdens de wachtlijst volgt het CLB op met overbruggingshulp, tot de partner heeft overgenomen. "
        "Een timer (volgend contact) komt vóór deze taak bij een volgende lus.",
        (S0, "‘Overbruggingshulp en Schoolverandering’ (‘Overbruggingshulp i.g.v. wachtlijst bij externe "
             "partner: Verbondenheid behouden. Flexibele oplossingen zoeken.’)")))
    node("xgw", "gw_partner_took_over", "Partner overgenomen?", C, 28, 4,
         "Heeft de partner de begeleiding opgestart?")
    node("xgw", "gw_hgd_done", "", C, 29, 1, "Samenvoeging: HGD afgerond of niet gekozen.")
    node("xgw", "gw_short_done", "", C, 29, 2,
         "Samenvoeging: kortdurende begeleiding afgerond of niet gekozen.")
    node("xgw", "gw_hub_done", "", C, 29, 3, "Samenvoeging: partner heeft overgenomen, of niet gekozen.")
    node("pgw", "gw_round_join", "Ronde afgerond", C, 30, 2, "Alle trajecten van de ronde zijn rond.",
         label="upper_right")
    node("user", "task_round_evaluation", "Evaluatie einde begeleidingsronde", C, 31, 2, doc(
        "Aan het einde van elke ronde beslist het CLB: verderzetten, bijsturen, afsluiten met "
        "opvolgafspraken met de school, of fase 3. Een timer (evaluatiedatum) komt vóór deze taak.",
        (DOMAIN, "fase 2 stap 3–4"),
        (S1, "bijlage §3: ‘Bij afronding van begeleiding of doorverwijzing worden afspraken gemaakt met de "
             "school over de opvolging van de afwezigheden’")))
    node("xgw", "gw_round_decision", "Beslissing ronde", C, 32, 2, "Wat het CLB na de ronde besliste.")

    flow("gw_phase1_decision", "script_fase2", "Aanmelden bij het CLB", 'decision == "refer_to_clb"')
    flow("script_fase2", "task_clb_accept")
    flow("task_clb_accept", "gw_clb_accept")
    flow("gw_clb_accept", "script_accepted", "Ja", "accepted == True")
    flow("gw_clb_accept", "script_return_to_school", "Nee", "accepted == False",
         points=[d.port(d.nodes["gw_clb_accept"], "top"), (d.col_x(14), d.boundary(S, 4, -8)),
                 (d.col_x(15), d.boundary(S, 4, -8)), d.port(d.nodes["script_return_to_school"], "bottom")])
    flow("script_return_to_school", "gw_decision_merge",
         points=d.back("script_return_to_school", "gw_decision_merge", d.boundary(S, 3, 12)))
    flow("gw_resume", "script_resume_fase2", "Fase 2 bij het nieuwe CLB", 'resume_phase == "fase2"',
         points=[d.port(d.nodes["gw_resume"], "bottom"), (d.col_x(1), d.row_y(C, 1)),
                 d.port(d.nodes["script_resume_fase2"], "left")])
    flow("script_accepted", "gw_intake_merge")
    flow("script_resume_fase2", "gw_intake_merge")
    flow("gw_intake_merge", "task_clb_intake")
    flow("task_clb_intake", "gw_round_plan_merge")
    flow("gw_round_plan_merge", "task_clb_round_plan")
    flow("task_clb_round_plan", "gw_round_plan")
    flow("gw_round_plan", "gw_round_again", "Begeleiding", default=True)
    flow("gw_round_again", "gw_round_fork")
    for chosen, task, done, traject, row in (("gw_hgd_chosen", "task_hgd", "gw_hgd_done", "hgd", 1),
                                             ("gw_short_chosen", "task_short_term", "gw_short_done",
                                              "short_term", 2),
                                             ("gw_hub_chosen", "task_hub_referral", "gw_hub_done", "hub", 3)):
        flow("gw_round_fork", chosen)
        flow(chosen, task, "Ja", f'"{traject}" in (trajectories or [])')
        flow(chosen, done, "Nee", default=True,
             points=d.back(chosen, done, d.boundary(C, row, 10)))
        if task != "task_hub_referral":
            flow(task, done)
    flow("task_hub_referral", "gw_waiting_list")
    flow("gw_waiting_list", "gw_bridging_merge", "Wachtlijst", "waiting_list == True")
    flow("gw_waiting_list", "gw_hub_done", "Start meteen", default=True)
    flow("gw_bridging_merge", "task_bridging_help")
    flow("task_bridging_help", "gw_partner_took_over")
    flow("gw_partner_took_over", "gw_hub_done", "Ja", "partner_took_over == True",
         points=[d.port(d.nodes["gw_partner_took_over"], "right"), (d.col_x(29), d.row_y(C, 4)),
                 d.port(d.nodes["gw_hub_done"], "bottom")])
    flow("gw_partner_took_over", "gw_bridging_merge", "Nog wachten", default=True,
         points=d.back("gw_partner_took_over", "gw_bridging_merge", d.boundary(C, 5, 12)))
    flow("gw_hgd_done", "gw_round_join", style="h")
    flow("gw_short_done", "gw_round_join")
    flow("gw_hub_done", "gw_round_join", style="h")
    flow("gw_round_join", "task_round_evaluation")
    flow("task_round_evaluation", "gw_round_decision")
    flow("gw_round_decision", "gw_round_again", "Verderzetten", 'decision == "continue"',
         points=d.back("gw_round_decision", "gw_round_again", d.boundary(C, 5, 30)))
    flow("gw_round_decision", "gw_round_plan_merge", "Bijsturen", 'decision == "switch"',
         points=d.back("gw_round_decision", "gw_round_plan_merge", d.corridor(C, 14)))

    # --- closing with agreements, and relapse ---------------------------------------
    node("xgw", "gw_close_merge", "Afsluiten met afspraken", C, 34, 0,
         "Samenvoeging: afsluiten met opvolgafspraken met de school.", label="upper_right")
    node("script", "script_close_agreements", "Afspraken delen en afsluiten", C, 35, 0, doc(
        "De opvolgafspraken worden gedeeld met de school (zichtbaar op het dossier); het dossier sluit maar "
        "wacht op nieuwe afwezigheden.",
        (S1, "bijlage §3: ‘afspraken … over de opvolging van de afwezigheden, om terugval snel te "
             "detecteren en de nodige begeleiding opnieuw te activeren’"),
        (S0, "‘Afronding en Opvolging’ (‘Afspraken met school over opvolging afwezigheden’)")),
        script='share_agreements(followup_agreements, school_contact, relapse_signal)\nset_status("closed")')
    node("catch_message", "catch_new_absences", "Nieuwe afwezigheden", S, 36, 3, doc(
        "De school signaleert nieuwe afwezigheden (bericht new_absences): het dossier gaat weer open en "
        "het CLB krijgt een taak. Een timer (einde van de opvolgperiode: definitief afsluiten) hoort hier "
        "als alternatief via een event-based gateway.",
        (S1, "bijlage §3: ‘De school signaleert wanneer er bijkomende afwezigheden zijn’")),
        message="new_absences", label="above")
    node("script", "script_relapse", "Heropenen", C, 37, 0, doc(
        "Heropend: het CLB krijgt de hervaltaak.",
        (S1, "bijlage §3: ‘de nodige begeleiding opnieuw te activeren’")),
        script='set_status("open", reason="nieuwe afwezigheden na afsluiting met opvolgafspraken")')
    node("user", "task_relapse_review", "Herval opvolgen: nieuwe afwezigheden", C, 38, 0, doc(
        "Het CLB hoort van de nieuwe afwezigheden en beslist: een nieuwe ronde, fase 3, of opnieuw "
        "afsluiten met afspraken.",
        (S1, "bijlage §3: ‘de nodige begeleiding opnieuw te activeren’")))
    node("xgw", "gw_relapse", "Beslissing herval", C, 39, 0, "Wat het CLB na het herval besliste.")
    flow("gw_round_plan", "gw_close_merge", "Geen verdere hulpvraag", 'plan == "no_further_need"',
         points=d.back("gw_round_plan", "gw_close_merge", d.corridor(C, 26)))
    flow("gw_round_decision", "gw_close_merge", "Afsluiten met opvolgafspraken",
         'decision == "close_with_agreements"', style="h", label="last")
    flow("gw_close_merge", "script_close_agreements")
    flow("script_close_agreements", "catch_new_absences")
    flow("catch_new_absences", "script_relapse", style="h")
    flow("script_relapse", "task_relapse_review")
    flow("task_relapse_review", "gw_relapse")
    flow("gw_relapse", "gw_round_plan_merge", "Nieuwe ronde", 'decision == "new_round"',
         points=d.back("gw_relapse", "gw_round_plan_merge", d.corridor(C, 38)), label="last")
    flow("gw_relapse", "gw_close_merge", "Opnieuw afsluiten", 'decision == "close_again"',
         points=d.back("gw_relapse", "gw_close_merge", d.corridor(C, 50)))

    # --- phase 3 (CLB): a tailored offer, with the worrying file as one part -----------
    node("xgw", "gw_fase3_merge", "Naar fase 3", C, 40, 2, "Samenvoeging: naar fase 3.")
    node("script", "script_fase3", "Fase 3: aanbod op maat", C, 41, 2, doc(
        "Fase 3 is eerst een aanbod op maat; het zorgwekkend dossier is er één deel van. Het CLB blijft "
        "verantwoordelijk.",
        (S0, "‘Fase 3: Aanbod op maat bij spijbelen en afwezigheden’ en ‘Zorgwekkende Dossiers’ (‘Bij "
             "ernstige spijbelproblematiek blijft CLB verantwoordelijk voor verplichte hulpverlening’)"),
        (S4, "‘FASE 3: alternatieven voor het schoollopen’")),
        script='set_phase("fase3")\nset_status("open")')
    node("xgw", "gw_phase3_plan_merge", "Plannen", C, 42, 2, "Samenvoeging: (opnieuw) het aanbod en de "
         "sporen kiezen.")
    node("user", "task_phase3_plan", "Fase 3: aanbod op maat en sporen kiezen", C, 43, 2, doc(
        "Het CLB kiest met leerling, ouders en school het aanbod op maat (TOAH, Bednet, heroriëntatie, "
        "individueel aangepast curriculum, flexibel leertraject, schoolexterne interventies, een nieuwe "
        "school na uitsluiting) en, ernaast of in de plaats, de sporen: een anoniem OCJ-consult, een "
        "M-document aan OCJ/VK, een melding aan AGODI (door de school of het CLB). Niet (meer) "
        "leerplichtig: enkel vrijwillig, geen juridische sporen. Het politiespoor start de school zelf "
        "(zorgpad_police_track).",
        (S0, "‘Fase 3: Aanbod op maat’, ‘Heroriëntatie’, ‘definitieve verwijdering o.w.v. tuchtmaatregel’, "
             "‘Juridische trajecten bij verontrustende situaties’"),
        (S2, "‘Geoorloofd relatief schoolverzuim’ (TOAH) en ‘Melding zorgwekkend dossier AGODI’"),
        (S4, "§3.1 ‘Schoollopen (tijdelijk) loslaten: een weloverwogen keuze’")))
    node("pgw", "gw_phase3_fork", "Aanbod en sporen samen", C, 44, 2, doc(
        "Aanbod en sporen lopen naast elkaar.",
        (S0, "‘= Parallelle trajecten, andere finaliteit: CLB → OCJ → Jeugdrechtbank; School → Politie → "
             "Parket → Politierechtbank’")))
    node("xgw", "gw_offer_chosen", "Aanbod?", C, 45, 1, "Is er een aanbod op maat gekozen?", label="below")
    node("xgw", "gw_welfare_chosen", "Welzijnsspoor?", C, 45, 2, doc(
        "Is het welzijnsspoor gekozen (consult en/of M-document)?",
        (S0, "‘Rol van CLB: Bij vermoeden van verontrusting kan CLB consult vragen of M-doc overmaken aan "
             "het OCJ’")), label="below")
    node("xgw", "gw_agodi_chosen", "AGODI?", C, 45, 4, "Is een melding aan AGODI gekozen?")
    node("user", "task_tailored_offer", "Aanbod op maat uitvoeren en opvolgen", C, 46, 1, doc(
        "Het CLB zet het aanbod op met de school en de partners; de school blijft betrokken (spilfiguur, "
        "leerkrachten, klasgenoten).",
        (S4, "§3.1: ‘De school op ieder moment betrokken partij blijft … Concretiseer dit best vooraf op "
             "papier’"),
        (S2, "‘Geoorloofd relatief schoolverzuim’ (TOAH, ziekenhuisschool)")))
    node("xgw", "gw_consult_first", "Eerst consult?", C, 46, 2, "Eerst een anoniem consult, of meteen een "
         "M-document?")
    node("xgw", "gw_agodi_by", "Wie meldt?", C, 46, 4, doc(
        "De school of het CLB meldt, elk in de eigen lane.",
        (S2, "‘Melding zorgwekkend dossier AGODI’: ‘kunnen de school of het CLB dat aan AGODI melden als "
             "zorgwekkend dossier’")))
    node("user", "task_ocj_consult", "Anoniem consult OCJ", C, 47, 2, doc(
        "Een eigen stap met een eigen uitkomst: anoniem, geen overdracht; het kan eindigen zonder melding.",
        (S0, "‘Ondersteuningscentrum Jeugdzorg (OCJ) Consult’ (‘Consultteam is een losstaand team in de "
             "OCJ-werking. Geen overdracht … Anoniem’)"),
        (S2, "‘Voorafgaand aan de aanmelding kan het CLB ook op de consultfunctie van de gemandateerde "
             "voorziening beroep doen’")))
    agodi_doc = ("Situatieschets, chronologisch overzicht van de stappen van school, CLB en externe "
                 "diensten, en een motivering; de chronologie start van het logboek en de afgeronde "
                 "stappen. Later hoort hier een servicetaak ‘AGODI-verslag genereren’.")
    agodi_src = (S2, "‘Melding zorgwekkend dossier AGODI’ (‘Als de situatie na inspanningen van de school "
                     "en het CLB niet verbetert’)")
    letter_doc = "AGODI kan de ouders aanschrijven; school en CLB krijgen een kopie."
    letter_src = (S2, "‘In overleg met de school en het CLB kan AGODI de ouders aanschrijven … De school en "
                      "het CLB krijgen een kopie van de brief’")
    node("user", "task_agodi_report", "Zorgwekkend dossier melden aan AGODI (school)", S, 47, 3,
         doc(agodi_doc, agodi_src, (DOMAIN, "‘AGODI worrying-file report: situation sketch, chronology, "
                                             "motivation’")))
    node("user", "task_agodi_letter_school", "AGODI-brief aan de ouders registreren (school)", S, 48, 3,
         doc(letter_doc, letter_src))
    node("user", "task_agodi_report_clb", "Zorgwekkend dossier melden aan AGODI (CLB)", C, 47, 4,
         doc(agodi_doc, agodi_src))
    node("user", "task_agodi_letter_clb", "AGODI-brief aan de ouders registreren (CLB)", C, 48, 4,
         doc(letter_doc, letter_src))
    node("xgw", "gw_consult_outcome", "M-document beslist?", C, 48, 2, "Besliste het CLB na het consult "
         "tot een M-document?")
    node("xgw", "gw_agodi_done", "", C, 49, 4, "Samenvoeging: AGODI-spoor rond of niet gekozen.")
    node("xgw", "gw_mdoc_merge", "M-document", C, 50, 3, "Samenvoeging: naar het M-document.")
    node("user", "task_m_document", "M-document aan OCJ/VK", C, 51, 3, doc(
        "Enkel als beslist: de melding van verontrusting aan het OCJ (of het VK), met het spijbelactieplan "
        "als mogelijke bijlage. Later hoort hier een servicetaak ‘bijlage M-document genereren’.",
        (S0, "‘Een effectieve aanmelding met M-doc door de hulpverlener’ en ‘Juridische trajecten bij "
             "verontrustende situaties’"),
        (S2, "‘kan een kopie van het spijbelactieplan toegevoegd worden aan het M-document’"),
        (S4, "§2.6 FAQ 6 ‘Wanneer dien je een M-doc in?’")))
    node("user", "task_ocj_outcome", "Beslissing OCJ opvolgen", C, 52, 3, doc(
        "Het OCJ onderzoekt de maatschappelijke noodzaak: ja → het OCJ volgt op; nee → doorverwijzing.",
        (S0, "‘Het OCJ onderzoekt maatschappelijke noodzaak (MaNo)’")))
    node("xgw", "gw_offer_done", "", C, 53, 1, "Samenvoeging: aanbod rond of niet gekozen.")
    node("xgw", "gw_welfare_done", "", C, 53, 2, "Samenvoeging: welzijnsspoor rond (met of zonder "
         "M-document) of niet gekozen.")
    node("pgw", "gw_phase3_join", "Aanbod en sporen rond", C, 54, 2, "Aanbod en sporen zijn rond.",
         label="upper_right")
    node("xgw", "gw_phase3_eval_merge", "Evalueren", C, 55, 2, "Samenvoeging: (opnieuw) evalueren.")
    node("user", "task_phase3_evaluation", "Evaluatie fase 3", C, 56, 2, doc(
        "Is de leerling terug? Verderzetten (volgende evaluatie), bijsturen of afsluiten met "
        "opvolgafspraken; het CLB blijft verantwoordelijk. Een timer (volgende evaluatiedatum) komt vóór "
        "deze taak.",
        (S0, "‘Zorgwekkende Dossiers’ (‘blijft CLB verantwoordelijk voor verplichte hulpverlening’)"),
        (S4, "§3.1: ‘Naderhand kan regulier schoollopen al dan niet terug opgestart worden’")))
    node("xgw", "gw_phase3_decision", "Beslissing fase 3", C, 57, 2, "Wat het CLB na de evaluatie besliste.")

    flow("gw_round_decision", "gw_fase3_merge", "Fase 3", 'decision == "phase3"')
    flow("gw_relapse", "gw_fase3_merge", "Fase 3", 'decision == "phase3"')
    flow("gw_resume", "gw_fase3_merge", "Fase 3 bij het nieuwe CLB", 'resume_phase == "fase3"',
         points=d.back("gw_resume", "gw_fase3_merge", d.boundary(C, 5, 60)))
    flow("gw_fase3_merge", "script_fase3")
    flow("script_fase3", "gw_phase3_plan_merge")
    flow("gw_phase3_plan_merge", "task_phase3_plan")
    flow("task_phase3_plan", "gw_phase3_fork")
    flow("gw_phase3_fork", "gw_offer_chosen")
    flow("gw_phase3_fork", "gw_welfare_chosen")
    flow("gw_phase3_fork", "gw_agodi_chosen")
    flow("gw_offer_chosen", "task_tailored_offer", "Ja", "bool(offers)")
    flow("gw_offer_chosen", "gw_offer_done", "Nee", default=True,
         points=d.back("gw_offer_chosen", "gw_offer_done", d.boundary(C, 1, 10)))
    flow("task_tailored_offer", "gw_offer_done")
    flow("gw_welfare_chosen", "gw_consult_first", "Ja",
         '"ocj_consult" in (tracks or []) or "m_document" in (tracks or [])')
    flow("gw_welfare_chosen", "gw_welfare_done", "Nee", default=True,
         points=d.back("gw_welfare_chosen", "gw_welfare_done", d.boundary(C, 2, 10)))
    flow("gw_consult_first", "task_ocj_consult", "Consult", '"ocj_consult" in tracks')
    flow("gw_consult_first", "gw_mdoc_merge", "Meteen M-document", default=True)
    flow("task_ocj_consult", "gw_consult_outcome")
    flow("gw_consult_outcome", "gw_mdoc_merge", "M-document", 'consult_outcome == "m_document"')
    flow("gw_consult_outcome", "gw_welfare_done", "Geen melding", default=True)
    flow("gw_mdoc_merge", "task_m_document")
    flow("task_m_document", "task_ocj_outcome")
    flow("task_ocj_outcome", "gw_welfare_done")
    flow("gw_agodi_chosen", "gw_agodi_by", "Ja", '"agodi" in (tracks or [])')
    flow("gw_agodi_chosen", "gw_agodi_done", "Nee", default=True,
         points=d.back("gw_agodi_chosen", "gw_agodi_done", d.boundary(C, 5, 12)))
    flow("gw_agodi_by", "task_agodi_report", "De school", 'agodi_filed_by == "school"', style="h")
    flow("gw_agodi_by", "task_agodi_report_clb", "Het CLB", default=True)
    flow("task_agodi_report", "task_agodi_letter_school")
    flow("task_agodi_report_clb", "task_agodi_letter_clb")
    flow("task_agodi_letter_school", "gw_agodi_done")
    flow("task_agodi_letter_clb", "gw_agodi_done")
    flow("gw_offer_done", "gw_phase3_join", style="h")
    flow("gw_welfare_done", "gw_phase3_join")
    flow("gw_agodi_done", "gw_phase3_join", style="h")
    flow("gw_phase3_join", "gw_phase3_eval_merge")
    flow("gw_phase3_eval_merge", "task_phase3_evaluation")
    flow("task_phase3_evaluation", "gw_phase3_decision")
    flow("gw_phase3_decision", "gw_phase3_eval_merge", "Verderzetten", 'decision == "continue"',
         points=d.back("gw_phase3_decision", "gw_phase3_eval_merge", d.boundary(C, 3, 12)))
    flow("gw_phase3_decision", "gw_phase3_plan_merge", "Bijsturen", 'decision == "adjust"',
         points=d.back("gw_phase3_decision", "gw_phase3_plan_merge", d.boundary(C, 5, 30)))
    flow("gw_phase3_decision", "gw_close_merge", "Afsluiten met opvolgafspraken",
         'decision == "close_with_agreements"',
         points=d.back("gw_phase3_decision", "gw_close_merge", d.corridor(C, 26)))
    return d


# ---------------------------------------------------------------------------
# zorgpad_absence_followup: one short process per absence episode
# ---------------------------------------------------------------------------

def absence_followup_process() -> Diagram:
    d = Diagram(
        "zorgpad_absence_followup", "Opvolging van een afwezigheid",
        "Per problematische afwezigheid (episode): de ouders contacteren en de leerling aanspreken bij de "
        "terugkeer, elk door de rol die de school daarvoor aanduidde; bij schoolweigering eerst de "
        "leerling. Een eigen kort proces per episode, gestart bij het openen van het dossier en bij elke "
        "nieuwe episode (app/services/absence_followup.py), zodat het hoofdpad niet groeit.",
        [("lane_school", "School", 3, 30), ("lane_clb", "CLB", 1, 30)])
    S, C = "lane_school", "lane_clb"
    node, flow = d.node, d.flow
    node("start", "start_episode", "Nieuwe problematische afwezigheid", S, 0, 1, doc(
        "Bij elke problematische afwezigheid (B-code), vanaf de eerste.",
        (S0, "‘School neemt actie bij afwezigheid’ (‘Contact nemen met Ouders: Bij elke afwezigheid’)"),
        (S1, "bijlage §1: ‘de communicatie met de leerling en/of ouders vanaf de eerste ongewettigde "
             "afwezigheid’")))
    node("xgw", "gw_pupil_first", "Schoolweigering?", S, 1, 1, doc(
        "Bij schoolweigering spreekt de school eerst de leerling aan, niet meteen de ouders.",
        (S4, "‘Betrokkenheid behouden in elke fase’: ‘Bel niet meteen naar ouders als de jongere afwezig is. "
             "Vraag eerst aan de jongere wat er is’")))
    node("user", "task_absence_ask_pupil", "Leerling eerst zelf aanspreken (schoolweigering)", S, 2, 0, doc(
        "De leerling eerst zelf aanspreken (Smartschool, een kaartje, telefoon), en de ouders contacteren "
        "met medeweten van de jongere.",
        (S4, "‘Betrokkenheid behouden in elke fase’ en §1.3 (‘Treed in contact met de ouder(s) in de mate "
             "van het mogelijke met medeweten van de jongere’)")))
    node("pgw", "gw_episode_fork", "Ouders en leerling", S, 2, 1, doc(
        "Het contact met de ouders en het gesprek bij de terugkeer zijn twee taken: het gesprek komt vaak "
        "dagen later.", (S0, "‘School neemt actie bij afwezigheid’")))
    node("user", "task_absence_pupil_talk", "Gesprek met de leerling bij terugkeer", S, 3, 2, doc(
        "Bij de terugkeer spreekt een door de school aangeduide medewerker de leerling persoonlijk aan, "
        "gericht op herstel van de binding, met oprechte zorg in plaats van controle.",
        (S0, "‘School neemt actie bij afwezigheid’ (‘De leerling persoonlijk aanspreken: Bij terugkomst na "
             "afwezigheid. Door bepaalde schoolmedewerker’)"),
        (S4, "§1.2 ‘Bespreken van signalen met de jongere’")))
    node("end", "end_pupil_talk", "Gesprek gevoerd", S, 4, 2, "Het gesprek met de leerling is gevoerd.")
    node("xgw", "gw_parents_merge", "", S, 3, 1, "Samenvoeging: naar het contact met de ouders.")
    node("user", "task_absence_contact_parents", "Ouders contacteren bij afwezigheid", S, 4, 1, doc(
        "De rol die de school aanduidde contacteert de ouders en vraagt de onderliggende reden. Bij twijfel "
        "over een medisch attest vraagt de school eerst uitleg aan de ouders.",
        (S0, "‘School neemt actie bij afwezigheid’ (‘Afspraken binnen school wie contact opneemt (bv. "
             "secretariaatsmedewerker, klastitularis). Onderliggende reden vragen’)"),
        (S1, "bijlage §2 ‘Twijfelachtige doktersattesten’ (‘stellen ze deze vragen eerst aan de ouders’)")))
    node("xgw", "gw_certificate", "Attest nog twijfelachtig?", S, 5, 1,
         "Blijft er twijfel over het medisch attest na de vraag aan de ouders?")
    node("script", "script_certificate_to_clb", "Aanmelden bij het CLB: attest", C, 5, 0, doc(
        "Blijft de twijfel, dan meldt de school het aan het CLB; het CLB ziet het dossier vanaf nu.",
        (S1, "bijlage §2: ‘Indien de bezorgdheid blijft, kunnen ze dit aanmelden bij het CLB’")),
        script='involve_clb("medical_certificate")')
    node("user", "task_absence_clb_doctor", "CLB-arts contacteert de behandelende arts", C, 6, 0, doc(
        "De CLB-arts neemt contact op met de arts die het attest schreef; de uitkomst wordt geregistreerd.",
        (S0, "‘Bijzondere gevallen en interventies’ (‘Bij twijfel: CLB-arts als contactpersoon naar "
             "voorschrijvende arts’)"),
        (S1, "bijlage §2: ‘Een optie kan zijn dat de CLB-arts de huisarts contacteert’")))
    node("script", "script_certificate_outcome", "School verwittigen: uitkomst", C, 7, 0, doc(
        "De school hoort enkel of het attest blijft staan, zonder medische details.",
        (DOMAIN, "‘CLB files are under professional secrecy’")),
        script='notify_school("certificate_" + certificate_outcome)')
    node("end", "end_certificate", "Attest beoordeeld", C, 8, 0, "Het attest is beoordeeld.")
    node("end", "end_contact", "Ouders gecontacteerd", S, 6, 1, "De ouders zijn gecontacteerd.")
    flow("start_episode", "gw_pupil_first")
    flow("gw_pupil_first", "task_absence_ask_pupil", "Schoolweigering: eerst de leerling",
         'absence_type == "schoolweigering"')
    flow("gw_pupil_first", "gw_episode_fork", "Anders", default=True)
    flow("task_absence_ask_pupil", "gw_parents_merge", style="h")
    flow("gw_episode_fork", "task_absence_pupil_talk")
    flow("gw_episode_fork", "gw_parents_merge")
    flow("task_absence_pupil_talk", "end_pupil_talk")
    flow("gw_parents_merge", "task_absence_contact_parents")
    flow("task_absence_contact_parents", "gw_certificate")
    flow("gw_certificate", "script_certificate_to_clb", "Twijfel blijft",
         "certificate_still_doubtful == True")
    flow("gw_certificate", "end_contact", "Geen twijfel", default=True)
    flow("script_certificate_to_clb", "task_absence_clb_doctor")
    flow("task_absence_clb_doctor", "script_certificate_outcome")
    flow("script_certificate_outcome", "end_certificate")
    return d


# ---------------------------------------------------------------------------
# zorgpad_police_track and zorgpad_school_change
# ---------------------------------------------------------------------------

def police_track_process() -> Diagram:
    d = Diagram(
        "zorgpad_police_track", "Politiespoor",
        "Het handhavingsspoor: de school meldt na overleg met het CLB aan de politie, in elke fase (ook in "
        "fase 1), zonder dat er een CLB-traject moet zijn geweest. Niet (meer) leerplichtig: niet "
        "aangeboden. Bij schoolweigering nooit vanzelf (app/services/police_track.py).",
        [("lane_school", "School", 1, 30)])
    S = "lane_school"
    d.node("start", "start_police", "Politiespoor gestart door de school", S, 0, 0, doc(
        "De school start het politiespoor na overleg met het CLB, ook al in fase 1 (bv. een fiche "
        "onbereikbaarheid).",
        (S0, "‘Juridische trajecten bij verontrustende situaties’: ‘Melding bij Politie: door school na "
             "overleg met CLB. Bij manifeste onwil van ouders. Bij totale onbereikbaarheid van het gezin: "
             "fiche onbereikbaarheid opsporing door politie’")))
    d.node("script", "script_police_consult", "Overleg met het CLB", S, 1, 0, doc(
        "Het CLB wordt geraadpleegd en ziet het dossier vanaf nu.",
        (S0, "‘Melding bij Politie: door school na overleg met CLB’")),
        script='involve_clb("police_consult")')
    d.node("user", "task_police_report", "Melding aan politie / fiche onbereikbaarheid", S, 2, 0, doc(
        "Melding bij manifeste onwil, of een fiche onbereikbaarheid met de contactpogingen (data, kanalen), "
        "voorgevuld uit het logboek en de contacten met de ouders. Later hoort hier een servicetaak "
        "‘politiemelding / fiche onbereikbaarheid genereren’.",
        (S0, "‘Juridische trajecten bij verontrustende situaties’"),
        (S1, "bijlage §2, knipperlicht: ‘De ouders … zijn niet bereikbaar (mits zekerheid over de "
             "contactgegevens)’")))
    d.node("user", "task_parket_answer", "Antwoord van het parket registreren", S, 3, 0, doc(
        "School → politie → parket → politierechtbank: het antwoord van het parket wordt geregistreerd.",
        (S0, "‘School → Politie → Parket → Politierechtbank’ en ‘Vlaamse krachtlijnen tegen spijbelen: De "
             "parketten worden aangemoedigd om samen met relevante actoren concrete afspraken te maken’")))
    d.node("end", "end_police", "Politiespoor afgerond", S, 4, 0, "Het antwoord van het parket is gekend.")
    d.flow("start_police", "script_police_consult")
    d.flow("script_police_consult", "task_police_report")
    d.flow("task_police_report", "task_parket_answer")
    d.flow("task_parket_answer", "end_police")
    return d


def school_change_process() -> Diagram:
    d = Diagram(
        "zorgpad_school_change", "Warme overdracht bij schoolverandering",
        "Was het CLB betrokken, dan draagt het zendende CLB het dossier warm over (persoonlijk contact, "
        "aandachtspunt in LARS) en ontvangt het CLB van de nieuwe school het. De open taken van de oude "
        "school vervallen; de nieuwe school start haar eigen pad (app/services/school_change.py).",
        [("lane_clb", "CLB", 1, 30)])
    C = "lane_clb"
    d.node("start", "start_handover", "Leerling verandert van school", C, 0, 0, doc(
        "De leerling verandert van school terwijl het CLB betrokken is.",
        (S1, "bijlage §3 (warme overdracht bij schoolverandering)")))
    d.node("user", "task_warm_handover", "Warme overdracht door het zendende CLB", C, 1, 0, doc(
        "Het zendende CLB neemt persoonlijk contact op met de volgende CLB-medewerker (een beveiligde mail "
        "alleen volstaat niet) en zet een aandachtspunt in LARS. De taak hoort bij de periode van de oude "
        "school. Later hoort hier een servicetaak ‘overdrachtsdocument genereren’.",
        (S1, "bijlage §3: ‘In LARS wordt voor deze leerlingen een aandachtspunt toegevoegd … Dit vervangt "
             "geenszins een persoonlijke contactname met de volgende CLB-medewerker’")))
    d.node("user", "task_receive_handover", "Overdracht ontvangen door het nieuwe CLB", C, 2, 0, doc(
        "Het CLB van de nieuwe school ontvangt de overdracht en neemt de opvolging op.",
        (S0, "‘Schoolverandering: Warme overdracht naar nieuwe CLB-medewerker. Aandachtspunt in LARS voor "
             "opvolging.’")))
    d.node("end", "end_handover", "Overdracht afgerond", C, 3, 0, "De overdracht is ontvangen.")
    d.flow("start_handover", "task_warm_handover")
    d.flow("task_warm_handover", "task_receive_handover")
    d.flow("task_receive_handover", "end_handover")
    return d


PROCESSES = {
    "zorgpad_case.bpmn": case_process,
    "zorgpad_absence_followup.bpmn": absence_followup_process,
    "zorgpad_police_track.bpmn": police_track_process,
    "zorgpad_school_change.bpmn": school_change_process,
}


def main() -> None:
    for filename, build in PROCESSES.items():
        diagram = build()
        overlaps = diagram.check_overlaps()
        if overlaps:
            raise SystemExit(f"{filename}: overlapping shapes: {overlaps}")
        (WORKFLOWS / filename).write_text(diagram.xml(), encoding="utf-8")
        print(f"wrote workflows/{filename} ({len(diagram.nodes)} elements, {len(diagram.flows)} flows)")


if __name__ == "__main__":
    main()
