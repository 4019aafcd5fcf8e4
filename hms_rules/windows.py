"""Dates and windows of the criteria: 12 months back, 24 for the waiver, 10 for P1."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

# --------------------------------------------------------------------------- dates


_DAY = timedelta(days=1)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@lru_cache(maxsize=4096)  # every decision asks for the same few windows; pure, so cached
def months_before(d: date, months: int) -> date:
    """``d`` minus ``months`` calendar months, the day clamped to the month's last day.

    ``months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)``;
    ``months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)``. A negative ``months``
    counts forward: ``months_before(date(2028, 2, 29), -12) == date(2029, 2, 28)``.
    Past the ends of the calendar it stops at ``date.min``/``date.max``.
    """
    total = d.year * 12 + d.month - 1 - months
    year, month0 = divmod(total, 12)
    if year < date.min.year:  # before year 1: every date there is counts
        return date.min
    if year > date.max.year:
        return date.max
    last = _DAYS_IN_MONTH[month0]
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    day = d.day
    return date(year, month0 + 1, day if day <= last else last)


@lru_cache(maxsize=4096)
def first_day_months_after(x: date, months: int) -> date:
    """The first D with ``months_before(D, months) >= x``.

    ``months`` months on, or the day after that where the month is shorter (30 April + 10
    months is 28 February, too early). ``months_before`` never decreases as D grows, so
    every later D qualifies too.
    """
    candidate = months_before(x, -months)
    if months_before(candidate, months) < x and candidate < date.max:  # date.max: the end
        candidate += timedelta(days=1)
    return candidate


@lru_cache(maxsize=512)  # one entry per assessment date: a portfolio shares one D
def _windows(d: date) -> tuple[date, date, date]:
    """D - 12 months (recent), D - 24 months (the waiver) and D - 10 months (P1's start)."""
    return months_before(d, 12), months_before(d, 24), months_before(d, 10)


def a_plus_possible_from(began: date) -> date:
    """The first D on which a certificate whose period began on ``began`` counts for P1.

    The first D with ``months_before(D, 10) >= began``.
    """
    return first_day_months_after(began, 10)


@lru_cache(maxsize=4096)
def _first_day_out_of_window(on: date, months: int) -> date:
    """The first D on which ``on`` is older than ``months`` months (``on`` < ``date.max``)."""
    return first_day_months_after(on + _DAY, months)
