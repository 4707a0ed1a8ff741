"""Background work beside the requests: the PDF of each document version (document_pdfs.py)."""
