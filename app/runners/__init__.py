"""The long-running processes: the web server (server.py: gunicorn, which starts and
minds one scheduler beside it) and the scheduler (scheduler.py: APScheduler runs the
timer sweep, app/tasks/sweep.py, every SWEEP_SECONDS). `zorgpad serve`, `zorgpad scheduler`,
`zorgpad scheduler run-once [--now …]` start them.
"""
