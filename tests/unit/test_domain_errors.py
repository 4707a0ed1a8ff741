"""A module's ready-made domain errors are raised as new instances each time.

Raising one instance again adds that raise's frames (with their locals: the
request's case, its pupil) to its single traceback, which would grow with
every request it refuses for the life of the server.
"""
from app.services.errors import Conflict


def test_again_is_a_new_error_of_the_same_kind_message_and_field_errors():
    ready = Conflict("Al bezet.", {"date": ["Er is al een overleg op die dag."]})
    fresh = ready.again()
    assert fresh is not ready and type(fresh) is Conflict
    assert (fresh.message, fresh.errors) == (ready.message, ready.errors)
    fresh.errors["date"].append("meer")
    assert ready.errors == {"date": ["Er is al een overleg op die dag."]}  # nothing shared
