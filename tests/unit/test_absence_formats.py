"""Reading absence files: detection, each format's syntax, line numbers, code mapping."""

import io
from datetime import date

import pytest

from app.services.absences.codes import map_code
from app.services.absences.formats import FormatError, ParsedRow, Problem, detect_format, read
from app.vocabulary import ImportFormat

TODAY = date(2026, 11, 24)


def parse(format, text, filename=None):
    content = text.encode() if isinstance(text, str) else text
    items = list(read(format, io.BytesIO(content), TODAY, filename))
    rows = [
        (r.line, r.pupil_key, r.day.isoformat(), r.half_day, r.code, r.original, r.note)
        for r in items
        if isinstance(r, ParsedRow)
    ]
    problems = [(p.line, p.field) for p in items if isinstance(p, Problem)]
    return rows, problems


@pytest.mark.parametrize(
    "letter, code",
    [
        ("B", "B"),
        ("b", "B"),
        ("D", "Z"),
        ("T", "R"),
        ("U", "R"),
        ("Y", "R"),
        ("C", "R"),
        ("J", "R"),
        ("L", "L"),
        ("-", "-"),
        (" z ", "Z"),
        ("A", "A"),
        ("H", "H"),
        ("P", "P"),
        ("M", "M"),
    ],
)
def test_old_letters_map_to_official_codes(letter, code):
    assert map_code(letter) == code


@pytest.mark.parametrize("letter", ["", "X", "W", "|", "BB", "?"])
def test_unknown_letters_are_not_mapped(letter):
    assert map_code(letter) is None


@pytest.mark.parametrize(
    "head, format",
    [
        (b"\xef\xbb\xbfexternal_id;date;half_day;code;note\r\n", ImportFormat.CSV),
        (b"EXTERNAL_ID,DATE,HALF_DAY,CODE\n", ImportFormat.CSV),
        (b"220926T1\nB\n0000012345\n", ImportFormat.INFORMAT),
        (b'\n  {"2026-11-16": {}}', ImportFormat.SMARTSCHOOL),
    ],
)
def test_the_format_is_recognised_from_the_content(head, format):
    assert detect_format(head) == format


def test_an_unknown_format_is_refused():
    with pytest.raises(FormatError):
        detect_format(b"naam;datum\nEmma;23/11/2026\n")


def test_csv_with_either_delimiter_and_date_notation():
    rows, problems = parse(
        ImportFormat.CSV,
        "external_id;date;half_day;code;note\n"
        "L-1;23/11/2026;VM;d;briefje van mama\n"
        "L-1;2026-11-23;nm;B\n\n"
        "L-2;1/9/2026;pm;-;\n",
    )
    assert problems == []
    assert rows == [
        (2, "L-1", "2026-11-23", "am", "Z", "d", "briefje van mama"),
        (3, "L-1", "2026-11-23", "pm", "B", "B", None),
        (5, "L-2", "2026-09-01", "pm", "-", "-", None),
    ]


def test_csv_columns_may_come_in_any_order_and_note_is_optional():
    rows, problems = parse(ImportFormat.CSV, "code,half_day,date,external_id\nB,am,2026-11-23,L-1\n")
    assert problems == [] and rows == [(2, "L-1", "2026-11-23", "am", "B", "B", None)]


def test_csv_optional_columns_minutes_late_and_extended_holiday():
    content = (
        "external_id,date,half_day,code,note,minutes_late,extended_holiday\n"
        "L-1,2026-11-23,am,L,,55,\n"
        "L-1,2026-11-24,am,L,bus te laat,10\n"  # the last optional column left off
        "L-2,2026-10-05,am,B,,,ja\n"
        "L-2,2026-10-06,am,B,,,X\n"
        "L-2,2026-10-07,am,B\n"
    )
    items = [
        r for r in read(ImportFormat.CSV, io.BytesIO(content.encode()), TODAY) if isinstance(r, ParsedRow)
    ]
    assert [(r.line, r.code, r.original, r.minutes_late, r.extended_holiday) for r in items] == [
        (2, "L", "L", 55, False),  # the reader keeps the letter: the school's rule is the import's
        (3, "L", "L", 10, False),
        (4, "B", "B", None, True),
        (5, "B", "B", None, True),
        (6, "B", "B", None, False),
    ]
    _, problems = parse(
        ImportFormat.CSV,
        "external_id,date,half_day,code,minutes_late,extended_holiday\n"
        "L-1,2026-11-23,am,L,vijf,\n"
        "L-1,2026-11-24,am,L,301,\n"
        "L-1,2026-11-20,am,B,,misschien\n",
    )
    assert problems == [(2, "minutes_late"), (3, "minutes_late"), (4, "extended_holiday")]


