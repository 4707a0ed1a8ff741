"""Every code a page shows has its Dutch words."""
from app.deadlines import DEADLINES
from app.vocabulary import EventKind, NotificationKind
from app.web import labels


def test_every_event_kind_and_notification_kind_has_a_label():
    assert set(labels.EVENTS) == set(EventKind)
    assert set(labels.NOTIFICATION_KINDS) == set(NotificationKind)


def test_every_deadline_has_a_short_name():
    assert set(labels.DEADLINE_NAMES) == set(DEADLINES)


def test_roles_read_as_words():
    assert labels.role("clb_directeur") == "CLB-directeur"
    assert labels.role("directie") == "directie"
    assert labels.role("onbekend") == "onbekend"
