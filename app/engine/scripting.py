"""The sandbox for BPMN scripts, conditions and timer expressions.

BPMN files are data, but their scripts run inside our process: they are
compiled with RestrictedPython (`compile_restricted`, policy `_Policy`) and run
against guards (`_Run`) that let only plain data in and out. Scripts may read
task data, assign plain variables (they become task data), use literals,
comprehensions, `for`, `if`, operators, the builtins in `_Run.builtins`, public
methods of data (`due.isoformat()`, `", ".join(xs)`) and the functions the
engine hands in (set_phase, ...). getattr, vars, type, open, dir ... do not exist.

Refused at deploy time (`compile_checked`): what RestrictedPython refuses ("_"
names and attributes, gi_frame and other frame attributes, exec/eval) and, by
our policy, import, while, def, lambda, class, try, with, global, yield, print,
the _BLOCKED_ATTRIBUTES (format/format_map walk attributes from the format
string; the others build text far larger than their input) and f-string format
specs that are computed or hold a number over 999.

Limits per evaluate/execute call (`Limits`; ScriptLimitExceeded when crossed):
- steps: each `for`/comprehension step passes a counting `_getiter_`, as do the
  builtins that iterate in C (list, sorted, sum, ...); a longer range() is
  refused outright. `while` is refused at compile time rather than counted: it
  has no iterator to guard, counting it means rewriting loop bodies, and BPMN
  scripts do not need it. def/lambda go too, since recursion is a loop.
- size: each value built by an operator, display, comprehension, slice, method
  call, item assignment or builtin is charged its written-out size (characters
  and items, shared parts each time they occur: `[[s] * 9] * 9` costs what its
  JSON would). Amplifiers are charged before they run (`seq * n`, str.join,
  replace) and integers from `*`, `**`, `<<` are capped in bits, so
  `"x" * 10**10` fails before allocating. Binary operators become `_binop_`
  calls, as RestrictedPython only guards augmented ones (`_inplacevar_`).
- nesting depth of charged data; CPU time of this thread, checked every few
  steps as a backstop for C-level work the counters do not see.

Scripts work on a copy of the task data. It replaces the task data only if the
script succeeds and leaves plain data (None, bool, numbers, str, date/time/
timedelta, UUID, and lists/tuples/dicts/sets of them without cycles); top-level
callables are dropped, as SpiffWorkflow always did. An expression cannot change
task data, and its result must be plain data too.
"""

import ast
import re
from copy import deepcopy
from functools import lru_cache
from itertools import chain
from typing import Literal

from RestrictedPython import RestrictingNodeTransformer, compile_restricted
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from app.engine.script_guards import (  # noqa: F401 (re-exported)
    _BLOCKED_ATTRIBUTES,
    _SYMBOLS,
    DEFAULT_LIMITS,
    Limits,
    ScriptLimitExceeded,
    ScriptRejected,
    _check_plain,
    _Run,
)


def _guard_call(name: str, where: ast.AST, *args: ast.expr) -> ast.Call:
    call = ast.Call(func=ast.Name(name, ast.Load()), args=list(args), keywords=[])
    return ast.fix_missing_locations(ast.copy_location(call, where))