def test_csv_problems_carry_the_line_a_text_editor_shows():
    rows, problems = parse(
        ImportFormat.CSV,
        "external_id,date,half_day,code,note\n"
        'L-1,2026-11-23,am,B,"een notitie\nover twee regels"\n'
        ",2026-11-31,midday,Q,\n"
        "L-1,2026-11-23,am,B,,extra\n"
        "L-1,2026-11-23\n",
    )
    assert rows == [(2, "L-1", "2026-11-23", "am", "B", "B", "een notitie\nover twee regels")]
    # The quoted note spans lines 2-3: the next record is line 4.
    assert problems == [(4, "external_id"), (4, "date"), (4, "half_day"), (4, "code"), (5, None), (6, None)]


def test_trailing_separators_of_a_spreadsheet_are_ignored():
    rows, problems = parse(ImportFormat.CSV, "external_id;date;half_day;code;;\nL-1;23/11/2026;VM;B;;\n")
    assert problems == [] and rows == [(2, "L-1", "2026-11-23", "am", "B", "B", None)]


def test_a_csv_header_must_name_the_columns():
    _, problems = parse(ImportFormat.CSV, "leerling,datum,code\nL-1,2026-11-23,B\n")
    assert problems == [(1, None)]


def test_csv_notes_are_plain_text_of_limited_length():
    _, problems = parse(
        ImportFormat.CSV,
        "external_id,date,half_day,code,note\n"
        f"L-1,2026-11-23,am,B,{'x' * 501}\n"
        "L-1,2026-11-23,pm,B,bel\x07\n",
    )
    assert problems == [(2, "note"), (3, "note")]


def test_nul_characters_never_reach_the_database():
    _, problems = parse(
        ImportFormat.CSV,
        b"external_id,date,half_day,code,note\nL-1,2026-11-23,am,B,a\x00b\nL-\x002,2026-11-23,am,B,\n",
    )
    assert problems == [(2, "note"), (3, "external_id")]
    _, problems = parse(ImportFormat.SMARTSCHOOL, '{"2026-11-16": {"1\\u00002": {"am": "B"}}}')
    assert problems == [(1, "external_id")]


def test_undecodable_lines_are_problems_not_rows():
    # UTF-8 from its first accented line on: a later line in another encoding is refused.
    content = "external_id,date,half_day,code,note\nL-1,2026-11-23,am,B,Zoë\n".encode() + (
        b"L-2,2026-11-23,am,B,Ren\xe9\nL-3,2026-11-23,am,B,\n"
    )
    rows, problems = parse(ImportFormat.CSV, content)
    assert problems == [(3, None)] and [r[1] for r in rows] == ["L-1", "L-3"]
    [message] = [
        p.message for p in read(ImportFormat.CSV, io.BytesIO(content), TODAY) if isinstance(p, Problem)
    ]
    assert "Sla op als CSV UTF-8 (door lijstscheidingsteken gescheiden)" in message


def test_a_windows_csv_in_cp1252_with_sep_line_and_dutch_headers():
    content = (
        "sep=;\r\nLeerlingnummer;Datum;Voormiddag/Namiddag;Code;Opmerking\r\n"
        "L-1;23/11/2026;VM;D;briefje van René\r\n"
        "L-2;23-11-2026;namiddag;B;\r\n"
    ).encode("cp1252")
    assert detect_format(content) == ImportFormat.CSV
    rows, problems = parse(ImportFormat.CSV, content)
    assert problems == []
    assert rows == [
        (3, "L-1", "2026-11-23", "am", "Z", "D", "briefje van René"),
        (4, "L-2", "2026-11-23", "pm", "B", "B", None),
    ]


