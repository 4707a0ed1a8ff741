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
import datetime
import importlib
import operator
import re
import time
from collections.abc import Sized
from copy import deepcopy
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from uuid import UUID

from RestrictedPython import Guards, RestrictingNodeTransformer, compile_restricted, safe_builtins
from RestrictedPython.transformer import INSPECT_ATTRIBUTES, IOPERATOR_TO_STR
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment


class ScriptRejected(ValueError):
    """A BPMN script or condition uses something the sandbox does not allow."""


class ScriptLimitExceeded(ScriptRejected):
    """A BPMN script ran too long or built too much."""


@dataclass(frozen=True)
class Limits:
    steps: int = 100_000
    size: int = 1_000_000
    int_bits: int = 10_000
    depth: int = 50
    cpu_seconds: float = 1.0


_BLOCKED_ATTRIBUTES = frozenset({
    "format", "format_map",  # reach attributes through the format string
    "center", "expandtabs", "ljust", "maketrans", "rjust", "to_bytes", "translate", "zfill",  # pad/expand
})
_ACCESSORS = frozenset({"get", "pop", "popitem", "setdefault"})  # return what is already there
_CONTAINERS = (list, tuple, set, frozenset, dict)
_PLAIN = (type(None), bool, int, float, Decimal, str, datetime.date, datetime.time, datetime.timedelta, UUID)

_SYMBOLS = {node_type: text[:-1] for node_type, text in IOPERATOR_TO_STR.items()}  # ast.Add: "+"
_BINARY = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "//": operator.floordiv,
    "%": operator.mod, "**": operator.pow, "<<": operator.lshift, ">>": operator.rshift, "|": operator.or_,
    "^": operator.xor, "&": operator.and_, "@": operator.matmul,
}
_INPLACE = {sym: getattr(operator, "i" + op.__name__.rstrip("_")) for sym, op in _BINARY.items()}  # iadd, ior


def _import_for_c_code(name, *args, **kwargs):
    """datetime's strftime/strptime import through the script's builtins; scripts cannot name it."""
    if name not in ("time", "_strptime"):
        raise ImportError(f"no imports in BPMN scripts ({name})")
    return importlib.import_module(name)


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


@lru_cache(maxsize=2048)
def compile_checked(source: str, mode: str):
    """Parse, check and compile once per distinct script text (also at deploy time)."""
    try:
        return compile_restricted(source.strip(), filename="<bpmn-script>", mode=mode, policy=_Policy)
    except SyntaxError as exc:  # RestrictedPython raises it with the list of what it refused
        errors = exc.args[0] if exc.args and isinstance(exc.args[0], (tuple, list)) else [str(exc)]
        raise ScriptRejected("; ".join(errors)) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes; absurdly deep nesting
        raise ScriptRejected(f"cannot compile BPMN script: {type(exc).__name__} {exc}") from None


class _Writer:
    """What `target[key] = value` writes through: charges what the value adds."""

    __slots__ = ("_target", "_run")

    def __init__(self, target, run):
        self._target, self._run = target, run

    def __setitem__(self, key, value):
        self._target[key] = self._run.charged(value)

    def __delitem__(self, key):
        del self._target[key]


