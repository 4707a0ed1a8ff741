"""The pupil roster import: a school's pupils and their contacts from its software (importing.py)."""
