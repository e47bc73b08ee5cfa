"""Plain-words explanations of YAML parser errors, at the line and column of the actual fault.

The parser reports where it *noticed* a problem, in its own terms ("mapping values are not
allowed here", "expected <block end>, but found '<block mapping start>'"), often a line after
the mistake. A teacher needs what to type instead: "line 13: put a space after the colon",
"line 8 starts with a tab: indent with spaces", "put the text in quotes". ``explain`` looks
at the text around the reported place and returns a better (line, col, message), or None
when it does not recognise the case (the parser's own words are shown then).

Lines and columns are 0-based in and out, like the parser's marks.
"""

from __future__ import annotations

import re

_KEY_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(?=[^\s:/\\])")
_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s#'\"\[\]{}][^:#]*?):(\s|$)")
_CURLY = "\u201c\u201d\u2018\u2019"


def explain(text: str, line: int, col: int, problem: str, context: str,
            context_line: int | None, context_col: int | None) -> tuple[int, int, str] | None:
    lines = text.split("\n")
    if not 0 <= line < len(lines) + 1:
        return None
    if "'\\t'" in problem or "\t" in problem:
        return _tab(lines, line)
    if context.startswith("while scanning a quoted scalar") and context_line is not None:
        quote = _char_at(lines, context_line, context_col or 0) or '"'
        return (context_line, context_col or 0,
                f"the quote {quote} opened here is never closed: add the closing {quote} at the end of the text")
    if context.startswith("while parsing a flow sequence") and context_line is not None:
        return (context_line, context_col or 0,
                "the list opened with '[' here is not closed: end it with ']' (or put text with commas in quotes)")
    if context.startswith("while parsing a flow mapping") and context_line is not None:
        return (context_line, context_col or 0,
                "the mapping opened with '{' here is not closed: end it with '}' (or put text with commas in quotes)")
    structural = ("mapping values are not allowed" in problem or "could not find expected ':'" in problem
                  or problem.startswith("expected <block end>") or "did not find expected" in problem)
    if not structural:
        return None
    unclosed = _unclosed_quote(lines, line)
    if unclosed is not None:
        return unclosed
    # 1. 'key:value' on this line or a line above: the colon needs a space after it.
    candidates: list[int | None] = [context_line, line, _previous(lines, line)]
    for i in candidates:
        if i is not None and 0 <= i < len(lines):
            match = _KEY_NO_SPACE.match(lines[i])
            if match and not _KEY.match(lines[i]):
                colon = match.end()
                key = match.group(2)
                rest = lines[i][colon:].strip()
                return (i, colon, f"line {i + 1}: put a space after the colon: '{key}: {rest}'")
    if "could not find expected ':'" in problem and context_line is not None and context_line < len(lines):
        word = lines[context_line].strip()
        return (context_line, context_col or 0,
                f"line {context_line + 1}: '{word[:30]}' needs a colon and a space after it "
                f"('{word[:30]}: value'); if it continues the text above, put that text in quotes")
    here = lines[line] if line < len(lines) else ""
    # 2. Text after a closing quote: "x" y
    quoted = re.match(r"^\s*(?:-\s+)?[^:#]*:\s+([\"']).*?\1\s*\S", here)
    if problem.startswith("expected <block end>, but found '<scalar>'") and quoted:
        return (line, col, f"line {line + 1}: there is text after the closing quote; put the whole text "
                           "inside the quotes")
    # 3. A colon followed by a space inside unquoted text.
    if "mapping values are not allowed" in problem:
        found = _colon_in_text(lines, line, col)
        if found is not None:
            return found
    # 4. Indentation that lines up with nothing above it.
    return _indentation(lines, line, col, problem)


_QUOTED_VALUE = re.compile(r"^(\s*(?:-\s+)?)(?:[^\s#'\"][^:#]*?:\s+)?([\"'])")


