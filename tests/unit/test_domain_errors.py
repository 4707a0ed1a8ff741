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


def test_no_module_raises_its_ready_made_error_itself():
    """Every `raise NAME` of a module-level domain error goes through `.again()`."""
    import ast
    from pathlib import Path

    from app.services import errors

    kinds = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.DomainError)
    }
    offenders = []
    for path in sorted((Path(__file__).resolve().parents[2] / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ready = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in kinds
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        offenders += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Name) and node.exc.id in ready
        ]
    assert offenders == []
