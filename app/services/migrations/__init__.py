"""Moving running instances of a process onto a newer version of it (`zorgpad migrate`).

plans.py: the plan per pair of versions (generated from the two specs, completed by a
reviewed file workflows/migrations/<process>_<from>_<to>.json); running.py: the dry
run and the migration itself, case by case; texts.py: what the reports say, in Dutch;
overview.py: how many instances run on each version.
"""
