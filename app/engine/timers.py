"""SpiffWorkflow's timers on the application's clock, in school days.

Spiff's timer event definitions read `datetime.now()` themselves. Ours read
the step's clock instead: a ContextVar the runtime sets for the duration of
one step (`step_clock(now)`), so each request or sweep thread has its own
"now" and nothing global is patched. The parser builds these classes instead
of Spiff's (`TimerParsingMixin`), and the serializer knows them.

A timer expression is evaluated once, when the timer starts waiting, with
`timer_start` (that moment) in its context; both are kept in the task's
internal data, so the timer can be re-evaluated later from the same start
(`reevaluate`, when a school's days off change). An expression may give:
- a date (e.g. `add_school_days(timer_start, deadline("reminder"))`, or a date
  field such as `monitoring_until`): the end of that school day in Brussels;
- an aware datetime, or an ISO 8601 date or date-time text (a naive time is
  Brussels time);
- for a timeDuration, an ISO 8601 duration counted from `timer_start`.
A timer fires once its time is reached (at or after it).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, TypeAlias

from SpiffWorkflow.bpmn.parser.event_parsers import (
    BoundaryEventParser,
    EventDefinitionParser,
    IntermediateCatchEventParser,
    StartEventParser,
)
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent, IntermediateCatchEvent, StartEvent
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from app.calendar.school_days import BRUSSELS, END_OF_SCHOOL_DAY
from app.clock import SystemClock

_step_now: ContextVar[datetime | None] = ContextVar("zorgpad_engine_now", default=None)
_paused: ContextVar[bool] = ContextVar("zorgpad_timers_paused", default=False)
START_KEY, VALUE_KEY = "timer_start", "event_value"


@contextmanager
def step_clock(now: datetime | None):
    """Run one engine step as of `now` (the app's clock); the system clock when None."""
    now = now or SystemClock().now()
    if now.tzinfo is None:
        raise ValueError("the engine clock needs a timezone-aware datetime")
    token = _step_now.set(now.astimezone(UTC))
    try:
        yield now
    finally:
        _step_now.reset(token)


@contextmanager
def paused_timers():
    """Within this block no timer fires (those that fired before stay fired)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def engine_now() -> datetime:
    now = _step_now.get()
    if now is None:
        raise RuntimeError("engine step without a clock: run steps through app.engine.runtime")
    return now


def as_moment(value) -> datetime:
    """A timer expression's value as an aware UTC datetime (see the module doc)."""
    if isinstance(value, str):
        text = value.strip()
        value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=BRUSSELS)
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, END_OF_SCHOOL_DAY, tzinfo=BRUSSELS).astimezone(UTC)
    raise ValueError(f"a timer expression gave {type(value).__name__}, not a date or a date-time")


def _start(my_task) -> datetime:
    start = my_task._get_internal_data(START_KEY)
    if start is None:
        start = engine_now().isoformat()
        my_task._set_internal_data(**{START_KEY: start})
    return datetime.fromisoformat(start)


# The classes the mixins below are mixed into, for the type checker only: at run
# time they stay plain mixins (the MRO is Spiff's, as before).
if TYPE_CHECKING:
    _TimerBase: TypeAlias = TimerEventDefinition
    _EventParserBase: TypeAlias = EventDefinitionParser
else:
    _TimerBase = _EventParserBase = object


class _SchoolTimer(_TimerBase):
    """Evaluates the expression once per wait, from `timer_start`; fires on the step's clock."""

    def moment(self, my_task, start: datetime) -> datetime:
        value = my_task.workflow.script_engine.evaluate(
            my_task, self.expression, external_context={START_KEY: start}
        )
        return as_moment(value)

    def evaluate(self, my_task) -> str:
        value = self.moment(my_task, _start(my_task)).isoformat()
        my_task._set_internal_data(**{VALUE_KEY: value})
        return value

    def has_fired(self, my_task):
        if _paused.get():
            return my_task._get_internal_data("event_fired", False)
        value = my_task._get_internal_data(VALUE_KEY) or self.evaluate(my_task)
        if datetime.fromisoformat(value) <= engine_now():
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)

    def reset(self, my_task):
        super().reset(my_task)
        for key in (START_KEY, VALUE_KEY):  # a timer passed again waits anew
            my_task.internal_data.pop(key, None)


