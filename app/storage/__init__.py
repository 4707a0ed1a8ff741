"""Write paths written for one database dialect or the other: a step's rows in one
statement on PostgreSQL (step_writes.py) and the absence import's staging table
(COPY on PostgreSQL, executemany on SQLite; absence_staging.py)."""
