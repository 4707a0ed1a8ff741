"""What one engine step writes: the funnel every flow goes through (funnel.py), the
rows it leaves (records.py), the instances a case runs (instances.py), who may do a
task (roles.py) and who hears of a timer that fired (alerts.py)."""