class SchoolTimeDateEventDefinition(_SchoolTimer, TimeDateEventDefinition):
    pass


class SchoolDurationTimerEventDefinition(_SchoolTimer, DurationTimerEventDefinition):
    def moment(self, my_task, start: datetime) -> datetime:
        expression = my_task.workflow.script_engine.evaluate(
            my_task, self.expression, external_context={START_KEY: start}
        )
        parsed = TimerEventDefinition.parse_iso_duration(expression)
        return start + TimerEventDefinition.get_timedelta_from_start(parsed, start)


class SchoolCycleTimerEventDefinition(CycleTimerEventDefinition):
    """Spiff's cycle timer with "now" from the step's clock (same bookkeeping)."""

    def cycle_complete(self, my_task):
        event_value = my_task._get_internal_data("event_value")
        now = engine_now()
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            cycles, start, duration = self._recurring(expression, now)
            event_value = {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}
        ready = False
        if event_value["cycles"] != 0:
            next_event = datetime.fromisoformat(event_value["next"])
            if next_event <= now:
                event_value["next"] = (next_event + timedelta(seconds=event_value["duration"])).isoformat()
                event_value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
        my_task._set_internal_data(event_value=event_value)
        return ready

    @staticmethod
    def _recurring(expression: str, now: datetime):
        components = expression.upper().replace("--", "/").strip("R").split("/")
        if len(components) == 2 and components[1].startswith("P"):
            # Only an interval: Spiff would start it from datetime.now().
            cycles = int(components[0]) if components[0] else -1
            parsed = TimerEventDefinition.parse_iso_duration(components[1])
            duration = TimerEventDefinition.get_timedelta_from_start(parsed, now)
            return cycles, now + duration, duration
        return TimerEventDefinition.parse_iso_recurring_interval(expression)


SCHOOL_TIMERS = {
    TimeDateEventDefinition: SchoolTimeDateEventDefinition,
    DurationTimerEventDefinition: SchoolDurationTimerEventDefinition,
    CycleTimerEventDefinition: SchoolCycleTimerEventDefinition,
}


def _school_timer(my_task) -> "_SchoolTimer | None":
    definition = my_task.task_spec.event_definition
    if isinstance(definition, MultipleEventDefinition):  # an event-based gateway: its timer
        definition = next((d for d in definition.event_definitions if isinstance(d, _SchoolTimer)), None)
    return definition if isinstance(definition, _SchoolTimer) else None


def reevaluate(my_task) -> bool:
    """Compute a waiting timer again from its own start (e.g. after a change of
    the school's days off); True if its time moved. Firing is left to the next
    refresh of the timers."""
    definition = _school_timer(my_task)
    if definition is None or my_task._get_internal_data(VALUE_KEY) is None:
        return False
    old = my_task._get_internal_data(VALUE_KEY)
    return definition.evaluate(my_task) != old


def arm(my_task) -> bool:
    """A waiting timer computed from its own start, or started now if it has none yet
    (it began waiting while the timers were paused); True if its time is new or moved.
    Firing is left to the next refresh of the timers."""
    definition = _school_timer(my_task)
    if definition is None:
        return False
    old = my_task._get_internal_data(VALUE_KEY)
    return definition.evaluate(my_task) != old


class TimerParsingMixin(_EventParserBase):
    def parse_timer_event(self, event):
        definition = super().parse_timer_event(event)
        ours = SCHOOL_TIMERS[type(definition)]
        return ours(definition.name, definition.expression, description=definition.description)


class TimerStartEventParser(TimerParsingMixin, StartEventParser):
    pass


class TimerIntermediateCatchEventParser(TimerParsingMixin, IntermediateCatchEventParser):
    pass


class TimerBoundaryEventParser(TimerParsingMixin, BoundaryEventParser):
    pass


PARSER_OVERRIDES = {
    full_tag("startEvent"): (TimerStartEventParser, StartEvent),
    full_tag("intermediateCatchEvent"): (TimerIntermediateCatchEventParser, IntermediateCatchEvent),
    full_tag("boundaryEvent"): (TimerBoundaryEventParser, BoundaryEvent),
}
