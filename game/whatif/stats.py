"""Small statistics helpers for what-if runs: confidence intervals and month calendars."""

from __future__ import annotations

import datetime as _dt
import math

from ..engine.dates import from_day, to_day

Z95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a binomial share: (low, high), both in [0, 1].

    Unlike the textbook ``p +- z*sqrt(p(1-p)/n)`` it stays inside [0, 1] and behaves for shares
    near 0 or 1 (an ending seen in 0 of 2,000 worlds still gets an upper bound above zero).
    """
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    denominator = 1.0 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def month_ends(start: int, end: int) -> list[int]:
    """Day numbers of the last day of every month from ``start``'s month to ``end``'s month.

    The last entry is ``end`` itself when the scenario stops mid-month.
    """
    first = from_day(start)
    last = from_day(end)
    result = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        year, month = year + (month == 12), month % 12 + 1
        result.append(min(to_day(_dt.date(year, month, 1)) - 1, end))
    return result


def month_label(day: int) -> str:
    """'1938-09' for any day of September 1938."""
    return from_day(day).strftime("%Y-%m")
