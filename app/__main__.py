"""`python -m app …` is the `zorgpad` command (used to start the scheduler beside gunicorn)."""

from app.cli import main

main()
