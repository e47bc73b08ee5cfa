"""A whitelist compiler from scenario expressions to numpy operations.

Scenario files are untrusted. Expressions are parsed with :mod:`ast` and every node is
checked against a small grammar; nothing is ever passed to ``eval`` or ``exec``. The result
is a tree of closures that compute an array over worlds from a :class:`WorldState`.

Grammar (see docs/scenario-language.md):
    names       stance.France  trust.USSR.France  flag.x  territory.x  setting.x
                <global>  date  <Power>  true/false
    literals    numbers, 'strings' (compared with settings), dates written 1938-09-01
    operators   + - * /  unary -  == != < <= > >=  and or not  a if cond else b
    calls       min(a, b, ...)  max(a, b, ...)  clip(x, lo, hi)  abs(x)
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from . import registry
from .dates import DATE_LITERAL, parse_iso
from .errors import ExpressionError
from .names import resolve_power, suggest, unknown_power
from .registry import SINGULAR, StateKind
from .spec import Compiled, Effect, Setting, Spec

MAX_LENGTH = 500
MAX_NODES = 200
FUNCTIONS = ("min", "max", "clip", "abs")
ASSIGN_OPS = {ast.Add: "+=", ast.Sub: "-=", ast.Mult: "*="}
# Every Python operator by the symbol a writer typed, so that a refusal names it.
OPERATORS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.MatMult: "@", ast.Mod: "%",
    ast.Pow: "**", ast.FloorDiv: "//", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|",
    ast.BitXor: "^", ast.BitAnd: "&", ast.Invert: "~", ast.Not: "not", ast.UAdd: "+", ast.USub: "-",
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}
# What a refused operator was probably meant to be, where a condition is expected ...
MEANT_IN_CONDITION = {">>": ">", "<<": "<", "is": "==", "is not": "!=", "~": "not"}
# ... and where a number is expected.
MEANT_IN_NUMBER = {"//": "/", "@": "*", "~": "-"}
_BLANKS = str.maketrans("\n\r\t\f\v", "     ")


class Symbols:
    """The names a scenario declares, which expressions may refer to.

    ``names`` holds the declared names of each namespace of the state registry
    (``attributes``, ``powers``, ``globals``, ``flags``, ``territories``); ``settings`` the
    settings by id. Build it from a compiled scenario with :meth:`Symbols.of`.
    """

    def __init__(self, settings: Mapping[str, Setting] | None = None,
                 titles: Mapping[str, str] | None = None, **names: Sequence[str]) -> None:
        self.names = {namespace: list(values) for namespace, values in names.items()}
        self.settings = dict(settings or {})
        self.titles = dict(titles or {})  # power id -> name shown in the game, for suggestions
        self._index = {namespace: {name: i for i, name in enumerate(values)}
                       for namespace, values in self.names.items()}

    @classmethod
    def of(cls, spec: Spec) -> Symbols:
        """The names ``spec`` declares: the one way the project builds Symbols."""
        return cls(settings={s.id: s for s in spec.settings}, titles={p.id: p.name for p in spec.powers},
                   **{namespace: names(spec) for namespace, names in registry.NAMESPACES.items()})

    def powers(self) -> list[tuple[str, str]]:
        """(id, name shown) of every power, for 'did you mean' from the names powers are known by."""
        return [(pid, self.titles.get(pid, pid)) for pid in self["powers"]]

    def __getitem__(self, namespace: str) -> list[str]:
        return self.names.get(namespace, [])

    def index(self, namespace: str, name: str) -> int | None:
        """Position of ``name`` in ``namespace``, or None if it is not declared there."""
        return self._index.get(namespace, {}).get(name)

    def namespaces(self) -> list[str]:
        """The words that start a dotted name: attribute names, fixed heads, 'setting'."""
        heads: list[str] = []
        for kind in registry.KINDS:
            if kind.head is not None:
                heads.append(kind.head)
            elif kind.axes and kind.head_namespace is not None:
                heads.extend(self[kind.head_namespace])
        return [*heads, "setting"]

    def bare(self) -> list[str]:
        """Names that stand alone for a kind of state (globals)."""
        return [name for kind in registry.KINDS if kind.head_namespace is not None and not kind.axes
                for name in self[kind.head_namespace]]


_LOOSE_DATE = re.compile(r"(?<![\w.])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.])")


def prepare(text: str) -> str:
    """Check length, then replace date literals by day numbers padded to the same width."""
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}")

    def replace(match: re.Match[str]) -> str:
        try:
            day = parse_iso(match.group(0))
        except ValueError as exc:
            raise ExpressionError(str(exc), match.start()) from None
        return str(day).ljust(len(match.group(0)))

    # A date not written YYYY-MM-DD (1936-3-7) would silently be a subtraction (1926).
    loose = _LOOSE_DATE.search(DATE_LITERAL.sub(lambda m: " " * len(m.group(0)), text))
    if loose:
        year, month, day = (int(part) for part in loose.groups())
        raise ExpressionError(f"write dates as YYYY-MM-DD: '{loose.group(0)}' should be "
                              f"{year:04d}-{month:02d}-{day:02d}", loose.start())
    # Line breaks (from multi-line YAML scalars) and tabs become spaces: same offsets, one line.
    return DATE_LITERAL.sub(replace, text).translate(_BLANKS)


def _parse(text: str, mode: str) -> tuple[ast.AST, str]:
    """(tree, prepared source); the tree's size is checked here, its names by the compiler."""
    source = prepare(text)
    try:
        tree = ast.parse(source.strip(), mode=mode)
    except SyntaxError as exc:
        body = source.strip()
        lead = len(source) - len(source.lstrip())
        hint = syntax_hint(body, assignment=mode == "exec")
        if hint is not None:  # a mistake we can name in plain words, at its place
            raise ExpressionError(hint[1], lead + hint[0]) from None
        if not exc.offset or exc.offset > len(body):
            # Python reports offset 0 when the text stops in the middle (``a <``).
            raise ExpressionError(f"cannot read expression: {exc.msg} (it seems to end too early)",
                                  lead + len(body)) from None
        raise ExpressionError(f"cannot read expression: {exc.msg}", lead + exc.offset - 1) from None
    except (ValueError, MemoryError, RecursionError):
        raise ExpressionError("cannot read expression") from None
    return tree, source


