"""The pupil's and the parents' rights: access (an export of everything) and retention."""