def test_excel_unicode_text_is_utf16_with_tabs():
    content = "leerlingnummer\tdatum\thalve dag\tcode\r\nL-1\t23/11/2026\tVM\tB\r\n".encode("utf-16")
    assert detect_format(content) == ImportFormat.CSV
    rows, problems = parse(ImportFormat.CSV, content)
    assert problems == [] and rows == [(2, "L-1", "2026-11-23", "am", "B", "B", None)]


def test_a_workbook_is_refused_with_how_to_save_it():
    with pytest.raises(FormatError, match="CSV UTF-8 \\(door lijstscheidingsteken gescheiden\\)"):
        detect_format(b"PK\x03\x04\x14\x00\x06\x00")


def test_the_header_of_a_csv_after_a_sep_line_is_line_two():
    _, problems = parse(ImportFormat.CSV, "sep=,\nleerling,datum,code\nL-1,2026-11-23,B\n")
    assert problems == [(2, None)]


def test_smartschool_json_saved_in_cp1252():
    rows, problems = parse(
        ImportFormat.SMARTSCHOOL, '{"2026-11-16": {"12345": {"am": "B"}}}\n'.encode("cp1252")
    )
    assert problems == [] and len(rows) == 1


def test_informat_blocks_with_and_without_a_code_line():
    rows, problems = parse(
        ImportFormat.INFORMAT, "221126T1\nB\n0000012345\n0000000678\n221126T6\n0000012345\n"
    )
    assert problems == []
    assert rows == [
        (3, "0000012345", "2026-11-22", "am", "B", "B", None),
        (4, "0000000678", "2026-11-22", "am", "B", "B", None),
        (6, "0000012345", "2026-11-22", "pm", "-", "-", None),
    ]


def test_informat_problems():
    _, problems = parse(
        ImportFormat.INFORMAT,
        "0000012345\n"  # 1: before any block
        "311126T1\n"  # 2: 31 November
        "0000012345\n"  # 3: skipped with its bad block
        "221126T2\n"  # 4: T2 is not a half-day
        "221126T1\n"  # 5
        "Q\n"  # 6: unknown code
        "0000012345\n"  # 7: skipped with its bad block
        "221126T6\n"  # 8
        "12345\n"  # 9: not 10 digits
        "Emma\n",
    )  # 10: not a number
    assert problems == [
        (1, None),
        (2, "date"),
        (4, "half_day"),
        (6, "code"),
        (9, "external_id"),
        (10, "external_id"),
    ]


def test_smartschool_keyed_by_date_with_line_numbers():
    text = (
        '{\n  "2026-11-16": {\n    "12345": {"am": "B", "pm": null},\n'
        '    "678": {"am": "D",\n            "pm": "Q"}\n  },\n  "2026-11-31": {}\n}\n'
    )
    rows, problems = parse(ImportFormat.SMARTSCHOOL, text)
    assert rows == [
        (3, "12345", "2026-11-16", "am", "B", "B", None),
        (4, "678", "2026-11-16", "am", "Z", "D", None),
    ]
    assert problems == [(5, "code"), (7, "date")]


def test_smartschool_one_day_with_the_date_in_the_file_name():
    rows, problems = parse(
        ImportFormat.SMARTSCHOOL, '{"12345": {"am": "B", "pm": ""}}', "dag-2026-11-18.json"
    )
    assert problems == [] and rows == [(1, "12345", "2026-11-18", "am", "B", "B", None)]
    _, problems = parse(ImportFormat.SMARTSCHOOL, '{"12345": {"am": "B"}}', "afwezigheden.json")
    assert problems == [(1, "date")]


def test_broken_smartschool_json_names_its_line():
    _, problems = parse(ImportFormat.SMARTSCHOOL, '{\n "2026-11-16": {\n  "12345": {"am": "B",}\n }\n}')
    assert problems == [(3, None)]
    _, problems = parse(ImportFormat.SMARTSCHOOL, '{"2026-11-16": {"12345": {"avond": "B"}}}')
    assert problems == [(1, "half_day")]
