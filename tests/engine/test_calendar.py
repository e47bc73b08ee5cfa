"""Calendar arithmetic for 'after:' delays and monthly rules: the units, calendar months that
end early, the turn of the year, and the refusal of anything that is not a delay."""

from __future__ import annotations

import pytest

from game.engine.calendar import add_delay, month_starts, parse_delay
from game.engine.dates import iso, parse_iso


@pytest.mark.parametrize("text, delay", [
    ("30 days", (30, "day")), ("1 day", (1, "day")), ("2 weeks", (2, "week")), ("1 week", (1, "week")),
    ("3 months", (3, "month")), ("1 month", (1, "month")), ("  12   months ", (12, "month")),
    ("9999 days", (9999, "day")),
])
def test_delays_read_as_amount_and_singular_unit(text, delay):
    assert parse_delay(text) == delay


@pytest.mark.parametrize("text", ["30", "days", "-3 days", "2.5 weeks", "10000 days", "3 years", "3 monthss",
                                  "x 3 days", "3 days later"])
def test_anything_else_is_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError) as info:
        parse_delay(text)
    assert str(info.value) == (f"'{text}' is not a delay; write a whole number and a unit, "
                               "like '30 days', '2 weeks' or '3 months'")


def after(date: str, amount: int, unit: str) -> str:
    return iso(add_delay(parse_iso(date), amount, unit))


@pytest.mark.parametrize("start, amount, unit, due", [
    ("1938-09-29", 3, "day", "1938-10-02"),
    ("1938-09-29", 0, "day", "1938-09-29"),
    ("1938-09-29", 2, "week", "1938-10-13"),
    ("1938-01-15", 1, "month", "1938-02-15"),
    ("1938-01-31", 1, "month", "1938-02-28"),  # February ends early
    ("1936-01-31", 1, "month", "1936-02-29"),  # leap year
    ("1938-03-31", 1, "month", "1938-04-30"),
    ("1938-11-30", 1, "month", "1938-12-30"),
    ("1938-12-15", 1, "month", "1939-01-15"),  # the turn of the year
    ("1938-12-31", 2, "month", "1939-02-28"),
    ("1938-10-31", 2, "month", "1938-12-31"),  # December has 31 days
    ("1937-03-12", 13, "month", "1938-04-12"),
    ("1938-05-20", 0, "month", "1938-05-20"),
])
def test_delays_count_days_weeks_and_calendar_months(start, amount, unit, due):
    assert after(start, amount, unit) == due


def test_month_starts_are_the_firsts_after_the_start_up_to_the_end():
    days = month_starts(parse_iso("1938-11-15"), parse_iso("1939-02-01"))
    assert [iso(d) for d in days] == ["1938-12-01", "1939-01-01", "1939-02-01"]
    assert month_starts(parse_iso("1938-12-01"), parse_iso("1938-12-31")) == []
    assert [iso(d) for d in month_starts(parse_iso("1938-12-31"), parse_iso("1939-01-01"))] == ["1939-01-01"]