_CURLY = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00ab": '"', "\u00bb": '"'}
_FROM_OTHER_LANGUAGES = (("&&", "use 'and' instead of '&&'"), ("||", "use 'or' instead of '||'"),
                         ("=>", "write '>=' for 'at least'"), ("=<", "write '<=' for 'at most'"))


def syntax_hint(text: str, assignment: bool = False) -> tuple[int, str] | None:
    """(offset, plain words) for a common mistake in an expression that does not parse:
    a quote never closed (at the opening quote), curly quotes, '=' to compare, '&&', '||',
    '!'. None when the text shows none of them (the parser's words are used then)."""
    quote = None  # the open straight quote and where it opened
    start = 0
    equals = 0  # single '=' seen outside quotes
    i = 0
    while i < len(text):
        ch = text[i]
        if quote is not None:
            if ch == quote:
                quote = None
            i += 1
            continue
        if ch in ("'", '"'):
            quote, start = ch, i
        elif ch in _CURLY:
            return i, f"use straight quotes ({_CURLY[ch]}) instead of curly quotes (\u2018 \u2019 \u201c \u201d)"
        else:
            for token, message in _FROM_OTHER_LANGUAGES:
                if text.startswith(token, i):
                    return i, message
            if ch == "!" and not text.startswith("!=", i):
                return i, "use 'not' instead of '!'"
            if ch == "=" and not text.startswith("==", i) and (i == 0 or text[i - 1] not in "=!<>+-*/:"):
                equals += 1
                if not assignment or equals > 1:
                    return i, "use == to compare ('=' sets a value, and only in effects)"
            elif text.startswith("==", i):
                i += 1
        i += 1
    if quote is not None:
        return start, f"the quote {quote} opened here is never closed: add the closing {quote}"
    return None


