"""Rendering documents: docxtpl templates (document_templates/*.docx) filled with a
context, and LibreOffice for PDF. Knows nothing of cases or who may read what.

- text.py: Dutch words, dates, blanks; clean text for XML
- render.py: docxtpl with autoescape; pdf.py: LibreOffice headless; archive.py: fixed zips
What goes into each document (read as its side may read the case) and the use
cases (who may make and read one, storage, audit) are in app/services/documents/.
"""

from app.documents.render import Rendered, render_docx

__all__ = ["Rendered", "render_docx"]
