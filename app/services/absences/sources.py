"""Where each warning sign comes from: per rule the document (title, file), the
section, a quote, and where the default figure is our choice, a note saying so.

The seeds are in ../shared/seeds/ (Dutch guidance texts of CLB networks); the
domain note is ../shared/domain.md.
"""

from app.vocabulary import SignalRule

SEED_PHASES = (
    "Fase 0 en fase 1 bij spijbelen en afwezigheden (CLB, presentatie 17/11/2023)",
    "seeds/000_32e939cdea7a1057.txt",
)
SEED_DIALOGUE = (
    "Dialoogdocument aanwezigheidsbeleid op school (PLG Samen tegen schooluitval, Brussel en Vlaams-Brabant)",
    "seeds/001_dc7eb8f1eb325aa8.txt",
)
SEED_REFUSAL = (
    "Omgaan met schoolafwezigheden en schoolweigering in het bijzonder (HOGENT, ‘Angst voor de schoolpoort’)",
    "seeds/004_3dd1676b5d2b55ad.txt",
)
DOMAIN = ("Domeinnota Zorgpad (shared/domain.md), naar vlaanderen.be en het Groeipakket", "domain.md")
THRESHOLDS_SECTION = "Thresholds that drive the process"
SIGNS_SECTION = "Fase 1, 1.1 Signalen opmerken alvorens een gegronde inschatting te maken van de situatie"
KNIPPERLICHTEN = "2 Doorverwijzing naar het CLB, knipperlichten"

# rule: ((document, reference), section, quote[, note])
SOURCES = {
    SignalRule.B_SIGNAL: (
        SEED_DIALOGUE,
        "2 Doorverwijzing naar het CLB",
        "Regelgeving: school signaleert vanaf 5 B-codes aan het CLB",
        "Wettelijk: de school mag vroeger signaleren (een lagere drempel), nooit later.",
    ),
    SignalRule.MEDICAL_CERTIFICATES: (
        SEED_PHASES,
        "Systematisch overleg afwezigheden, specifieke leerlingenbespreking",
        "Aantal D-codes als knipperlicht (bv. 20 D-codes)",
        "D is het doktersattest: sinds 2019 geregistreerd als Z, maar apart geteld.",
    ),
    SignalRule.D_WITH_B: (
        SEED_PHASES,
        "Systematisch overleg afwezigheden, specifieke leerlingenbespreking",
        "Andere signalen: herhaaldelijke korte afwezigheden, D-codes in combinatie met B-codes",
        "De standaard (3 halve dagen met D-code naast 1 met B-code) is onze keuze: de bron geeft geen aantal.",
    ),
    SignalRule.SPEED: (
        SEED_DIALOGUE,
        KNIPPERLICHTEN,
        "De snelheid/de tijdsspanne waarin afwezigheden zich op korte termijn opstapelen, "
        "vb. 20 afwezigheden in 6 maanden versus 20 afwezigheden in zes weken",
    ),
    SignalRule.EARLY_B: (
        SEED_DIALOGUE,
        KNIPPERLICHTEN,
        "Problematische afwezigheden in september en oktober zijn een belangrijke voorspeller voor een "
        "hoger oplopend aantal afwezigheden in de rest van het schooljaar. De allereerste B-codes zouden "
        "dus intensiever kunnen worden opgevolgd om escalatie te voorkomen (exclusief luxeverzuim).",
    ),
    SignalRule.FREQUENT_LATENESS: (
        SEED_REFUSAL,
        SIGNS_SECTION,
        "Vaak te laat komen.",
        "De standaard (10 keer te laat in een schooljaar) is onze keuze: de bronnen geven geen aantal.",
    ),
    SignalRule.SAME_WEEKDAY: (
        SEED_REFUSAL,
        SIGNS_SECTION,
        "(Korte) periodes van afwezigheid, misschien op vaste dagen of uren, ook al is de afwezigheid "
        "gewettigd.",
        "De standaard (4 verschillende dagen op dezelfde weekdag, samen minstens 2 op 5 van de afwezige "
        "dagen) is onze keuze: de bron geeft geen aantal.",
    ),
    SignalRule.AROUND_HOLIDAYS: (
        SEED_REFUSAL,
        SIGNS_SECTION,
        "Na een vakantieperiode of weekend of ziekteperiode het herhaaldelijk moeilijk hebben om terug "
        "naar school te komen.",
        "De standaard (2 keer: ‘herhaaldelijk’) is onze lezing; een gewoon weekend telt niet, een vakantie "
        "of lang weekend wel.",
    ),
    SignalRule.SCHOOL_ALLOWANCE: (
        DOMAIN,
        THRESHOLDS_SECTION,
        "Schooltoeslag (groeipakket.be): vanaf 6 jaar hoogstens 29 halve dagen met B-code per schooljaar; "
        "30 of meer in twee opeenvolgende schooljaren: verlies van de schooltoeslag in het tweede jaar.",
        "Wettelijk: de grens (30) is geen instelling; de school kiest enkel wanneer ze waarschuwt.",
    ),
    SignalRule.PAST_COMPULSORY_AGE: (
        SEED_DIALOGUE,
        "2 Doorverwijzing naar het CLB",
        "De begeleiding situeert zich dan wel in een vrijwilliger minder "
        "aanklampend kader, aangezien er geen leerplicht meer geldt",
    ),
    SignalRule.TODDLER_ATTENDANCE: (
        DOMAIN,
        THRESHOLDS_SECTION,
        "Kleuters: 290 halve dagen aanwezigheid is de norm voor de instap in het lager onderwijs; daaronder "
        "beslist de klassenraad van de lagere school (geen harde grens). Voor 5-jarigen tellen afwezigheden "
        "die de school aanvaardt als aanwezig.",
    ),
    SignalRule.POLICE_PROTOCOL: (
        DOMAIN,
        THRESHOLDS_SECTION,
        "Lokale politieprotocollen kunnen eigen drempels toevoegen: per school in te stellen, met de naam "
        "van het protocol.",
        "Geen standaardcijfer: de bronnen geven er geen; de drempel is die van het protocol van de school.",
    ),
}