class _Compiler:
    def __init__(self, symbols: Symbols, source: str) -> None:
        self.sym = symbols
        self.lead = len(source) - len(source.lstrip())  # ast counts from the stripped text
        self.power_context = False  # a bare name here stands for a power (territory.x == Name)
        self.wanted = "bool"  # the kind the node being visited must give: it decides 'did you mean'
        self.source = source.strip()
        self.body = self.source.encode("utf-8")  # ast columns are UTF-8 byte offsets

    def _offset(self, byte_col: int) -> int:
        return self.lead + len(self.body[:max(byte_col, 0)].decode("utf-8", errors="ignore"))

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(message, self._offset(getattr(node, "col_offset", 0)))

    def _operator_at(self, symbol: str, after: ast.AST, before: ast.AST) -> int:
        """Offset of ``symbol`` between two operands (past any closing brackets of the first)."""
        start = getattr(after, "end_col_offset", None) or 0
        found = self.body.find(symbol.split()[0].encode("utf-8"), start, getattr(before, "col_offset", None))
        return self._offset(found if found >= 0 else start)

    def refuse_operator(self, op: ast.AST, at: int, comparison: bool = False) -> ExpressionError:
        """'>>' is not allowed, at the operator, with the operator it was likely meant to be."""
        symbol = OPERATORS.get(type(op), type(op).__name__)
        if symbol in ("in", "not in"):
            return ExpressionError(f"'{symbol}' is not allowed; compare with == once for each value, "
                                   "joined with 'or'", at)
        condition = comparison or self.wanted == "bool"
        meant = (MEANT_IN_CONDITION if condition else MEANT_IN_NUMBER).get(symbol)
        if condition and meant is not None:
            return ExpressionError(f"'{symbol}' is not allowed; did you mean '{meant}'? "
                                   "(comparisons: == != < <= > >=)", at)
        guess = f"did you mean '{meant}'? " if meant is not None else ""
        return ExpressionError(f"'{symbol}' is not allowed; {guess}use + - * / and min, max, clip, abs", at)

    def fail_name(self, node: ast.AST, message: str) -> ExpressionError:
        """An error about the last name of ``a.b.c``: point at that name, not at ``a``."""
        if isinstance(node, ast.Attribute) and node.end_col_offset is not None:
            col = node.end_col_offset - len(node.attr.encode("utf-8"))
            return ExpressionError(message, self._offset(col))
        return self.fail(node, message)

    # Each visit returns (function of state, kind).
    def visit(self, node: ast.AST) -> tuple[Callable, str]:
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise self.fail(node, f"'{_describe(node)}' is not allowed in a scenario expression")
        return method(node)

    def check_tree(self, tree: ast.AST) -> None:
        """Cap the size, and refuse ``_name`` and ``__dunder__`` anywhere, before anything else."""
        nodes = list(ast.walk(tree))  # one walk for both checks: loading time matters
        if len(nodes) > MAX_NODES:
            raise ExpressionError(f"expression is too complex ({len(nodes)} parts; the limit is {MAX_NODES})")
        for node in nodes:
            if isinstance(node, ast.Name) and node.id.startswith("_"):
                raise self.fail(node, f"'{node.id}': names starting with '_' are not allowed")
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                raise self.fail_name(node, f"'{node.attr}': names starting with '_' are not allowed")

    def visit_Expression(self, node: ast.Expression) -> tuple[Callable, str]:
        return self.visit(node.body)

    def visit_Constant(self, node: ast.Constant) -> tuple[Callable, str]:
        value = node.value
        if isinstance(value, bool):
            const = np.bool_(value)
            return (lambda s: const), "bool"
        if isinstance(value, (int, float)):
            try:
                num = np.float64(value)
            except OverflowError:
                raise self.fail(node, "this number is too large") from None
            if not np.isfinite(num):  # 1e999 is infinity: it would carry NaN into the world
                raise self.fail(node, "this number is too large (numbers must be finite)")
            return (lambda s: num), "num"
        if isinstance(value, str):
            return (lambda s: value), "str:" + value
        raise self.fail(node, f"the value {value!r} is not allowed")

    def visit_Name(self, node: ast.Name) -> tuple[Callable, str]:
        name = node.id
        if name.startswith("__") or name.startswith("_"):
            raise self.fail(node, f"'{name}': names starting with '_' are not allowed")
        if name in ("true", "True"):
            return self.visit_Constant(ast.Constant(True, col_offset=node.col_offset))
        if name in ("false", "False"):
            return self.visit_Constant(ast.Constant(False, col_offset=node.col_offset))
        if name == "date":
            return (lambda s: np.float64(s.date)), "num"
        bare = self._bare(name)
        if bare is not None:
            kind, index = bare
            key = kind.key
            return (lambda s: s.tables[key][index]), kind.value
        power = self.sym.index("powers", name)
        if power is not None:
            p = np.int16(power)
            return (lambda s: p), "power"
        if name in self.sym.namespaces():
            raise self.fail(node, f"'{name}' needs a name after it, like '{name}.{self._example(name)}'")
        if self.power_context or resolve_power(name, self.sym.powers()) is not None:
            raise self.fail(node, unknown_power(name, self.sym.powers()))  # territory.x == Germny
        known = [*self.sym.bare(), *self.sym["powers"], "date", *self.sym.namespaces()]
        listing = f"; names: {', '.join(known)}" if len(known) <= 30 else ""
        raise self.fail(node, f"unknown name '{name}'{suggest(name, known)}{listing}")

    def unknown(self, namespace: str, name: str) -> str:
        """'unknown power X (did you mean Y?); powers: ...': a suggestion and, where they are
        few enough to read, the names there are."""
        if namespace == "powers":
            return unknown_power(name, self.sym.powers())
        what = SINGULAR.get(namespace, namespace)
        names = self.sym[namespace]
        listing = f"; {namespace}: {', '.join(names)}" if 0 < len(names) <= 20 else ""
        return f"unknown {what} '{name}'{suggest(name, names)}{listing}"

    def _bare(self, name: str) -> tuple[StateKind, tuple[int, ...]] | None:
        """(kind, index) for a name that stands alone for state (a global), or None."""
        for kind in registry.KINDS:
            if kind.head_namespace is not None and not kind.axes:
                index = self.sym.index(kind.head_namespace, name)
                if index is not None:
                    return kind, (index,)
        return None

    def _kind_of_head(self, head: str) -> StateKind | None:
        for kind in registry.KINDS:
            if kind.head == head or (kind.head is None and kind.axes and kind.head_namespace is not None
                                     and self.sym.index(kind.head_namespace, head) is not None):
                return kind
        return None

    def _example(self, head: str) -> str:
        """The names after ``head`` in an example such as 'trust.France.USSR'."""
        if head == "setting":
            return next(iter(self.sym.settings), "name")
        kind = self._kind_of_head(head)
        axes = kind.axes if kind is not None else ("powers",)
        parts = []
        for i, namespace in enumerate(axes):
            names = self.sym[namespace]
            k = axes[:i].count(namespace)  # trust.A.B: a different power for each axis
            if k >= len(names):
                return "name"
            parts.append(names[k])
        return ".".join(parts) or "name"

    def _dotted(self, node: ast.Attribute) -> list[tuple[str, ast.AST]]:
        parts: list[tuple[str, ast.AST]] = []
        current: ast.AST = node
        while isinstance(current, ast.Attribute):
            parts.append((current.attr, current))
            current = current.value
        if not isinstance(current, ast.Name):
            raise self.fail(node, "only names like 'stance.France' may be followed by '.'")
        parts.append((current.id, current))
        parts.reverse()
        for part, at in parts:
            if part.startswith("_"):
                raise self.fail_name(at, f"'{part}': names starting with '_' are not allowed")
        return parts

    def visit_Attribute(self, node: ast.Attribute) -> tuple[Callable, str]:
        table, index, kind = self.resolve_target(node)
        if table == "setting":
            (k,) = index
            return (lambda s: s.settings[k]), kind
        return (lambda s: s.tables[table][index]), kind

    def resolve_target(self, node: ast.AST) -> tuple[str, tuple[int, ...], str]:
        """Map a name to (registry key or 'setting', index, value kind); raise with 'did you mean' if unknown."""
        if isinstance(node, ast.Name):
            bare = self._bare(node.id)
            if bare is not None:
                return bare[0].key, bare[1], bare[0].value
            raise self.fail(node, f"cannot assign to '{node.id}'{suggest(node.id, self.sym.bare())}")
        if not isinstance(node, ast.Attribute):
            raise self.fail(node, f"'{_describe(node)}' is not a name")
        parts = self._dotted(node)
        head, head_node = parts[0]
        names = [p for p, _ in parts[1:]]
        nodes = [n for _, n in parts[1:]]

        def need(count: int) -> None:
            if len(names) != count:
                example = f"{head}.{self._example(head)}"  # only built when needed: it is slow
                raise self.fail(node, f"'{head}' takes {count} name(s) after it, like '{example}'")

        def lookup(name: str, at: ast.AST, namespace: str) -> int:
            index = self.sym.index(namespace, name)
            if index is None:
                raise self.fail_name(at, self.unknown(namespace, name))
            return index

        kind = self._kind_of_head(head)
        if kind is not None:
            need(len(kind.axes))
            index = tuple(lookup(name, at, namespace) for name, at, namespace in zip(names, nodes, kind.axes))
            if kind.head is None and kind.head_namespace is not None:
                index = (lookup(head, head_node, kind.head_namespace), *index)
            return kind.key, index, kind.value
        if head == "setting":
            need(1)
            settings = list(self.sym.settings)
            if names[0] not in self.sym.settings:
                raise self.fail_name(nodes[0], f"unknown setting '{names[0]}'{suggest(names[0], settings)}")
            setting = self.sym.settings[names[0]]
            k = settings.index(names[0])
            return "setting", (k,), ("enum:" + setting.id) if setting.kind == "choice" else "num"
        raise self.fail(
            head_node, f"unknown name '{head}'{suggest(head, self.sym.namespaces())}"
        )

    def visit_BoolOp(self, node: ast.BoolOp) -> tuple[Callable, str]:
        parts = [self.expect(v, "bool") for v in node.values]
        if isinstance(node.op, ast.And):
            def both(s, parts=parts):
                result = parts[0](s)
                for part in parts[1:]:
                    result = np.logical_and(result, part(s))
                return result
            return both, "bool"

        def either(s, parts=parts):
            result = parts[0](s)
            for part in parts[1:]:
                result = np.logical_or(result, part(s))
            return result
        return either, "bool"

    def visit_UnaryOp(self, node: ast.UnaryOp) -> tuple[Callable, str]:
        if isinstance(node.op, ast.Not):
            inner = self.expect(node.operand, "bool")
            return (lambda s: np.logical_not(inner(s))), "bool"
        if isinstance(node.op, ast.USub):
            inner = self.expect(node.operand, "num")
            return (lambda s: np.negative(inner(s))), "num"
        if isinstance(node.op, ast.UAdd):
            return self.expect(node.operand, "num"), "num"
        raise self.refuse_operator(node.op, self._offset(node.col_offset))

    def visit_BinOp(self, node: ast.BinOp) -> tuple[Callable, str]:
        if isinstance(node.op, (ast.BitAnd, ast.BitOr)):  # '&' and '|' from other languages
            word, symbol = ("and", "&") if isinstance(node.op, ast.BitAnd) else ("or", "|")
            at = self._operator_at(symbol, node.left, node.right)
            raise ExpressionError(f"use '{word}' instead of '{symbol}'", at)
        ops = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply}
        if type(node.op) not in ops and not isinstance(node.op, ast.Div):  # name it before its operands
            raise self.refuse_operator(node.op, self._operator_at(OPERATORS[type(node.op)], node.left, node.right))
        left = self.expect(node.left, "num")
        right = self.expect(node.right, "num")
        if type(node.op) in ops:
            op = ops[type(node.op)]
            return (lambda s: op(left(s), right(s))), "num"

        def divide(s):  # '/': the only operator left
            denominator = right(s)
            safe = np.where(denominator == 0, 1.0, denominator)
            return np.where(denominator == 0, 0.0, np.divide(left(s), safe))
        return divide, "num"

    def visit_IfExp(self, node: ast.IfExp) -> tuple[Callable, str]:
        cond = self.expect(node.test, "bool")
        yes, kind_yes = self.visit(node.body)
        no, kind_no = self.visit(node.orelse)
        if kind_yes != kind_no:
            raise self.fail(node, "both sides of 'a if condition else b' must be the same kind of value")
        return (lambda s: np.where(cond(s), yes(s), no(s))), kind_yes

    def visit_Compare(self, node: ast.Compare) -> tuple[Callable, str]:
        ops = {
            ast.Eq: np.equal, ast.NotEq: np.not_equal, ast.Lt: np.less,
            ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
        }
        terms = [node.left, *node.comparators]
        for i, op_node in enumerate(node.ops):  # an operator that is no comparison, before its operands
            if type(op_node) not in ops:
                at = self._operator_at(OPERATORS.get(type(op_node), "?"), terms[i], terms[i + 1])
                raise self.refuse_operator(op_node, at, comparison=True)
        self.power_context = any(_is_territory(t) for t in terms)
        self.wanted = "value"  # the terms of a comparison: a number, a power or a setting
        try:
            compiled = [self.visit(t) for t in terms]
        finally:
            self.power_context = False
        checks = []
        for i, op_node in enumerate(node.ops):
            (lf, lk), (rf, rk) = compiled[i], compiled[i + 1]
            lf, rf = self._compatible(terms[i], lk, lf, terms[i + 1], rk, rf, type(op_node))
            checks.append((ops[type(op_node)], lf, rf))

        def compare(s, checks=checks):
            result = None
            for op, lf, rf in checks:
                part = op(lf(s), rf(s))
                result = part if result is None else np.logical_and(result, part)
            return result
        return compare, "bool"

    def _compatible(self, ln, lk, lf, rn, rk, rf, op):
        """Check both sides of a comparison can be compared; turn setting strings into codes."""
        ordered = op not in (ast.Eq, ast.NotEq)
        if lk == "num" and rk == "num":
            return lf, rf
        if lk.startswith("str:") and rk.startswith("enum:"):
            ln, lk, lf, rn, rk, rf = rn, rk, rf, ln, lk, lf
        if lk.startswith("enum:") and rk.startswith("str:"):
            setting = self.sym.settings[lk[5:]]
            value = rk[4:]
            if value not in setting.values:
                raise self.fail(
                    rn, f"setting '{setting.id}' has no value '{value}'"
                    f"{suggest(value, setting.values)}; allowed: {', '.join(setting.values)}",
                )
            if ordered:
                raise self.fail(ln, f"setting '{setting.id}' is a choice: compare it with == or !=")
            code = np.float64(setting.values.index(value))
            return lf, (lambda s: code)
        if lk == "power" and rk == "power" and not ordered:
            return lf, rf
        if lk == "bool" and rk == "bool" and not ordered:
            return lf, rf
        raise self.fail(ln, f"cannot compare {_kind_name(lk)} with {_kind_name(rk)}")

    def visit_Call(self, node: ast.Call) -> tuple[Callable, str]:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else _source(node.func)
            raise self.fail(node, f"calling '{name}' is not allowed; allowed: {', '.join(FUNCTIONS)}")
        if node.keywords:
            raise self.fail(node, "keyword arguments are not allowed")
        args = [self.expect(a, "num") for a in node.args]
        name = node.func.id
        if name in ("min", "max"):
            if len(args) < 2:
                raise self.fail(node, f"{name}() needs at least two values")
            reduce = np.minimum if name == "min" else np.maximum

            def fold(s, args=args):
                result = args[0](s)
                for arg in args[1:]:
                    result = reduce(result, arg(s))
                return result
            return fold, "num"
        if name == "clip":
            if len(args) != 3:
                raise self.fail(node, "clip() takes three values: clip(x, low, high)")
            x, lo, hi = args
            return (lambda s: np.minimum(np.maximum(x(s), lo(s)), hi(s))), "num"
        if len(args) != 1:
            raise self.fail(node, "abs() takes one value")
        (x,) = args
        return (lambda s: np.abs(x(s))), "num"

    def expect(self, node: ast.AST, kind: str) -> Callable:
        self.wanted = kind
        fn, got = self.visit(node)
        if got != kind:
            raise self.fail(node, f"expected {_kind_name(kind)} here, found {_kind_name(got)}")
        return fn


