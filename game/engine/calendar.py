"""Calendar arithmetic for time in scenarios: delays (``after: 30 days``) and month starts.

Day numbers are those of :mod:`game.engine.dates` (days since 1900-01-01).
"""

from __future__ import annotations

import datetime as _dt
import re

from .dates import from_day, to_day

DELAY = re.compile(r"^\s*(\d{1,4})\s+(day|days|week|weeks|month|months)\s*$")


def parse_delay(text: str) -> tuple[int, str]:
    """``'30 days'`` -> (30, 'day'); raises ValueError with the accepted forms."""
    match = DELAY.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a delay; write a whole number and a unit, "
                         "like '30 days', '2 weeks' or '3 months'")
    return int(match.group(1)), match.group(2).rstrip("s")


def add_delay(day: int, amount: int, unit: str) -> int:
    """The day ``amount`` days, weeks or calendar months after ``day`` (31 Jan + 1 month = 28/29 Feb)."""
    if unit == "day":
        return day + amount
    if unit == "week":
        return day + 7 * amount
    date = from_day(day)
    months = date.year * 12 + date.month - 1 + amount
    year, month = divmod(months, 12)
    month += 1
    last = (_dt.date(year + month // 12, month % 12 + 1, 1) - _dt.timedelta(days=1)).day
    return to_day(_dt.date(year, month, min(date.day, last)))


def month_starts(after: int, through: int) -> list[int]:
    """First days of the months in (after, through], in order."""
    date = from_day(after)
    year, month = (date.year, date.month + 1) if date.month < 12 else (date.year + 1, 1)
    result: list[int] = []
    while True:
        day = to_day(_dt.date(year, month, 1))
        if day > through:
            return result
        result.append(day)
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)


__all__ = ["add_delay", "month_starts", "parse_delay"]
