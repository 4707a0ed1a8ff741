"""A school's own calendar: its days off and what moving one moves (days_off.py), its
deadlines (deadlines.py), and what BPMN expressions may call for a case of the school
(functions.py). The Flemish calendar itself is app/calendar."""
