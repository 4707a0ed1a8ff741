"""Documents for the care path: docxtpl templates (document_templates/*.docx)
filled from a case, read as the document's side may read it.

- text.py: Dutch words, dates, blanks; clean text for XML
- context.py: what every document shows (pupil, absences, chronology, plan)
- templates.py: the six templates: side, form, context builder
- render.py: docxtpl with autoescape; pdf.py: LibreOffice headless
The use cases (who may generate and read, storage, audit) are in
app/services/documents.py.
"""

from app.documents.context import Source, reader_for
from app.documents.render import Rendered, render_docx
from app.documents.templates import TEMPLATES, TemplateSpec

__all__ = ["TEMPLATES", "Rendered", "Source", "TemplateSpec", "reader_for", "render_docx"]
