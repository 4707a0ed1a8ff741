"""Run-time guards of the BPMN script sandbox: plain data only, and limits.

The counters, size charges and plain-data checks described in
`app/engine/scripting.py`, one `_Run` per evaluate/execute call.
"""

import datetime
import importlib
import operator
import time
from collections.abc import Sized
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from uuid import UUID

from RestrictedPython import Guards, safe_builtins
from RestrictedPython.transformer import INSPECT_ATTRIBUTES, IOPERATOR_TO_STR


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


DEFAULT_LIMITS = Limits()


_BLOCKED_ATTRIBUTES = frozenset(
    {
        "format",
        "format_map",  # reach attributes through the format string
        "center",
        "expandtabs",
        "ljust",
        "maketrans",
        "rjust",
        "to_bytes",
        "translate",
        "zfill",  # pad/expand
    }
)
_ACCESSORS = frozenset({"get", "pop", "popitem", "setdefault"})  # return what is already there
_CONTAINERS = (list, tuple, set, frozenset, dict)
_PLAIN = (type(None), bool, int, float, Decimal, str, datetime.date, datetime.time, datetime.timedelta, UUID)

_SYMBOLS = {node_type: text[:-1] for node_type, text in IOPERATOR_TO_STR.items()}  # ast.Add: "+"
_BINARY = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
    "<<": operator.lshift,
    ">>": operator.rshift,
    "|": operator.or_,
    "^": operator.xor,
    "&": operator.and_,
    "@": operator.matmul,
}
_INPLACE = {sym: getattr(operator, "i" + op.__name__.rstrip("_")) for sym, op in _BINARY.items()}  # iadd, ior


def _import_for_c_code(name, *args, **kwargs):
    """datetime's strftime/strptime import through the script's builtins; scripts cannot name it."""
    if name not in ("time", "_strptime"):
        raise ImportError(f"no imports in BPMN scripts ({name})")
    return importlib.import_module(name)


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
        cap = self.limits.size - self.size
        memo: dict[int, int | None] = {}  # id -> size; None while being walked

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
            bits = {
                "*": left.bit_length() + right.bit_length(),
                "<<": left.bit_length() + right,
                "**": left.bit_length() * right if abs(left) > 1 else 0,
            }.get(symbol, 0)
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
        real_types: dict[object, type] = {wrapper: kind for kind, wrapper in wrappers.items()}

        # A script's `list`, `dict`, ... are the wrappers above: each stands for its type.
        def isinstance_(obj, classinfo: type | tuple[type, ...]) -> bool:
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
            "isinstance": isinstance_,
            "max": extreme(max),
            "min": extreme(min),
            "range": range_,
            "sorted": sorted_,
            "sum": sum_,
        }

    def guards(self) -> dict:
        return {
            "__builtins__": self.builtins(),
            "_getattr_": self.getattr,
            "_getitem_": self.getitem,
            "_getiter_": self.getiter,
            "_iter_unpack_sequence_": Guards.guarded_iter_unpack_sequence,
            "_unpack_sequence_": Guards.guarded_unpack_sequence,
            "_write_": self.write,
            "_inplacevar_": self.inplacevar,
            "_apply_": self.apply,
            "_binop_": self.binop,
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