class _Run:
    """The guards and counters of one evaluate/execute call."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.steps = self.size = self.events = 0
        self.cpu_deadline = time.thread_time() + limits.cpu_seconds

    def _event(self):
        self.events += 1
        if self.events % 16 == 0 and time.thread_time() > self.cpu_deadline:
            raise ScriptLimitExceeded(f"BPMN script used more than {self.limits.cpu_seconds} s of CPU")

    def tick(self):
        self.steps += 1
        if self.steps > self.limits.steps:
            raise ScriptLimitExceeded(f"BPMN script took more than {self.limits.steps} loop steps")
        self._event()

    def charge(self, units: int):
        self.size += units
        if self.size > self.limits.size:
            raise ScriptLimitExceeded(f"BPMN script built more than {self.limits.size} items or characters")
        self._event()

    def charged(self, value):
        self.charge(self.size_of(value))
        return value

    def size_of(self, value) -> int:
        """Written-out size; shared parts count each time they occur, a cycle once."""
        cap, memo = self.limits.size - self.size, {}

        def walk(item, depth):
            if isinstance(item, (str, bytes)):
                return len(item) + 1
            if isinstance(item, int):
                return 1 + item.bit_length() // 8
            if not isinstance(item, _CONTAINERS):
                return 1 + len(item) if isinstance(item, Sized) else 1  # range, dict views
            if id(item) in memo:
                return memo[id(item)] or 1  # None: still being walked, a cycle
            if depth > self.limits.depth:
                raise ScriptLimitExceeded(f"BPMN script data nested more than {self.limits.depth} deep")
            memo[id(item)], total = None, 1
            for child in chain.from_iterable(item.items()) if isinstance(item, dict) else item:
                total += walk(child, depth + 1)
                if total > cap:  # stop walking what cannot fit anyway
                    self.charge(total)
            memo[id(item)] = total
            return total

        return walk(value, 0)

    def getiter(self, iterable):
        for item in iterable:
            self.tick()
            yield item

    def getattr(self, obj, name):
        if name.startswith("_") or name in _BLOCKED_ATTRIBUTES or name in INSPECT_ATTRIBUTES:
            raise ScriptRejected(f"access to '{name}' is not allowed in BPMN scripts")
        value = Guards.safer_getattr_raise(obj, name)
        return self._metered(value, obj, name) if callable(value) else value

    def _metered(self, method, receiver, name):
        text = isinstance(receiver, (str, bytes))

        def call(*args, **kwargs):
            if text and name == "join" and len(args) == 1:
                parts = list(self.getiter(args[0]))
                self.charge(self.size_of(parts) + len(receiver) * len(parts))
                return method(parts)
            if text and name == "replace" and len(args) >= 2:
                self.charge(len(receiver) + 1 + receiver.count(args[0]) * len(args[1]))
                return method(*args, **kwargs)
            for value in chain(args, kwargs.values()):  # what a method stores, it is passed
                self.charge(self.size_of(value))
            result = method(*args, **kwargs)
            return result if name in _ACCESSORS else self.charged(result)

        return call

    def getitem(self, obj, key):
        value = obj[key]
        return self.charged(value) if isinstance(key, slice) else value

    def write(self, obj):
        return _Writer(obj, self) if type(obj) in (dict, list) else Guards.full_write_guard(obj)

    def _precharge(self, symbol, left, right) -> bool:
        """Refuse what would blow up before computing it; True if already charged."""
        if symbol == "%" and isinstance(left, (str, bytes)):
            raise ScriptRejected("'%' formatting is not allowed in BPMN scripts; use an f-string")
        if isinstance(left, int) and isinstance(right, int):
            bits = {"*": left.bit_length() + right.bit_length(), "<<": left.bit_length() + right,
                    "**": left.bit_length() * right if abs(left) > 1 else 0}.get(symbol, 0)
            if bits > self.limits.int_bits:
                raise ScriptLimitExceeded(f"BPMN script built an integer over {self.limits.int_bits} bits")
            return False
        if symbol == "*":
            sequence, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int):
                self.charge((self.size_of(sequence) - 1) * max(times, 0) + 1)  # one container
                return True
        return False

    def binop(self, symbol, left, right):
        charged = self._precharge(symbol, left, right)
        result = _BINARY[symbol](left, right)
        return result if charged else self.charged(result)

    def inplacevar(self, op, left, right):
        symbol = op[:-1]  # "+=" -> "+"
        charged = self._precharge(symbol, left, right)
        result = _INPLACE[symbol](left, right)
        if not charged:  # a list grown in place adds only the right-hand side
            self.charge(self.size_of(right if result is left else result))
        return result

    def apply(self, func, *args, **kwargs):  # calls with *args or **kwargs
        self.charge(len(args) + len(kwargs))
        return func(*args, **kwargs)

    def builtins(self) -> dict:
        counted = self.getiter

        def collecting(kind):
            return lambda iterable=(): self.charged(kind(counted(iterable)))

        def extreme(pick):
            return lambda *args, **kw: pick(counted(args[0]) if len(args) == 1 else args, **kw)

        def dict_(source=(), /, **kwargs):
            return self.charged(dict(source if isinstance(source, dict) else counted(source), **kwargs))

        def sorted_(iterable, *, key=None, reverse=False):
            return self.charged(sorted(counted(iterable), key=key, reverse=reverse))

        def sum_(iterable, start=0):  # through _binop_: sum(lists, []) would copy quadratically in C
            total = start
            for item in counted(iterable):
                total = self.binop("+", total, item)
            return total

        def range_(*args):
            numbers = range(*args)  # len() would overflow past sys.maxsize
            if (numbers.stop - numbers.start) // numbers.step > self.limits.steps:
                raise ScriptLimitExceeded(f"range() longer than {self.limits.steps} in a BPMN script")
            return numbers

        def str_(*args, **kwargs):
            if args:
                self.charge(self.size_of(args[0]))
            return str(*args, **kwargs)

        wrappers = {kind: collecting(kind) for kind in (list, tuple, set)} | {dict: dict_, str: str_}
        real_types = {wrapper: kind for kind, wrapper in wrappers.items()}

        def isinstance_(obj, classinfo):
            kinds = classinfo if isinstance(classinfo, tuple) else (classinfo,)
            return isinstance(obj, tuple(real_types.get(kind, kind) for kind in kinds))

        return {
            **{name: safe_builtins[name] for name in ("abs", "bool", "float", "int", "len", "round")},
            **{kind.__name__: wrapper for kind, wrapper in wrappers.items()},
            "__import__": _import_for_c_code,
            "all": lambda iterable: all(counted(iterable)),
            "any": lambda iterable: any(counted(iterable)),
            "enumerate": lambda iterable, start=0: enumerate(counted(iterable), start),
            "zip": lambda *iterables, strict=False: zip(*map(counted, iterables), strict=strict),
            "isinstance": isinstance_, "max": extreme(max), "min": extreme(min),
            "range": range_, "sorted": sorted_, "sum": sum_,
        }

    def guards(self) -> dict:
        return {
            "__builtins__": self.builtins(), "_getattr_": self.getattr, "_getitem_": self.getitem,
            "_getiter_": self.getiter, "_iter_unpack_sequence_": Guards.guarded_iter_unpack_sequence,
            "_unpack_sequence_": Guards.guarded_unpack_sequence, "_write_": self.write,
            "_inplacevar_": self.inplacevar, "_apply_": self.apply, "_binop_": self.binop,
            "_charge_": self.charged,
        }


def _check_plain(value, walking=None, done=None) -> None:
    """Only data leaves a script: no functions, modules, generators or cycles, at any depth."""
    if isinstance(value, _PLAIN):
        return
    if not isinstance(value, _CONTAINERS):
        raise ScriptRejected(f"a BPMN script may only produce plain data, not {type(value).__name__}")
    walking, done = (set(), set()) if walking is None else (walking, done)
    if id(value) in walking:
        raise ScriptRejected("a BPMN script may not produce data that contains itself")
    if id(value) not in done:
        walking.add(id(value))
        for item in chain.from_iterable(value.items()) if isinstance(value, dict) else value:
            _check_plain(item, walking, done)
        walking.discard(id(value))
        done.add(id(value))


class RestrictedEnvironment(TaskDataEnvironment):
    def __init__(self, functions: dict, limits: Limits = Limits()):
        super().__init__(dict(functions))
        self.limits = limits

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
        scope.update((k, v) for k, v in context.items()  # as SpiffWorkflow would have kept them
                     if k[:1] == "_" and k != "__builtins__" and not callable(v))
        _check_plain(list(scope.values()))
        context.clear()
        context.update(scope)
        return True


def script_engine(functions: dict) -> PythonScriptEngine:
    return PythonScriptEngine(environment=RestrictedEnvironment(functions))
