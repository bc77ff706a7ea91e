"""When reminders go out: on Danish working days, in office hours, in Europe/Copenhagen."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from renovations import workdays

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_day(now: datetime) -> date:
    return now.astimezone(COPENHAGEN).date()


def at(day: date, clock: time) -> datetime:
    """The moment ``clock`` on ``day`` in Copenhagen, summer or winter time alike."""
    return datetime.combine(day, clock, tzinfo=COPENHAGEN)


def opening(day: date) -> datetime:
    return at(day, time(settings.NOTIFICATIONS_OFFICE_OPENS))


def closing(day: date) -> datetime:
    return at(day, time(settings.NOTIFICATIONS_OFFICE_CLOSES))


def sending_window_open(now: datetime) -> bool:
    """Whether emails may go out now: a working day, between opening and closing."""
    if not settings.NOTIFICATIONS_OFFICE_HOURS_ONLY:
        return True
    day = local_day(now)
    return workdays.is_working_day(day) and opening(day) <= now < closing(day)


def next_sending_time(now: datetime) -> datetime:
    """``now`` when the window is open, else the next opening on a working day."""
    if sending_window_open(now):
        return now
    day = local_day(now)
    if workdays.is_working_day(day) and now < opening(day):
        return opening(day)
    return opening(workdays.working_day_on_or_after(day + timedelta(days=1)))
