"""Calendar dates as day numbers, so conditions can compare them as integers."""

from __future__ import annotations

import datetime as _dt
import re

from .errors import InvalidDate

EPOCH = _dt.date(1900, 1, 1)
DATE_LITERAL = re.compile(r"(?<![\w.])(\d{4})-(\d{2})-(\d{2})(?![\w.])")


def to_day(value: _dt.date) -> int:
    """Days since 1900-01-01."""
    return (value - EPOCH).days


def from_day(day: int) -> _dt.date:
    return EPOCH + _dt.timedelta(days=int(day))


def iso(day: int) -> str:
    return from_day(day).isoformat()


def parse_iso(text: str) -> int:
    """Parse ``YYYY-MM-DD`` into a day number; raises InvalidDate (a ValueError) with a readable reason."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    if not match:
        raise InvalidDate(f"'{text}' is not a date in the form YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    try:
        return to_day(_dt.date(year, month, day))
    except ValueError as exc:
        raise InvalidDate(f"'{text}' is not a real date ({exc})") from None
