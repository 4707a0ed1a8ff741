"""The Flemish school calendar, without a database: school days and holidays
(school_days.py), school years and half-days (school_year.py), named deadlines
(deadlines.py) and compulsory education (compulsory_education.py)."""
