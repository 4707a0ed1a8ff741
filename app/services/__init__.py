"""Use cases: one function per thing a user or a job does, deciding who may do it and
committing once (`transaction.writing`). Rooms:

- cases/: opening a case (the one door), reading and listing, messages, the journal,
  a school change, the police track, evaluating early, the CLB's inbox;
- tasks/: the work lists and completing a task, with the form's context, prefill and
  the rules that need the case;
- steps/: what one engine step writes (the funnel), the instances a case runs, the
  reminders and escalations a fired timer brings;
- absences/: registrations and their import formats, episodes, warning signs, the
  absence meeting, the thresholds, and how absences drive the path;
- calendar/: a school's days off and deadlines, and what BPMN expressions may call;
- documents/: what goes into each document, who may make and read one.
The flat modules are what every room uses: access, audit, errors, transaction,
paging, forms, and the small use cases of users, schools, pupils, notifications.
"""
