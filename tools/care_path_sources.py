"""The seed documents every BPMN element cites (shared/seeds), and the citation format."""

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

