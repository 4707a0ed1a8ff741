"""Absences: registrations and their import (importing.py, with the readers formats.py,
smartschool.py, rows.py, codes.py, and decoding.py for files from Windows, which
the pupil roster's readers use too), B episodes (episodes.py), counts (counts.py,
facts.py), warning signs (signals.py), the school's thresholds (settings.py), the
absence meeting (meetings.py, meeting_path.py), the per-absence follow-up
(followup.py), reading them (registrations.py, overview.py), and how an import
drives the cases (path.py)."""
