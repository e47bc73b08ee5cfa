"""Texts with values: the one place a scenario's text becomes the words a player reads.

Syntax (docs/scenario-language.md, "Texts with values"):

    {league}                     a value, in its default format (a number: 0.35; a territory's
                                 holder: the power's name; a choice setting: its value)
    {league | percent}           a value in a format: number, percent, signed, whole, words, date
    {if flag.x}...{elif c}...{else}...{end}
                                 a conditional phrase; the branches are ordinary text and may hold
                                 values and further conditionals
    {{  }}                       a literal brace

Names and conditions are compiled by the whitelist expression compiler (game.engine.expr), so a
text can name exactly what a condition can, and nothing reaches ``eval``. Compiling checks every
name, format and brace and raises :class:`TemplateError` with the offset of the problem inside
the text. Rendering never raises: it reads the world as it is at that moment, so a driver that
writes the line when it happens (the engine does) keeps transcripts and saves byte-identical.

Why block tags rather than Ink's ``{flag: yes|no}`` or a quoted ``{if c: "a" else: "b"}``: the
branches are prose, and prose has apostrophes, commas and bars (Britain's, "yes | no") that a
quoted or bar-separated form would make authors escape; blocks also nest and hold values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import registry
from .dates import from_day
from .errors import ExpressionError, TemplateError
from .expr import Symbols, compile_expression, compile_value
from .names import suggest
from .spec import Compiled, Spec

FORMATS = ("number", "percent", "signed", "whole", "words", "date")
WORDS = ("very low", "low", "middling", "high", "very high")  # fifths of the declared range
KEYWORDS = ("if", "elif", "else", "end")
MAX_TEXT = 5_000  # characters in one text
MAX_PLACES = 100  # placeholders in one text
MAX_DEPTH = 8  # conditionals inside conditionals


@dataclass(frozen=True)
class Value:
    """``{expr | format}``: what to show and how."""

    value: Compiled
    format: str  # one of FORMATS, or "name" for powers and choice settings
    names: tuple[str, ...] = ()  # for "name": the word for each code (power names, setting values)
    span: tuple[float, float] | None = None  # for "words": the declared range


@dataclass(frozen=True)
class Choice:
    """``{if a}...{elif b}...{else}...{end}``: the first branch whose condition holds."""

    branches: tuple[tuple[Compiled | None, tuple[Part, ...]], ...]  # None: the else branch


Part = str | Value | Choice


@dataclass(frozen=True)
class Template:
    text: str  # as written in the file
    parts: tuple[Part, ...]


def has_placeholders(text: str) -> bool:
    """Whether ``text`` needs compiling (any brace, escaped or not)."""
    return "{" in text or "}" in text


# ------------------------------------------------------------------------ compiling
def compile_template(text: str, spec: Spec, symbols: Symbols | None = None) -> Template:
    """Check and compile ``text`` against the names ``spec`` declares; raises TemplateError."""
    if not isinstance(text, str):
        raise TemplateError("a text must be text")
    if len(text) > MAX_TEXT:
        raise TemplateError(f"this text is {len(text)} characters long; the limit is {MAX_TEXT}")
    symbols = symbols if symbols is not None else Symbols.of(spec)
    root: list[Part] = []
    frames: list[tuple[int, list, bool]] = []  # (offset of '{if', branches, seen else)
    current = root
    places = 0
    problems: list[TemplateError] = []  # wrong names and formats: each reported, the rest still read
    for kind, at, body in _tokens(text, problems):
        if kind == "text":
            current.append(body)
            continue
        places += 1
        if places > MAX_PLACES:
            raise TemplateError(f"this text has more than {MAX_PLACES} placeholders", at)
        word, rest, rest_at = _keyword(body, at + 1)
        if word in ("if", "elif"):
            if not rest.strip():
                raise TemplateError(f"'{{{word}}}' needs a condition, like '{{{word} flag.x}}'", at)
            condition = _unless_wrong(problems, _condition, rest, rest_at, symbols)
            if word == "if":
                if len(frames) >= MAX_DEPTH:
                    raise TemplateError(f"conditionals are nested more than {MAX_DEPTH} deep", at)
                frames.append((at, [(condition, [])], False))
            else:
                if not frames:
                    raise TemplateError("'{elif ...}' with no '{if ...}' before it", at)
                start, branches, seen_else = frames[-1]
                if seen_else:
                    raise TemplateError("'{elif ...}' after '{else}': put it before the '{else}'", at)
                branches.append((condition, []))
            current = frames[-1][1][-1][1]
        elif word in ("else", "end"):
            if rest.strip():
                hint = " (use '{elif ...}' for another condition)" if word == "else" else ""
                raise TemplateError(f"'{{{word}}}' takes nothing after it{hint}", rest_at)
            if not frames:
                raise TemplateError(f"'{{{word}}}' with no '{{if ...}}' before it", at)
            start, branches, seen_else = frames[-1]
            if word == "else":
                if seen_else:
                    raise TemplateError("a second '{else}' for the same '{if ...}'", at)
                branches.append((None, []))
                frames[-1] = (start, branches, True)
                current = branches[-1][1]
            else:
                frames.pop()
                choice = Choice(tuple((cond, tuple(parts)) for cond, parts in branches))
                current = frames[-1][1][-1][1] if frames else root
                current.append(choice)
        else:
            value = _unless_wrong(problems, _value, body, at + 1, spec, symbols)
            current.append(value if value is not None else "")
    if frames and not problems:
        raise TemplateError("this '{if ...}' is never closed: add '{end}' after its text", frames[-1][0])
    if problems:
        first, *rest_of = sorted(problems, key=lambda p: p.offset)
        first.also = tuple(rest_of)
        raise first
    return Template(text, tuple(_merge(root)))


def _unless_wrong(problems: list[TemplateError], read, *args):
    """``read(*args)``, or None with its TemplateError kept in ``problems``."""
    try:
        return read(*args)
    except TemplateError as exc:
        problems.append(exc)
        return None


def _tokens(text: str, problems: list[TemplateError]) -> list[tuple[str, int, str]]:
    """('text', offset, words) and ('tag', offset of '{', what is inside the braces). A brace
    out of place goes to ``problems`` and the reading goes on (up to a '{' never closed)."""
    tokens: list[tuple[str, int, str]] = []
    words: list[str] = []
    start = i = 0
    while i < len(text):
        ch = text[i]
        if ch in "{}" and text.startswith(ch * 2, i):
            words.append(ch)  # '{{' and '}}' are literal braces
            i += 2
            continue
        if ch == "}":
            problems.append(TemplateError("a '}' with no '{' before it: write '}}' to show a brace", i))
            i += 1
            continue
        if ch == "{":
            close = _closing(text, i + 1)
            if close is None:
                problems.append(TemplateError("this '{' is never closed: end the placeholder with '}', "
                                              "or write '{{' to show a brace", i))
                break
            if words:
                tokens.append(("text", start, "".join(words)))
                words = []
            body = text[i + 1:close]
            if not body.strip():
                problems.append(TemplateError("an empty placeholder '{}': put a name inside, or write '{{}}' "
                                              "to show braces", i))
            else:
                tokens.append(("tag", i, body))
            i = start = close + 1
            continue
        words.append(ch)
        i += 1
    if words:
        tokens.append(("text", start, "".join(words)))
    return tokens


def _closing(text: str, i: int) -> int | None:
    """Index of the '}' that closes a placeholder opened before ``i`` (quotes may hold braces)."""
    quote = None
    while i < len(text):
        ch = text[i]
        if quote is not None:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "}":
            return i
        elif ch == "{":
            return None  # '{a {b}': the first one is not closed
        i += 1
    return None


def _keyword(body: str, at: int) -> tuple[str | None, str, int]:
    """('if', condition text, its offset) for a tag starting with a keyword; else (None, body, at)."""
    stripped = body.lstrip()
    lead = len(body) - len(stripped)
    word = stripped.split(None, 1)[0] if stripped else ""
    if word in KEYWORDS:
        rest = stripped[len(word):]
        return word, rest, at + lead + len(word)
    for keyword in KEYWORDS:  # '{if(flag.x)}' or '{end.}': a keyword glued to what follows
        if word.startswith(keyword) and not (word[len(keyword):len(keyword) + 1].isalnum()
                                             or word[len(keyword):len(keyword) + 1] in "_."):
            return keyword, stripped[len(keyword):], at + lead + len(keyword)
    return None, body, at


def _condition(text: str, at: int, symbols: Symbols) -> Compiled:
    try:
        return compile_expression(text, symbols, "bool")
    except TemplateError:
        raise
    except ExpressionError as exc:
        raise TemplateError(exc.message, at + exc.offset) from None


def _split_format(body: str) -> tuple[str, str | None, int]:
    """(expression, format or None, offset of the format in body): the last '|' outside quotes."""
    quote = None
    bar = -1
    for i, ch in enumerate(body):
        if quote is not None:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "|":
            bar = i
    if bar < 0:
        return body, None, 0
    after = body[bar + 1:]
    return body[:bar], after.strip(), bar + 1 + len(after) - len(after.lstrip())


def _value(body: str, at: int, spec: Spec, symbols: Symbols) -> Value:
    expression, fmt, fmt_at = _split_format(body)
    if not expression.strip():
        raise TemplateError("a placeholder needs a name before '|', like '{league | percent}'", at)
    try:
        compiled, target = compile_value(expression, symbols)
    except ExpressionError as exc:
        raise TemplateError(exc.message, at + exc.offset) from None
    lead = len(expression) - len(expression.lstrip())
    shown = expression.strip()
    kind = compiled.kind
    if kind == "bool":
        raise TemplateError(f"'{shown}' is true or false: choose the words with "
                            f"'{{if {shown}}}...{{else}}...{{end}}'", at + lead)
    if kind.startswith("str:"):
        raise TemplateError("a text in quotes is shown as written: leave out the braces", at + lead)
    if fmt is not None and fmt not in FORMATS:
        listing = ", ".join(FORMATS)
        if not fmt:
            raise TemplateError(f"a format is missing after '|'; formats: {listing}", at + fmt_at - 1)
        raise TemplateError(f"unknown format '{fmt}'{suggest(fmt, list(FORMATS))}; formats: {listing}",
                            at + fmt_at)
    if kind == "power" or kind.startswith("enum:"):
        if fmt is not None:
            what = "a power, shown by its name" if kind == "power" else "a choice, shown by its value"
            raise TemplateError(f"the format '{fmt}' is for numbers; '{shown}' is {what}", at + fmt_at)
        # A power as a sentence names it ("the Soviet Union"), a choice setting by its value.
        names = (tuple(p.in_text or p.name for p in spec.powers) if kind == "power"
                 else tuple(symbols.settings[kind[5:]].values))
        return Value(compiled, "name", names)
    if fmt == "words":
        span = _span(target, spec, symbols)
        if span is None:
            raise TemplateError(f"the format 'words' needs one name with a declared range (a global, an "
                                f"attribute, trust or a number setting), not '{shown}'", at + fmt_at)
        return Value(compiled, "words", span=span)
    return Value(compiled, fmt or "number")


def _span(target: tuple[str, tuple[int, ...]] | None, spec: Spec, symbols: Symbols) -> tuple[float, float] | None:
    if target is None:
        return None
    table, index = target
    if table == "setting":
        setting = list(symbols.settings.values())[index[0]]
        return (setting.low, setting.high) if setting.kind == "number" else None
    bounds = registry.kind(table).bounds(spec, index)
    if bounds is None or not bounds[1] > bounds[0]:
        return None
    return float(bounds[0]), float(bounds[1])


def _merge(parts: list[Part]) -> list[Part]:
    """Join neighbouring literal pieces ('a', '{', 'b' -> 'a{b')."""
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


# ------------------------------------------------------------------------ rendering
def render(template: Template, state: object, world: int = 0) -> str:
    """The text as it reads in world ``world`` of ``state`` (a WorldState) now. Never raises."""
    out: list[str] = []
    _render(template.parts, state, world, out)
    return "".join(out)


def render_text(spec: Spec, text: str, state: object, world: int = 0) -> str:
    """``text`` from ``spec`` (a briefing, a rule's line, an ending) as it reads now.

    The one render function: the engine calls it when it writes a line, so every driver
    (window, terminal, replay, challenges, classroom, transcripts, what-if) shows the same words.
    A text with no placeholders is returned as it is.
    """
    template = spec.templates.get(text) if text else None
    return text if template is None else render(template, state, world)


def _render(parts: tuple[Part, ...], state: object, world: int, out: list[str]) -> None:
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Value):
            out.append(_show(part, float(part.value.values(state)[world])))
        else:
            for condition, branch in part.branches:
                if condition is None or bool(condition.holds(state)[world]):
                    _render(branch, state, world, out)
                    break


def _show(value: Value, number: float) -> str:
    if not math.isfinite(number):
        return "?"  # the engine keeps the world finite; a formula may still divide oddly
    fmt = value.format
    if fmt == "name":
        code = int(number)
        return value.names[code] if 0 <= code < len(value.names) else "?"
    if fmt == "percent":
        return f"{_round(number * 100)}%"
    if fmt == "whole":
        return str(_round(number))
    if fmt == "signed":
        text = _number(number)
        return text if text == "0" else ("+" + text if not text.startswith("-") else text)
    if fmt == "words" and value.span is not None:
        low, high = value.span
        place = (min(max(number, low), high) - low) / (high - low)
        return WORDS[min(int(place * len(WORDS)), len(WORDS) - 1)]
    if fmt == "date":
        try:
            day = from_day(int(np.floor(number)))
        except (OverflowError, ValueError):
            return _number(number)
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return _number(number)


def _round(number: float) -> int:
    """Half away from zero (0.125 -> 0.13 as a reader expects, not Python's half-to-even)."""
    return int(math.floor(abs(number) + 0.5)) * (1 if number >= 0 else -1)


def _number(number: float) -> str:
    """Two decimals at most, no trailing zeros: 0.35, 3, -0.1; large numbers in six digits."""
    if abs(number) >= 1e9:
        return f"{number:.6g}"
    hundredths = _round(number * 100)
    whole, part = divmod(abs(hundredths), 100)
    text = f"{whole}.{part:02d}".rstrip("0").rstrip(".")
    return "-" + text if hundredths < 0 else text


def compile_all(texts: Mapping[tuple, str],
                spec: Spec) -> tuple[dict[str, Template], list[tuple[tuple, TemplateError]]]:
    """Compile many texts (by any key, e.g. a file path) that hold braces: (templates by text,
    errors by key)."""
    symbols = Symbols.of(spec)
    templates: dict[str, Template] = {}
    errors: list[tuple[tuple, TemplateError]] = []
    for key, text in texts.items():
        if not text or not has_placeholders(text) or text in templates:
            continue
        try:
            templates[text] = compile_template(text, spec, symbols)
        except TemplateError as exc:
            errors += [(key, exc), *((key, more) for more in exc.also)]
    return templates, errors
