"""Cleaning text a person typed or a file holds, for storing and for showing.

clean_text(s)   any str -> valid Unicode: lone surrogates (from undecodable bytes typed at a
                terminal, or ``"\\ud800"`` in a JSON file) become U+FFFD, so writing UTF-8
                never fails and an attempt is never lost. ``printable=True`` also turns
                control characters into spaces (for one-line names).
shown(s)        for a terminal or a table: no control, escape or bidirectional-override
                characters (they would clear a screen, colour it or reorder a line), no line
                breaks, at most ``limit`` characters.
csv_cell(s)     ``shown`` plus a leading apostrophe on a cell a spreadsheet would run as a
                formula (=, +, -, @, tab, carriage return).
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def clean_text(text: object, printable: bool = False) -> str:
    text = _SURROGATE.sub("\ufffd", str(text))
    if printable:
        text = "".join(" " if _unsafe(ch) else ch for ch in text)
    return text


def _unsafe(ch: str) -> bool:
    # Cc: controls (ESC, newline, DEL, C1); Cf: format (bidi overrides, zero-width joiners are
    # harmless but cheap to drop); Zl/Zp: line and paragraph separators; Cs: surrogates.
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")


def shown(text: object, limit: int = 200) -> str:
    """One safe line of at most ``limit`` characters (an ellipsis marks a cut)."""
    line = " ".join(clean_text(text, printable=True).split())
    return line if len(line) <= limit else line[: limit - 1] + "\u2026"


def csv_cell(text: object, limit: int = 10_000) -> str:
    cell = shown(text, limit)
    return "'" + cell if cell.startswith(FORMULA_START) else cell


# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
                       "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ı": "i"})


def ascii_fold(text: object) -> str:
    """Latin letters without their accents ("Zoë Ørsted" -> "Zoe Orsted"), for file names and
    for matching names typed with or without accents; other scripts are kept."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", str(text).translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
