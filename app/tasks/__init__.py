"""Scheduled jobs (APScheduler) live here.

The case engine already stores each case's next timer due time in the indexed
column `cases.next_timer_due_at`; the scheduler issue adds the job that claims
due cases with SELECT … FOR UPDATE SKIP LOCKED and fires their timers.
"""
