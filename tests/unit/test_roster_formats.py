"""Reading roster files: detection, each format's columns, contacts, problems by line and column."""

import io
from datetime import date
from pathlib import Path

import pytest

from app.services.absences.rows import FormatError, Problem
from app.services.roster.reading import detect_format, read
from app.services.roster.records import Header, RosterRow
from app.vocabulary import ImportFormat

TODAY = date(2026, 11, 24)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "roster"


def items(format, content):
    content = content.encode() if isinstance(content, str) else content
    return list(read(format, io.BytesIO(content), TODAY))


def rows_and_problems(format, content):
    found = items(format, content)
    return (
        [i for i in found if isinstance(i, RosterRow)],
        [(p.line, p.field) for p in found if isinstance(p, Problem)],
    )


@pytest.mark.parametrize(
    "name, format",
    [
        ("roster.csv", ImportFormat.CSV),
        ("informat.csv", ImportFormat.INFORMAT),
        ("smartschool.json", ImportFormat.SMARTSCHOOL),
    ],
)
def test_each_fixture_is_recognised(name, format):
    assert detect_format((FIXTURES / name).read_bytes()[:8192]) == format


def test_detection_of_headers_and_what_is_refused():
    assert detect_format(b"Leerlingnummer;Voornaam;Naam;Geboortedatum\r\n") == ImportFormat.CSV
    assert detect_format(b"internnummer,voornaam,naam,geboortedatum\n") == ImportFormat.SMARTSCHOOL
    assert detect_format("sep=;\nStamnummer;Naam\n".encode("cp1252")) == ImportFormat.INFORMAT
    with pytest.raises(FormatError, match="Sla op als CSV UTF-8"):
        detect_format(b"naam;adres\nEmma;Gent\n")
    with pytest.raises(FormatError, match="Excel-werkmap"):
        detect_format(b"PK\x03\x04rest of a workbook")


def test_zorgpad_csv_with_numbered_contacts_and_several_phones():
    found = items(ImportFormat.CSV, (FIXTURES / "roster.csv").read_bytes())
    header = found[0]
    assert isinstance(header, Header) and header.has_class and header.has_domicile and header.has_contacts
    rows = [i for i in found if isinstance(i, RosterRow)]
    assert [r.external_id for r in rows] == ["L-1001", "L-1005", "L-2010"]
    emma = rows[0]
    assert emma.birth_date == date(2011, 3, 14) and emma.domicile == "Veldstraat 3, 9000 Gent"
    assert [(c.name, c.relation, c.phones, c.parental_authority) for c in emma.contacts] == [
        ("Sofie Peeters", "moeder", ("0475 12 34 56", "09 234 56 78"), True),
        ("Tom Peeters", "vader", ("0486 22 33 44",), True),
    ]
    assert rows[1].first_name == "Zoë" and rows[1].contacts[0].language == "fr"
    assert rows[2].domicile is None and rows[2].contacts[0].parental_authority is None


def test_informat_in_cp1252_with_sep_line_one_line_per_relation():
    found = items(ImportFormat.INFORMAT, (FIXTURES / "informat.csv").read_bytes())
    header = found[0]
    assert header.ignored == ["Rijksregisternummer"]  # read past, never stored
    rows = [i for i in found if isinstance(i, RosterRow)]
    assert [(r.line, r.external_id) for r in rows] == [(3, "L-1002"), (4, "L-1002"), (5, "L-3001")]
    assert rows[0].domicile == "Kouter 7, 9000 Gent"
    assert [(c.name, c.relation) for r in rows for c in r.contacts] == [
        ("Inès Janssens", "moeder"),
        ("François Dubois", "vader"),
        ("Anneleen Desmet", "pleegouder"),
    ]
    assert rows[1].contacts[0].phones == ("0473 44 55 66", "09 333 44 55")
    assert rows[2].last_name == "Çelik" and rows[2].contacts[0].parental_authority is False