def _unclosed_quote(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """A value that opens a quote and does not close it on its line, while the next line is
    not indented deeper (so it cannot be a text continued over several lines)."""
    for i in range(min(line, len(lines) - 1) + 1):
        match = _QUOTED_VALUE.match(lines[i])
        if not match:
            continue
        quote, at = match.group(2), match.end() - 1
        rest = lines[i][at + 1:]
        closed = rest.replace('\\\\', "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote in closed:
            continue
        following = _next_content(lines, i)
        if following is None or _key_column(lines[following]) <= _key_column(lines[i]):
            return (i, at, f"the quote {quote} opened here is never closed: add the closing {quote} "
                           "at the end of the text")
    return None


def _next_content(lines: list[str], line: int) -> int | None:
    for i in range(line + 1, len(lines)):
        if _content(lines[i]):
            return i
    return None


def _char_at(lines: list[str], line: int, col: int) -> str:
    return lines[line][col] if line < len(lines) and col < len(lines[line]) else ""


def _tab(lines: list[str], line: int) -> tuple[int, int, str]:
    for i, text in enumerate(lines[: line + 1]):
        lead = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in lead:
            return (i, lead.index("\t"), f"line {i + 1} starts with a tab: indent with spaces "
                                         "(YAML does not allow tabs for indentation)")
    at = lines[line].find("\t") if line < len(lines) else 0
    return (line, max(at, 0), f"line {line + 1} has a tab here: use spaces instead")


def _content(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def _previous(lines: list[str], line: int) -> int | None:
    for i in range(min(line, len(lines)) - 1, -1, -1):
        if _content(lines[i]):
            return i
    return None


def _key_column(text: str) -> int:
    """Where the key of a line starts (after any '- ' list markers)."""
    match = re.match(r"^(\s*(?:-\s+)*)", text)
    return len(match.group(1)) if match else 0


def _key_name(text: str) -> str:
    match = _KEY.match(text)
    return match.group(2).strip() if match else text.strip()[:20]


def _colon_in_text(lines: list[str], line: int, col: int) -> tuple[int, int, str] | None:
    here = lines[line] if line < len(lines) else ""
    before = here[:col]
    key = _KEY.match(here)
    curly = any(ch in here for ch in _CURLY)
    if key and key.end(2) < col:  # 'title: Munich: the end' -- the value holds ': '
        start = key.end()
        name = key.group(2).strip()
        value = here[start:].strip()
        if curly:
            return (line, start, f"line {line + 1}: use straight quotes (\") around the text, not curly "
                                 f"quotes (\u201c \u201d): {name}: \"{value.strip(_CURLY)}\"")
        return (line, start, f"line {line + 1}: the text after '{name}:' contains a colon and a space; "
                             f"put the whole text in quotes: {name}: \"{value}\"")
    stripped = before.strip().lstrip("-").strip()
    previous = _previous(lines, line)
    if previous is None:
        return None
    if " " in stripped or curly:  # several words before the colon: a continuation of the text above
        start = previous
        while start > 0 and not _KEY.match(lines[start]) and _content(lines[start - 1]):
            start -= 1
        name = _key_name(lines[start])
        return (line, col, f"line {line + 1}: the text that starts on line {start + 1} ('{name}:') contains "
                           "a colon and a space here; put the whole text in quotes (\"...\")")
    return None


def _indentation(lines: list[str], line: int, col: int, problem: str) -> tuple[int, int, str] | None:
    if line >= len(lines):
        return None
    here = lines[line]
    indent = _key_column(here)
    previous = _previous(lines, line)
    if previous is None:
        return None
    above = lines[previous]
    above_indent = _key_column(above)
    name = _key_name(here)
    if "mapping values are not allowed" in problem:
        if indent > above_indent and _KEY.match(above) and above.rstrip().endswith(":") is False:
            extra = indent - above_indent
            return (line, 0, f"line {line + 1}: '{name}:' is indented {_spaces(extra)} more than "
                             f"'{_key_name(above)}:' on line {previous + 1}; keys at the same level must "
                             "start in the same column")
        return None
    # A line indented less than its neighbours but more than its parent (or in between levels).
    levels: dict[int, int] = {}  # key column -> the nearest line using it
    for i in range(previous, -1, -1):
        if _content(lines[i]):
            levels.setdefault(_key_column(lines[i]), i)
            if _key_column(lines[i]) == 0:
                break
    if indent in levels:
        return None
    closest = min(levels, key=lambda c: (abs(c - indent), -c))
    sibling = levels[closest]
    return (line, 0, f"line {line + 1}: '{name}:' is indented {_spaces(indent)}, which lines up with no line "
                     f"above it; indent it like '{_key_name(lines[sibling])}:' on line {sibling + 1} "
                     f"({_spaces(closest)})")


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"