def _is_territory(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "territory"


def _kind_name(kind: str) -> str:
    if kind.startswith("enum:"):
        return f"the setting '{kind[5:]}'"
    if kind.startswith("str:"):
        return f"the text '{kind[4:]}'"
    return {"bool": "a condition (true/false)", "num": "a number", "power": "a power"}.get(kind, kind)


def _describe(node: ast.AST) -> str:
    names = {
        "Lambda": "lambda", "ListComp": "a list comprehension", "GeneratorExp": "a generator",
        "SetComp": "a set comprehension", "DictComp": "a dict comprehension", "Subscript": "[...]",
        "List": "a list", "Dict": "a dict", "Tuple": "a tuple", "Set": "a set",
        "JoinedStr": "an f-string", "NamedExpr": "':='", "Await": "await", "Starred": "*",
        "Slice": "a slice",
    }
    return names.get(type(node).__name__, type(node).__name__)


def _source(node: ast.AST) -> str:
    """Short source text of a node, for messages."""
    try:
        text = ast.unparse(node)
    except (ValueError, TypeError, RecursionError):
        return _describe(node)
    return text if len(text) <= 40 else text[:37] + "..."


def compile_expression(text: str, symbols: Symbols, kind: str = "bool") -> Compiled:
    """Compile a condition (``kind='bool'``) or formula (``kind='num'``)."""
    tree, source = _parse(text, "eval")
    compiler = _Compiler(symbols, source)
    compiler.check_tree(tree)
    assert isinstance(tree, ast.Expression)  # mode "eval" always parses to one
    return Compiled(text=text, fn=compiler.expect(tree.body, kind), kind=kind)


def compile_value(text: str, symbols: Symbols) -> tuple[Compiled, tuple[str, tuple[int, ...]] | None]:
    """Compile an expression of any kind (a number, a condition, a power, a setting's value),
    for a text to show (game.engine.template). Also ``(table, index)`` when the expression is
    one name (``league``, ``stance.France``, ``setting.x``): its declared range gives word scales."""
    tree, source = _parse(text, "eval")
    compiler = _Compiler(symbols, source)
    compiler.check_tree(tree)
    assert isinstance(tree, ast.Expression)  # mode "eval" always parses to one
    fn, kind = compiler.visit(tree.body)
    target = None
    if isinstance(tree.body, (ast.Name, ast.Attribute)) and kind == "num":
        name = tree.body
        if not (isinstance(name, ast.Name) and name.id == "date"):
            table, index, _ = compiler.resolve_target(name)
            target = (table, index)
    return Compiled(text=text, fn=fn, kind=kind), target


def compile_effect(text: str, symbols: Symbols) -> Effect:
    """Compile one assignment such as ``stance.France += 0.1`` or ``flag.munich = true``."""
    tree, source = _parse(text, "exec")
    assert isinstance(tree, ast.Module)
    compiler = _Compiler(symbols, source)
    compiler.check_tree(tree)
    if len(tree.body) != 1:
        raise ExpressionError("an effect is one assignment, like 'stance.France += 0.1'")
    statement = tree.body[0]
    if isinstance(statement, ast.Assign):
        if len(statement.targets) != 1:  # 'flag.x = a = b': the second '=' was meant to compare
            hint = syntax_hint(compiler.source, assignment=True)
            raise ExpressionError("an effect sets one value: use == to compare",
                                  hint[0] + compiler.lead if hint else compiler.lead)
        target_node, op, value_node = statement.targets[0], "=", statement.value
    elif isinstance(statement, ast.AugAssign):
        if type(statement.op) not in ASSIGN_OPS:
            raise compiler.fail(statement, "only =, +=, -= and *= are allowed in effects")
        target_node, op, value_node = statement.target, ASSIGN_OPS[type(statement.op)], statement.value
    elif isinstance(statement, ast.Expr):
        raise compiler.fail(statement, "an effect must assign, like 'stance.France += 0.1' or 'flag.x = true'")
    else:
        raise compiler.fail(statement, f"'{_describe(statement)}' is not allowed in an effect")
    table, index, kind = compiler.resolve_target(target_node)
    if table == "setting":
        raise compiler.fail(target_node, "settings are fixed for a game and cannot be changed by effects")
    if op != "=" and kind != "num":
        raise compiler.fail(statement, f"'{op}' only works on numbers; use '=' for {_kind_name(kind)}")
    compiler.power_context = kind == "power"
    value = compiler.expect(value_node, kind)
    # ast columns are UTF-8 byte offsets into the stripped, one-line source.
    label = compiler.body[target_node.col_offset:target_node.end_col_offset or 0].decode("utf-8", "replace")
    return Effect(text=text, table=table, index=index, op=op,
                  value=Compiled(text=text, fn=value, kind=kind), label=label)
