"""What the sandbox tests share: a stand-in engine function, and the check that a
refused script left the task data as it was, with no code in it."""

import copy

import pytest

from app.engine.scripting import RestrictedEnvironment, ScriptRejected


def set_phase(phase, reason=None):
    """Stands in for the engine's function: its __globals__ are this module's."""


def no_code_in(value) -> bool:
    if isinstance(value, dict):
        return all(no_code_in(k) and no_code_in(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return all(no_code_in(v) for v in value)
    if isinstance(value, str):  # a dump of globals or a class repr
        return "<function" not in value and "<class" not in value and "__name__" not in value
    return not callable(value) and not hasattr(value, "__dict__")


def refused_at_run_time(source, expected=ScriptRejected, env=None, **data):
    env = env or RestrictedEnvironment({"set_phase": set_phase})
    context = {"tracks": ["ocj"], **data}
    before = copy.deepcopy(context)
    with pytest.raises(expected):
        env.execute(source, context)
    assert context == before and no_code_in(context)