def test_smartschool_accounts_as_json():
    found = items(ImportFormat.SMARTSCHOOL, (FIXTURES / "smartschool.json").read_bytes())
    rows = [i for i in found if isinstance(i, RosterRow)]
    assert [i for i in found if isinstance(i, Problem)] == []
    assert len(rows) == 1  # the teacher's account is passed over
    jonas = rows[0]
    assert (jonas.line, jonas.external_id, jonas.class_name) == (2, "12345", "2B")
    assert jonas.domicile == "Hoogpoort 15, 9000 Gent"
    assert [(c.name, c.relation, c.phones, c.email) for c in jonas.contacts] == [
        ("Els Wouters", "moeder", ("0479 12 12 12",), "els.wouters@example.be")
    ]


def test_smartschool_fields_as_csv_and_staff_co_account_types():
    content = (
        "internnummer;voornaam;naam;geboortedatum;klas;type_coaccount1;voornaam_coaccount1;naam_coaccount1;"
        "mobielnummer_coaccount1\n12345;Jonas;Wouters;02/04/2011;2B;Studiecoach;Jan;Coach;0479 12 12 12\n"
    )
    rows, problems = rows_and_problems(ImportFormat.SMARTSCHOOL, content)
    assert problems == [] and rows[0].contacts[0].relation == "andere"


def test_problems_name_the_line_and_the_files_own_column():
    content = (
        "Leerlingnummer;Voornaam;Naam;Geboortedatum;Klas;Contact 1 naam;Contact 1 relatie;Contact 1 telefoon;"
        "Contact 1 e-mail;Contact 1 taal;Contact 1 ouderlijk gezag\n"
        "L-1;Emma;Peeters;31/02/2011;2A;Sofie;tante;12;sofie.example.be;Wakandees;misschien\n"
        ";Noah;;2030-01-01;3B;;;;;;\n"
        "L-3;Lina;Maes;1985-01-01;1A;;moeder;;;;\n"
        "L-4;Adam;El Amrani;30/01/2009;4TSO;Rachid;vader;0475 11 22 33;;Arabisch;ja\n"
    )
    rows, problems = rows_and_problems(ImportFormat.CSV, content)
    assert problems == [
        (2, "Geboortedatum"),
        (2, "Contact 1 relatie"),
        (2, "Contact 1 telefoon"),
        (2, "Contact 1 e-mail"),
        (2, "Contact 1 taal"),
        (2, "Contact 1 ouderlijk gezag"),
        (3, "Leerlingnummer"),
        (3, "Naam"),
        (3, "Geboortedatum"),
        (4, "Geboortedatum"),
        (4, "Contact 1 naam"),
    ]
    assert [(r.external_id, r.contacts[0].language) for r in rows] == [("L-4", "ar")]


def test_a_csv_header_is_checked_whole():
    _, problems = rows_and_problems(ImportFormat.CSV, "external_id,first_name,schoenmaat\nL-1,Emma,38\n")
    assert problems == [(1, None)]
    [problem] = [
        p for p in items(ImportFormat.CSV, "external_id,first_name,schoenmaat\n") if isinstance(p, Problem)
    ]
    assert (
        "ontbrekend: last_name, birth_date" in problem.message and "onbekend: schoenmaat" in problem.message
    )
    # A vendor's export has more columns: read past and listed, not refused.
    found = items(
        ImportFormat.INFORMAT,
        "Stamnummer;Naam;Voornaam;Geboortedatum;Geslacht\nL-1;Peeters;Emma;14/03/2011;V\n",
    )
    assert found[0].ignored == ["Geslacht"] and isinstance(found[1], RosterRow)


def test_a_roster_saved_as_excel_unicode_text():
    content = "leerlingnummer\tvoornaam\tnaam\tgeboortedatum\r\nL-1\tZoë\tPeeters\t14/03/2011\r\n".encode(
        "utf-16"
    )
    rows, problems = rows_and_problems(ImportFormat.CSV, content)
    assert problems == [] and rows[0].first_name == "Zoë"
