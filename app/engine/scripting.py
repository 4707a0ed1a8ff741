"""A restricted script environment for BPMN scripts and conditions.

BPMN files are data, but their scripts run inside our process: no imports, no
dunder or private attribute access, a small set of builtins, and only the
functions the engine hands in (set_phase, set_status).
"""
import ast
import builtins
from functools import lru_cache

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

_SAFE_BUILTIN_NAMES = (
    "abs", "all", "any", "bool", "dict", "enumerate", "float", "int", "isinstance",
    "len", "list", "max", "min", "range", "round", "set", "sorted", "str", "sum",
    "tuple", "zip", "True", "False", "None",
)
SAFE_BUILTINS = {name: getattr(builtins, name) for name in _SAFE_BUILTIN_NAMES}

_FORBIDDEN_NODES = (
    ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal, ast.ClassDef,
    ast.AsyncFunctionDef, ast.Await, ast.Yield, ast.YieldFrom, ast.Try, ast.With,
)


class ScriptRejected(ValueError):
    """A BPMN script or condition uses something the sandbox does not allow."""


@lru_cache(maxsize=2048)
def compile_checked(source: str, mode: str):
    """Parse, check and compile once per distinct script text."""
    try:
        tree = ast.parse(source.strip(), mode=mode)
    except SyntaxError as exc:
        raise ScriptRejected(f"syntax error in BPMN script: {exc.msg}") from exc
    for node in ast.walk(tree):
        if isinstance(node, _FORBIDDEN_NODES):
            raise ScriptRejected(f"{type(node).__name__} is not allowed in BPMN scripts")
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ScriptRejected(f"access to '{node.attr}' is not allowed in BPMN scripts")
        if isinstance(node, ast.Name) and node.id.startswith("__"):
            raise ScriptRejected(f"name '{node.id}' is not allowed in BPMN scripts")
    return compile(tree, "<bpmn-script>", mode)


class RestrictedEnvironment(TaskDataEnvironment):
    def __init__(self, functions: dict):
        super().__init__(dict(functions))

    def _globals(self, context, external_context):
        scope = dict(self.globals)
        scope.update(external_context or {})
        scope.update(context)
        scope["__builtins__"] = SAFE_BUILTINS  # last, so task data cannot replace it
        return scope

    def evaluate(self, expression, context, external_context=None):
        return eval(compile_checked(expression, "eval"), self._globals(context, external_context))

    def execute(self, script, context, external_context=None):
        code = compile_checked(script, "exec")
        self.check_for_overwrite(context, external_context or {})
        scope = self._globals(context, external_context)
        try:
            exec(code, scope)
        finally:
            self._remove_globals_and_functions_from_context(scope, external_context)
        context.clear()
        context.update(scope)
        return True


def script_engine(functions: dict) -> PythonScriptEngine:
    return PythonScriptEngine(environment=RestrictedEnvironment(functions))
