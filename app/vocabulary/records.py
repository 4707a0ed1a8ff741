"""The words of the records beside a case's events: the audit log and documents."""

from enum import StrEnum


class AuditAction(StrEnum):
    """What the audit log records outside a case's event log: sign-ins and reads."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    PUPIL_READ = "pupil_read"
    PUPILS_LISTED = "pupils_listed"
    PUPIL_CREATED = "pupil_created"
    PUPIL_UPDATED = "pupil_updated"
    PUPIL_EXPORTED = "pupil_exported"  # the right of access: everything about one pupil, one side
    CLB_ENTRIES_SHARED = "clb_entries_shared"  # CLB-only notes a sender chose to put in a document
    DATA_PURGED = "data_purged"  # retention: a pupil's guidance data purged (zorgpad purge)
    PUPILS_IMPORTED = "pupils_imported"  # a roster file read: per pupil created/updated too
    PUPILS_IMPORT_REFUSED = "pupils_import_refused"
    CASE_READ = "case_read"
    CASES_LISTED = "cases_listed"
    EVENTS_READ = "events_read"
    JOURNAL_READ = "journal_read"
    TASK_READ = "task_read"
    TASKS_LISTED = "tasks_listed"
    USERS_LISTED = "users_listed"
    MAIL_SETTINGS_CHANGED = "mail_settings_changed"  # a user's own e-mail address or frequency
    DAY_OFF_ADDED = "day_off_added"
    DAY_OFF_REMOVED = "day_off_removed"
    DEADLINE_CHANGED = "deadline_changed"
    INCIDENT_RETRIED = "incident_retried"
    SCHOOL_UPDATED = "school_updated"
    ABSENCES_IMPORTED = "absences_imported"
    ABSENCES_IMPORT_REFUSED = "absences_import_refused"
    ABSENCES_READ = "absences_read"
    SIGNALS_READ = "signals_read"
    STATISTICS_READ = "statistics_read"
    ABSENCE_SETTINGS_READ = "absence_settings_read"
    ABSENCE_SETTINGS_UPDATED = "absence_settings_updated"
    MEETING_CREATED = "meeting_created"
    MEETING_READ = "meeting_read"
    MEETINGS_LISTED = "meetings_listed"
    MEETING_DECISION = "meeting_decision"
    DOCUMENTS_LISTED = "documents_listed"
    DOCUMENT_READ = "document_read"  # a document downloaded (docx or pdf)
    AUDIT_READ = "audit_read"  # an admin read the audit log
    WORKFLOWS_MIGRATED = "workflows_migrated"  # an admin moved running instances to a newer version


class DocumentTemplate(StrEnum):  # the documents the care path produces: document_templates/<key>.docx
    SPIJBELACTIEPLAN = "spijbelactieplan"  # the formal plan under a local police protocol, signed
    BEGELEIDINGSPLAN = "begeleidingsplan"  # phase 1's guidance plan with pupil and parents, no signatures
    DOSSIER_MAATREGELEN = "dossier_maatregelen"  # dossier van begeleidende maatregelen
    MDOC_BIJLAGE = "mdoc_bijlage"  # annex to the M-document for the OCJ / VK (CLB)
    AGODI_MELDING = "agodi_melding"  # worrying-file report to AGODI (school or CLB)
    POLITIE_MELDING = "politie_melding"  # police report / fiche onbereikbaarheid (school)
    WARME_OVERDRACHT = "warme_overdracht"  # warm handover at a school change (CLB)


class DocumentStatus(StrEnum):  # a version's .docx (app/services/documents/deferred.py)
    PREPARING = "preparing"  # a step's, rendered after its commit: "wordt aangemaakt"
    READY = "ready"
    FAILED = "failed"  # rendering failed deferred.ATTEMPTS times
