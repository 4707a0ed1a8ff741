"""User tasks: the work lists, claiming and completing (work.py), the form narrowed to
the case (form_context.py), what the case already knows (prefill.py), and the checks
a schema cannot make (rules.py, date_rules.py)."""
