"""A pupil's case: opened through one door (opening.py), read and listed as each actor
may see it (views.py), and what people do on it (journal, messages, school change,
police track, evaluating early, the CLB's inbox of referrals)."""