class _Policy(RestrictingNodeTransformer):
    """RestrictedPython's policy, minus what BPMN scripts have no use for, plus the size guards."""

    def _refuse(self, node, what=None):
        self.error(node, f"{what or type(node).__name__} is not allowed in BPMN scripts")
        return node

    # No loops without an iterator (while; recursion through def/lambda), nothing
    # that could swallow ScriptLimitExceeded (try/with), no imports or classes.
    visit_While = visit_FunctionDef = visit_Lambda = visit_Try = visit_TryStar = visit_With = _refuse
    visit_ClassDef = visit_Import = visit_ImportFrom = visit_Global = visit_Yield = visit_YieldFrom = _refuse

    def visit_Name(self, node):
        if node.id in ("print", "printed"):  # RestrictedPython would wire up a print collector
            return self._refuse(node, f"'{node.id}'")
        return super().visit_Name(node)

    def visit_Attribute(self, node):
        if node.attr in _BLOCKED_ATTRIBUTES:
            self._refuse(node, f"'.{node.attr}'")
        return super().visit_Attribute(node)

    def visit_BinOp(self, node):
        node = self.node_contents_visit(node)
        return _guard_call("_binop_", node, ast.Constant(_SYMBOLS[type(node.op)]), node.left, node.right)

    def _charged(self, node):
        node = getattr(super(), f"visit_{type(node).__name__}")(node)
        if isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del)):
            return node  # an assignment target builds nothing
        return _guard_call("_charge_", node, node)

    visit_List = visit_Tuple = visit_Set = visit_Dict = _charged
    visit_ListComp = visit_SetComp = visit_DictComp = _charged

    def visit_FormattedValue(self, node):
        node = self.node_contents_visit(node)
        spec = node.format_spec
        if spec is not None:
            if not all(isinstance(part, ast.Constant) for part in spec.values):
                self._refuse(node, "a computed format spec")
            elif re.search(r"\d{4}", "".join(str(part.value) for part in spec.values)):
                self._refuse(node, "a format width or precision over 999")
        node.value = _guard_call("_charge_", node.value, node.value)  # its text is about its size
        return node


# compile()'s modes for a BPMN script (exec) and a condition or timer expression (eval).
ScriptMode = Literal["exec", "eval"]


@lru_cache(maxsize=2048)
def compile_checked(source: str, mode: ScriptMode):
    """Parse, check and compile once per distinct script text (also at deploy time)."""
    try:
        return compile_restricted(source.strip(), filename="<bpmn-script>", mode=mode, policy=_Policy)
    except SyntaxError as exc:  # RestrictedPython raises it with the list of what it refused
        errors = exc.args[0] if exc.args and isinstance(exc.args[0], (tuple, list)) else [str(exc)]
        raise ScriptRejected("; ".join(errors)) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes; absurdly deep nesting
        raise ScriptRejected(f"cannot compile BPMN script: {type(exc).__name__} {exc}") from None


class RestrictedEnvironment(TaskDataEnvironment):
    def __init__(self, functions: dict, limits: Limits = DEFAULT_LIMITS, services: dict | None = None):
        super().__init__(dict(functions))
        self.limits = limits
        # What BPMN service tasks may call (app/engine/documents.py); scripts cannot.
        self.services = dict(services or {})

    def _scope(self, context, external_context) -> dict:
        # Scripts cannot name "_" keys. The rest is a copy, so that a script
        # refused halfway leaves nothing behind. Guards last: data cannot replace them.
        data = {k: v for k, v in chain((external_context or {}).items(), context.items()) if k[:1] != "_"}
        return {**self.globals, **deepcopy(data), **_Run(self.limits).guards()}

    def evaluate(self, expression, context, external_context=None):
        result = eval(compile_checked(expression, "eval"), self._scope(context, external_context))
        _check_plain(result)
        return result

    def execute(self, script, context, external_context=None):
        code = compile_checked(script, "exec")
        self.check_for_overwrite(context, external_context or {})
        scope = self._scope(context, external_context)
        exec(code, scope)  # on failure the copy is simply dropped
        self._remove_globals_and_functions_from_context(scope, external_context)
        scope.update(
            (k, v)
            for k, v in context.items()  # as SpiffWorkflow would have kept them
            if k[:1] == "_" and k != "__builtins__" and not callable(v)
        )
        _check_plain(list(scope.values()))
        context.clear()
        context.update(scope)
        return True

    def call_service(self, context, operation_name=None, operation_params=None, **_kwargs):
        if operation_name not in self.services:
            raise ValueError(f"unknown service operation {operation_name!r}")
        return self.services[operation_name](**(operation_params or {}))


def script_engine(functions: dict, services: dict | None = None) -> PythonScriptEngine:
    return PythonScriptEngine(environment=RestrictedEnvironment(functions, services=services))
