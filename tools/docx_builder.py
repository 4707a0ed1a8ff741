"""Building blocks for the document templates (tools/document_templates.py).

python-docx writes plain Word documents; the docxtpl tags go into the text:
`{{ value }}` in a run, `{%p ... %}` as a paragraph of its own, `{%tr ... %}`
as a table row of its own (docxtpl removes those paragraphs and rows when it
renders). Output is reproducible: fixed document properties and fixed zip
timestamps, so the same script writes the same bytes (the template's sha256
is its version).
"""

import io
from datetime import UTC, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from app.documents.archive import normalise_zip

FONT = "Arial"  # LibreOffice prints it with the metric-compatible Liberation Sans
INK = RGBColor(0x1F, 0x2A, 0x37)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x55, 0x5F, 0x6B)
RULE = "9AA5B1"
HEAD_FILL = "E4EAF0"
LABEL_FILL = "F3F5F7"
TEXT_WIDTH = Cm(17)  # A4 minus 2 cm margins
FIXED_MOMENT = datetime(2026, 1, 1, tzinfo=UTC)


def _border(element, tag: str, *, size=4, color=RULE, sides=("top", "left", "bottom", "right")):
    borders = OxmlElement(tag)
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), color)
        borders.append(edge)
    element.append(borders)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class Template:
    """One .docx template under construction."""

    def __init__(self, *, description: str):
        self._keep_together = False
        self.doc = Document()
        props = self.doc.core_properties
        props.author = props.last_modified_by = "Zorgpad"
        props.created = props.modified = FIXED_MOMENT
        props.revision = 1
        props.comments = description
        props.title = "{{ title }}"
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
        section.header_distance = section.footer_distance = Cm(1)
        self._styles()
        self._header_and_footer()

    # --- page furniture ---------------------------------------------------------
    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size, normal.font.color.rgb = FONT, Pt(10), INK
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.1
        for name, size, before, after in (
            ("Title", 18, 0, 2),
            ("Heading 1", 13, 14, 4),
            ("Heading 2", 11, 10, 3),
        ):
            style = styles[name]
            style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
            style.font.color.rgb = ACCENT
            style.font.italic = False
            rfonts = style.element.rPr.rFonts
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rfonts.set(qn(attr), FONT)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
            style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
            style.paragraph_format.keep_with_next = True
        title_ppr = styles["Title"].element.get_or_add_pPr()
        for border in title_ppr.findall(qn("w:pBdr")):  # the default Title has a blue rule
            title_ppr.remove(border)

    def _header_and_footer(self) -> None:
        section = self.doc.sections[0]
        for name in ("Header", "Footer"):  # their default tab stops are for US Letter
            self.doc.styles[name].paragraph_format.tab_stops.clear_all()
        header = section.header.paragraphs[0]
        header.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        org = header.add_run("{{ org.name }}")
        org.bold, org.font.size, org.font.color.rgb = True, Pt(10), ACCENT
        kind = header.add_run("\t{{ title }}")
        kind.font.size, kind.font.color.rgb = Pt(9), MUTED
        sub = section.header.add_paragraph()
        sub.paragraph_format.space_after = Pt(0)
        line = sub.add_run("{{ org.line }}")
        line.font.size, line.font.color.rgb = Pt(8), MUTED
        _border(sub._p.get_or_add_pPr(), "w:pBdr", size=6, sides=("bottom",))

        footer = section.footer.paragraphs[0]
        footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        _border(footer._p.get_or_add_pPr(), "w:pBdr", size=4, sides=("top",))
        left = footer.add_run(
            "Vertrouwelijk · dossier {{ doc.case_id }} · {{ doc.template }} versie "
            "{{ doc.version }} · aangemaakt {{ doc.created_on }}\tpagina "
        )
        left.font.size, left.font.color.rgb = Pt(8), MUTED
        _field(footer, "PAGE", "1")
        of = footer.add_run(" van ")
        of.font.size, of.font.color.rgb = Pt(8), MUTED
        _field(footer, "NUMPAGES", "1")

    # --- text -------------------------------------------------------------------
    def title(self, text: str, subtitle: str | None = None) -> None:
        self.doc.add_paragraph(text, style="Title")
        if subtitle:
            para = self.doc.add_paragraph()
            run = para.add_run(subtitle)
            run.font.color.rgb, run.font.size = MUTED, Pt(10)
            para.paragraph_format.space_after = Pt(8)

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_paragraph(text, style=f"Heading {level}")

    def para(self, text: str, *, bold=False, italic=False, muted=False, size=None, keep=False):
        """A paragraph; `keep`: on the same page as what follows (an intro to a table)."""
        para = self.doc.add_paragraph()
        para.paragraph_format.keep_with_next = keep
        run = para.add_run(text)
        run.bold, run.italic = bold, italic
        if muted:
            run.font.color.rgb = MUTED
        if size:
            run.font.size = Pt(size)
        return para

    def tag(self, jinja: str) -> None:
        """A docxtpl paragraph tag, e.g. `if plan` → `{%p if plan %}` (removed when rendered)."""
        self.doc.add_paragraph(f"{{%p {jinja} %}}")

    def text_block(self, expression: str) -> None:
        """A user's text (its line breaks kept by docxtpl)."""
        self.para(f"{{{{ {expression} }}}}")

    # --- tables -----------------------------------------------------------------
    def _table(self, rows: int, widths: list[float], *, keep_together=False):
        table = self.doc.add_table(rows=rows, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _border(
            table._tbl.tblPr, "w:tblBorders", sides=("top", "left", "bottom", "right", "insideH", "insideV")
        )
        # LibreOffice lays a table out by its grid, Word by the cells: set both.
        for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
            column.set(qn("w:w"), str(Cm(width).twips))
        for row in table.rows:
            props = row._tr.get_or_add_trPr()
            props.append(OxmlElement("w:cantSplit"))  # a row never breaks over two pages
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
        self._keep_together = keep_together
        return table

    def _write(self, cell, text: str, *, bold=False, size=9.5, muted=False) -> None:
        para = cell.paragraphs[0]
        para.paragraph_format.space_after = Pt(1)
        # A short table stays on one page: each row keeps with the next.
        para.paragraph_format.keep_with_next = self._keep_together
        run = para.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
        if muted:
            run.font.color.rgb = MUTED

    def facts(self, rows: list[tuple[str, str]], widths=(5.5, 11.5)) -> None:
        """Label | value rows, kept on one page."""
        table = self._table(len(rows), list(widths), keep_together=True)
        for (label, value), row in zip(rows, table.rows, strict=True):
            _shade(row.cells[0], LABEL_FILL)
            self._write(row.cells[0], label, bold=True)
            self._write(row.cells[1], value)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def rows(
        self,
        headers: list[str],
        widths: list[float],
        loop: str,
        cells: list[str],
        *,
        empty: tuple[str, str] | None = None,
    ) -> None:
        """A header row, then one row per item: `loop` is `item in items`;
        `empty` (condition, text) says what shows when there are none."""
        table = self._table(4, widths)
        head, start, body, end = table.rows
        header_props = head._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # repeated on every page
        repeat.set(qn("w:val"), "true")
        header_props.append(repeat)
        for cell, text in zip(head.cells, headers, strict=True):
            _shade(cell, HEAD_FILL)
            self._write(cell, text, bold=True)
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # never alone at a page's foot
        self._write(start.cells[0], f"{{%tr for {loop} %}}")
        for cell, text in zip(body.cells, cells, strict=True):
            self._write(cell, text)
        self._write(end.cells[0], "{%tr endfor %}")
        # A paragraph of its own between two tables, or Word and LibreOffice join them.
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)
        if empty:
            condition, text = empty
            self.tag(f"if {condition}")
            self.para(text, italic=True, muted=True)
            self.tag("endif")

    def facts_loop(self, loop: str, label: str, value: str, widths=(8.5, 8.5)) -> None:
        """Label | value rows from a list in the context (`loop`: `item in items`)."""
        table = self._table(3, list(widths), keep_together=True)
        start, body, end = table.rows
        self._write(start.cells[0], f"{{%tr for {loop} %}}")
        _shade(body.cells[0], LABEL_FILL)
        self._write(body.cells[0], label, bold=True)
        self._write(body.cells[1], value)
        self._write(end.cells[0], "{%tr endfor %}")
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def signatures(self, parties: list[str], lines=("Naam", "Datum"), author: int | None = None) -> None:
        """Signature boxes side by side: a name and date line each, and room to sign. The
        `author` party's box carries who made the document and when (the sender signs)."""
        width = 17 / len(parties)
        table = self._table(len(lines) + 2, [width] * len(parties), keep_together=True)
        for cell, party in zip(table.rows[0].cells, parties, strict=True):
            _shade(cell, HEAD_FILL)
            self._write(cell, party, bold=True)
        filled = {"Naam": "{{ doc.created_by }}", "Datum": "{{ doc.created_on }}"}
        for index, label in enumerate(lines, start=1):
            for column, cell in enumerate(table.rows[index].cells):
                if column == author and label in filled:
                    self._write(cell, f"{label}: {filled[label]}")
                else:
                    self._write(cell, f"{label}:", muted=True)
        sign = table.rows[-1]
        sign.height = Cm(2.4)
        for cell in sign.cells:
            self._write(cell, "Handtekening:", muted=True)
        self.doc.add_paragraph()

    # --- writing ----------------------------------------------------------------
    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return normalise_zip(out.getvalue())
