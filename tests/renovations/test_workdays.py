"""Working days follow the Danish calendar: weekends and public holidays are off."""

from datetime import date

import pytest

from renovations.workdays import (
    add_working_days,
    count_working_days,
    is_working_day,
    last_working_day_of_week,
    working_day_on_or_after,
    working_day_on_or_before,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 4), True),  # an ordinary Wednesday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 4, 2), False),  # Skærtorsdag
        (date(2026, 4, 6), False),  # 2. påskedag
        (date(2026, 5, 14), False),  # Kristi himmelfartsdag
        (date(2026, 12, 25), False),  # 1. juledag
        (date(2026, 6, 5), True),  # Grundlovsdag is not a public holiday in the package
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_next_and_previous_working_day_skip_easter() -> None:
    assert working_day_on_or_after(date(2026, 4, 2)) == date(2026, 4, 7)
    assert working_day_on_or_before(date(2026, 4, 6)) == date(2026, 4, 1)


def test_add_working_days_both_ways() -> None:
    assert add_working_days(date(2026, 3, 27), 3) == date(2026, 4, 1)
    assert add_working_days(date(2026, 4, 7), -2) == date(2026, 3, 31)
    assert add_working_days(date(2026, 3, 4), 0) == date(2026, 3, 4)


def test_count_working_days_includes_both_ends() -> None:
    assert count_working_days(date(2026, 3, 2), date(2026, 3, 6)) == 5
    assert count_working_days(date(2026, 3, 30), date(2026, 4, 10)) == 7


def test_snusepraktik_ends_on_the_last_working_day_of_its_fourth_week() -> None:
    assert last_working_day_of_week(date(2026, 3, 4), 4) == date(2026, 3, 27)
    # Week four ends in Easter: Friday is Langfredag, Thursday Skærtorsdag.
    assert last_working_day_of_week(date(2026, 3, 11), 4) == date(2026, 4, 1)
