"""Scheduled jobs (APScheduler): the timer sweep.

`zorgpad scheduler` runs the sweep every SWEEP_SECONDS in its own process;
`zorgpad serve` starts one such process beside gunicorn (app/runners/server.py);
`zorgpad scheduler run-once [--now …]` runs a single sweep. The work itself is
`app.sweep.run.run_due_timers`.
"""
