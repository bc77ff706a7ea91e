"""Danish working days: Monday to Friday, except public holidays (the holidays package)."""

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DK", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """Return the working day ``count`` working days after ``day`` (before, if negative)."""
    step = timedelta(days=1 if count >= 0 else -1)
    for _ in range(abs(count)):
        day += step
        while not is_working_day(day):
            day += step
    return day


def count_working_days(first: date, last: date) -> int:
    """Count the working days from ``first`` to ``last``, both included."""
    return sum(is_working_day(first + timedelta(days=n)) for n in range((last - first).days + 1))


def last_working_day_of_week(starts_on: date, weeks: int) -> date:
    """Return the last working day of the ``weeks``-th calendar week counted from ``starts_on``.

    A snusepraktik starting on Wednesday 4 March 2026 for four weeks ends on the
    Friday of its fourth week, 27 March; a week that ends in Easter ends earlier.
    """
    monday = starts_on - timedelta(days=starts_on.weekday())
    return working_day_on_or_before(monday + timedelta(weeks=weeks - 1, days=6))
