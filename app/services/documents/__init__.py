"""Documents of a case: what each template shows (templates.py), read as its side may
read the case (context.py), and the use cases: make, list, download (making.py).
Rendering is app/documents."""
