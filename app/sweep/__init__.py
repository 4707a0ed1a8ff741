"""The timer sweep: fire every due timer once, one instance per transaction
(run.py), in forked workers when many are due (workers.py), with the garbage
collector kept to young generations meanwhile (memory.py). Called by the scheduler
(app/runners) and `zorgpad scheduler run-once`."""
