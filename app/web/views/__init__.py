"""The web pages, by group: sign-in, tasks, cases, pupils, the CLB inbox, notifications,
the school calendar, incidents, the absence pages, a school's thresholds."""
