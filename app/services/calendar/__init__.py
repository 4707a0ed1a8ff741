"""A school's own calendar: its days off and what moving one moves (days_off.py), the
deadlines in force there, the school's own and its CLB's, and who sets which
(deadlines.py), and what BPMN expressions may call for a case of the school
(functions.py). The Flemish calendar itself is app/calendar."""
