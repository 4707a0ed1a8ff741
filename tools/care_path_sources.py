"""The seed documents every BPMN element cites (shared/seeds), and the citation format."""

S0 = "000_32e939cdea7a1057.txt (CLB-presentatie ‘Fase 0–3 bij spijbelen en afwezigheden’, 17/11/2023)"
S1 = (
    "001_dc7eb8f1eb325aa8.txt (Dialoogdocument aanwezigheidsbeleid op school, PLG Brussel en "
    "Vlaams-Brabant; bijlage ‘Samenvatting visie leidraad problematische afwezigheden’)"
)
S2 = "002_67dbec2f3010347c.txt (‘Aanwezigheidsbeleid op fase 2: uitbreiding van zorg’)"
S3 = "003_8de0ff0e2f1d2316.txt (Meet & Greet Samen tegen Schooluitval, 2/06/2026)"
S4 = (
    "004_3dd1676b5d2b55ad.txt (HOGENT, ‘Angst voor de schoolpoort’: omgaan met schoolafwezigheden en "
    "schoolweigering)"
)
DOMAIN = "shared/domain.md (domeinmodel van Zorgpad)"


def src(*refs) -> str:
    return "Bron: " + "; ".join(f"{doc}, {section}" for doc, section in refs) + "."


def doc(text: str, *refs) -> str:
    return f"{text} {src(*refs)}" if refs else text


# "Nu evalueren": no seed says in so many words that an evaluation date may be
# moved forward; they name the signs that call for acting at once. Cited as such.
EARLY_SIGNS = (
    S2,
    "‘Ongeoorloofd relatief schoolverzuim’: ‘afwezigheden [kunnen] zich in korte tijd snel "
    "opstapelen zodat een aanmelding bij fase 2 zich opdringt’",
)
EARLY_IMPACT = (
    S1,
    "bijlage §2: ‘Hoe korter op de bal, hoe groter de impact’; aanmelden als ‘De leerling "
    "niet meer naar school komt’",
)
EARLY_READING = (
    DOMAIN,
    "onze lezing, geen letterlijke bron: wie opvolgt mag de evaluatie vervroegen als de "
    "situatie verslechtert (nieuwe B-codes, de leerling komt niet meer)",
)


def evaluate_now_doc(what: str, *refs) -> str:
    """The documentation of an `evaluate_now` wait: the date's own sources, then why it may come early."""
    return doc(
        f"{what} Wordt de situatie intussen slechter, dan kan wie opvolgt nu evalueren (bericht "
        "evaluate_now, ‘Nu evalueren’ op het dossier): de wachttijd vervalt.",
        *refs,
        EARLY_SIGNS,
        EARLY_IMPACT,
        EARLY_READING,
    )
