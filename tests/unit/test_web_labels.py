"""Every code a page shows has its Dutch words."""

from app.calendar.deadlines import DEADLINES
from app.vocabulary import EventKind, Role
from app.web import labels


def test_every_event_kind_has_a_label():
    assert set(labels.EVENTS) == set(EventKind)


def test_every_deadline_has_a_short_name_and_help_without_repeating_it():
    assert set(labels.DEADLINE_NAMES) == set(DEADLINES)
    assert labels.deadline_help(DEADLINES["reminder"].description).startswith("Een open taak van de school")
    assert labels.deadline_help(DEADLINES["clb_reminder"].description).startswith("Een open taak van het CLB")
    assert labels.deadline_help(DEADLINES["relapse_check"].description).startswith("Zoveel schooldagen nadat")
    plain = DEADLINES["clb_evaluation"].description
    assert labels.deadline_help(plain) == plain


def test_roles_read_as_words():
    assert set(labels.ROLE_NAMES) == set(Role)  # every role has its words
    assert labels.role("coordinator_spijbelbeleid") == "coördinator spijbelbeleid"
    assert labels.role("leerlingbegeleider") == "leerlingbegeleider"
    assert labels.role("clb_directeur") == "CLB-directeur"
    assert labels.role("directie") == "directie"
    assert labels.role("onbekend") == "onbekend"
