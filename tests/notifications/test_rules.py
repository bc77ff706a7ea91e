"""Every reminder rule of DESIGN §6 with frozen time: when it fires, and when it must not."""

import datetime as dt

import pytest

from matching.models import (
    EndPlan,
    EndPlanKind,
    FollowUp,
    FollowUpChannel,
    Outcome,
    OutcomeKind,
    PlacementStatus,
)
from notifications.models import CheckInLink, Notification, NotificationKind
from renovations.models import Meeting
from tests.notifications.scenario import MENTOR, Site, build_site, moment, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def site() -> Site:
    return build_site()


def keys(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("idempotency_key", flat=True))


def test_follow_up_due_on_the_first_working_day_of_each_placement_week(site: Site) -> None:
    """Monday of week 2 without a follow-up: Anne is reminded, once, at office opening."""
    plan(moment("2026-03-09", "06:00"))
    row = Notification.objects.get(kind=NotificationKind.FOLLOW_UP_DUE)
    assert row.idempotency_key == f"follow_up_due:p{site.placement.pk}:w2"
    assert row.recipient == site.anne
    assert row.due_at == moment("2026-03-09", "07:00")
    plan(moment("2026-03-09", "10:00"))
    assert Notification.objects.filter(kind=NotificationKind.FOLLOW_UP_DUE).count() == 1


def test_follow_up_due_not_when_done_nor_on_weekends_nor_interrupted(site: Site) -> None:
    """A follow-up held this week, a Saturday, an interrupted placement: no reminder."""
    FollowUp.objects.create(
        placement=site.placement,
        held_on=dt.date(2026, 3, 9),
        channel=FollowUpChannel.ON_SITE,
        days_present=1,
    )
    plan(moment("2026-03-10"))
    assert keys(NotificationKind.FOLLOW_UP_DUE) == set()
    plan(moment("2026-03-14"))  # Saturday of week 2, and Sunday
    plan(moment("2026-03-15"))
    assert keys(NotificationKind.FOLLOW_UP_DUE) == set()
    site.placement.status = PlacementStatus.INTERRUPTED
    site.placement.save()
    plan(moment("2026-03-16"))
    assert keys(NotificationKind.FOLLOW_UP_DUE) == set()


def test_follow_up_due_waits_for_the_working_day_after_easter_monday(site: Site) -> None:
    """Easter Monday (6 April 2026) is a holiday: the week's reminder comes on Tuesday."""
    site.placement.starts_on = dt.date(2026, 3, 30)
    site.placement.ends_on = dt.date(2026, 4, 24)
    site.placement.save()
    assert plan(moment("2026-04-06")) == 0
    assert keys(NotificationKind.FOLLOW_UP_DUE) == set()
    plan(moment("2026-04-07"))
    row = Notification.objects.get(kind=NotificationKind.FOLLOW_UP_DUE)
    assert row.idempotency_key.endswith(":w2")
    assert row.due_at == moment("2026-04-07", "07:00")


def test_mentor_check_in_on_the_last_working_day_of_the_week(site: Site) -> None:
    """Friday: the mentor gets a signed link; on Thursday nothing yet."""
    plan(moment("2026-03-05"))
    assert keys(NotificationKind.MENTOR_CHECK_IN) == set()
    plan(moment("2026-03-06"))
    row = Notification.objects.get(kind=NotificationKind.MENTOR_CHECK_IN)
    assert row.recipient_email == MENTOR
    assert row.recipient is None
    link = CheckInLink.objects.get(pk=row.context["check_in"])
    assert (link.placement_id, link.week, link.mentor_email) == (site.placement.pk, 1, MENTOR)
    assert link.expires_at > moment("2026-03-11", "23:00")
    assert link.expires_at < moment("2026-03-12", "00:01")


def test_mentor_check_in_before_easter(site: Site) -> None:
    """Maundy Thursday and Good Friday are holidays: the week's check-in is on Wednesday."""
    site.placement.starts_on = dt.date(2026, 3, 30)
    site.placement.ends_on = dt.date(2026, 4, 24)
    site.placement.save()
    plan(moment("2026-03-31"))
    assert keys(NotificationKind.MENTOR_CHECK_IN) == set()
    plan(moment("2026-04-01"))
    assert keys(NotificationKind.MENTOR_CHECK_IN) == {f"mentor_check_in:p{site.placement.pk}:w1"}
    assert plan(moment("2026-04-03")) == 0


def test_no_mentor_check_in_without_consent_or_when_done(site: Site) -> None:
    """Consent to share with contractors withdrawn: the site hears nothing about Sara."""
    site.consent.withdrawn_on = dt.date(2026, 3, 5)
    site.consent.save()
    plan(moment("2026-03-06"))
    assert keys(NotificationKind.MENTOR_CHECK_IN) == set()
    site.consent.withdrawn_on = None
    site.consent.save()
    FollowUp.objects.create(
        placement=site.placement,
        held_on=dt.date(2026, 3, 13),
        channel=FollowUpChannel.MENTOR_CHECK_IN,
        days_present=5,
    )
    plan(moment("2026-03-13"))
    assert keys(NotificationKind.MENTOR_CHECK_IN) == set()


def test_placement_starts_soon_two_working_days_before(site: Site) -> None:
    """Start Wednesday 4 March: intern and mentor hear on Monday 2 March, not the Friday before."""
    site.placement.status = PlacementStatus.ACCEPTED
    site.placement.starts_on = dt.date(2026, 3, 4)
    site.placement.save()
    plan(moment("2026-02-27"))
    assert keys(NotificationKind.PLACEMENT_STARTS_SOON) == set()
    plan(moment("2026-03-02"))
    p = site.placement.pk
    assert keys(NotificationKind.PLACEMENT_STARTS_SOON) == {
        f"placement_starts_soon:p{p}:candidate",
        f"placement_starts_soon:p{p}:mentor",
    }


def test_placement_starts_soon_only_to_the_intern_without_consent(site: Site) -> None:
    site.placement.status = PlacementStatus.ACCEPTED
    site.placement.starts_on = dt.date(2026, 3, 4)
    site.placement.save()
    site.consent.withdrawn_on = dt.date(2026, 2, 20)
    site.consent.save()
    plan(moment("2026-03-02"))
    rows = Notification.objects.filter(kind=NotificationKind.PLACEMENT_STARTS_SOON)
    assert [row.recipient_email for row in rows] == ["sara@example.com"]


def test_end_plan_due_five_working_days_before_the_end(site: Site) -> None:
    plan(moment("2026-03-19"))
    assert keys(NotificationKind.END_PLAN_DUE) == set()
    plan(moment("2026-03-20"))
    assert keys(NotificationKind.END_PLAN_DUE) == {f"end_plan_due:p{site.placement.pk}"}


def test_no_end_plan_reminder_with_a_plan(site: Site) -> None:
    EndPlan.objects.create(
        placement=site.placement, kind=EndPlanKind.EDUCATION, agreed_on=dt.date(2026, 3, 16)
    )
    plan(moment("2026-03-20"))
    assert keys(NotificationKind.END_PLAN_DUE) == set()


def test_outcome_missing_three_working_days_after_the_end(site: Site) -> None:
    site.placement.status = PlacementStatus.COMPLETED
    site.placement.save()
    plan(moment("2026-03-31"))
    assert keys(NotificationKind.OUTCOME_MISSING) == set()
    plan(moment("2026-04-01"))
    assert keys(NotificationKind.OUTCOME_MISSING) == {f"outcome_missing:p{site.placement.pk}"}


def test_no_outcome_reminder_with_an_outcome(site: Site) -> None:
    site.placement.status = PlacementStatus.COMPLETED
    site.placement.save()
    Outcome.objects.create(
        candidate=site.sara,
        placement=site.placement,
        kind=OutcomeKind.JOB_ON_SITE,
        started_on=dt.date(2026, 3, 30),
    )
    plan(moment("2026-04-01"))
    assert keys(NotificationKind.OUTCOME_MISSING) == set()


def test_need_unfilled_ten_days_before_latest_start(site: Site) -> None:
    """Latest start 6 April; 10 days before is Friday 27 March: Anne, the coordinator, hears."""
    site.placement.status = PlacementStatus.DECLINED
    site.placement.save()
    plan(moment("2026-03-26"))
    assert keys(NotificationKind.NEED_UNFILLED) == set()
    plan(moment("2026-03-27"))
    assert keys(NotificationKind.NEED_UNFILLED) == {
        f"need_unfilled:n{site.need.pk}:u{site.anne.pk}"
    }


def test_no_need_unfilled_when_the_places_are_taken(site: Site) -> None:
    site.placement.status = PlacementStatus.ACCEPTED
    site.placement.save()
    plan(moment("2026-03-27"))
    assert keys(NotificationKind.NEED_UNFILLED) == set()


def test_retention_check_due_on_its_date_and_not_when_done(site: Site) -> None:
    outcome = Outcome.objects.create(
        candidate=site.sara,
        placement=site.placement,
        kind=OutcomeKind.JOB_ON_SITE,
        started_on=dt.date(2026, 3, 30),
    )
    due = outcome.retention_checks.create(months=3, due_on=dt.date(2026, 6, 30))
    done = outcome.retention_checks.create(
        months=6, due_on=dt.date(2026, 6, 30), checked_on=dt.date(2026, 6, 29)
    )
    plan(moment("2026-06-29"))
    assert keys(NotificationKind.RETENTION_CHECK_DUE) == set()
    plan(moment("2026-06-30"))
    assert keys(NotificationKind.RETENTION_CHECK_DUE) == {f"retention_check_due:r{due.pk}"}
    assert done.pk != due.pk


def test_meeting_pack_seven_days_before_the_meeting(site: Site) -> None:
    meeting = Meeting.objects.create(group=site.group, held_on=dt.date(2026, 3, 17))
    plan(moment("2026-03-09"))
    assert keys(NotificationKind.MEETING_PACK) == set()
    plan(moment("2026-03-10"))
    row = Notification.objects.get(kind=NotificationKind.MEETING_PACK)
    assert row.recipient == site.frida
    assert row.context == {"meeting": meeting.pk}
    # The pack behind the link was frozen by the rule, once.
    from matching.models import MeetingPack

    assert MeetingPack.objects.filter(meeting=meeting).count() == 1
    plan(moment("2026-03-11"))
    assert MeetingPack.objects.filter(meeting=meeting).count() == 1


def test_consent_expiring_thirty_days_before(site: Site) -> None:
    """Expiring 12 January 2027: 13 December is a Sunday, so Monday 14 December."""
    plan(moment("2026-12-11"))
    assert keys(NotificationKind.CONSENT_EXPIRING) == set()
    plan(moment("2026-12-13"))
    assert keys(NotificationKind.CONSENT_EXPIRING) == set()
    plan(moment("2026-12-14"))
    assert keys(NotificationKind.CONSENT_EXPIRING) == {f"consent_expiring:c{site.consent.pk}"}


def test_no_consent_expiring_when_withdrawn(site: Site) -> None:
    site.consent.withdrawn_on = dt.date(2026, 12, 1)
    site.consent.save()
    plan(moment("2026-12-14"))
    assert keys(NotificationKind.CONSENT_EXPIRING) == set()


def test_two_missed_check_ins_in_a_row_raise_an_item_for_the_coordinator(site: Site) -> None:
    """Weeks 1 and 2 unanswered: Anne hears, and her dashboard selector lists the placement."""
    from notifications.selectors import check_ins_missed

    plan(moment("2026-03-06"))  # week 1's link
    plan(moment("2026-03-13"))  # week 2's link
    assert keys(NotificationKind.CHECK_INS_MISSED) == set()
    plan(moment("2026-03-16"))  # week 1's link expired, week 2's still open
    assert keys(NotificationKind.CHECK_INS_MISSED) == set()
    plan(moment("2026-03-19"))  # both expired unused
    assert keys(NotificationKind.CHECK_INS_MISSED) == {f"check_ins_missed:p{site.placement.pk}:w2"}
    missed = check_ins_missed(user=site.anne, now=moment("2026-03-19"))
    assert [(m.placement_id, m.week) for m in missed] == [(site.placement.pk, 2)]
    assert check_ins_missed(user=site.bo, now=moment("2026-03-19")) == []


def test_one_answered_check_in_breaks_the_row(site: Site) -> None:
    plan(moment("2026-03-06"))
    plan(moment("2026-03-13"))
    CheckInLink.objects.filter(week=2).update(used_at=moment("2026-03-13", "15:00"))
    plan(moment("2026-03-19"))
    assert keys(NotificationKind.CHECK_INS_MISSED) == set()


def test_nothing_is_planned_at_the_weekend(site: Site) -> None:
    assert plan(moment("2026-03-07")) == 0
    assert plan(moment("2026-03-08")) == 0
    assert not Notification.objects.exists()


def test_an_opted_out_reminder_is_not_planned(site: Site) -> None:
    from notifications.models import Preference

    Preference.objects.create(user=site.anne, opted_out=[NotificationKind.FOLLOW_UP_DUE])
    plan(moment("2026-03-09"))
    assert keys(NotificationKind.FOLLOW_UP_DUE) == set()


def test_the_week_in_sql_is_the_week_in_python(site: Site) -> None:
    """``placement_week_sql`` agrees with ``placement_week`` for starts on every weekday."""
    from matching.models import Placement
    from notifications.rules import placement_week, placement_week_sql

    today = dt.date(2026, 3, 20)
    for offset in range(0, 60):
        starts_on = today - dt.timedelta(days=offset)
        Placement.objects.filter(pk=site.placement.pk).update(starts_on=starts_on)
        found = (
            Placement.objects.filter(pk=site.placement.pk)
            .annotate(week=placement_week_sql(today))
            .values_list("week", flat=True)
            .get()
        )
        assert found == placement_week(starts_on, today), starts_on


def test_a_second_run_is_left_out_by_the_rules_own_queries(site: Site) -> None:
    """What a run planned, the rules' queries leave out: the keys written in SQL match."""
    from notifications import rules

    site.consent.expires_on = dt.date(2026, 4, 10)
    site.consent.save()
    for day in ("2026-03-06", "2026-03-09", "2026-03-13", "2026-03-20", "2026-03-27"):
        assert plan(moment(day)) > 0, day
        today = dt.date.fromisoformat(day)
        planned_day = rules.Day(today=today, now=moment(day))
        for rule in (
            rules.follow_up_due,
            rules.mentor_check_in,
            rules.end_plan_due,
            rules.consent_expiring,
        ):
            assert list(rule(planned_day)) == [], (day, rule.__name__)
        assert plan(moment(day, "10:00")) == 0
    assert keys(NotificationKind.END_PLAN_DUE) == {f"end_plan_due:p{site.placement.pk}"}
    assert len(keys(NotificationKind.MENTOR_CHECK_IN)) == 4


def test_a_second_run_of_the_outcome_and_retention_rules_finds_nothing(site: Site) -> None:
    """The outcome and retention-check keys written in SQL match the rules' keys too."""
    from notifications import rules

    site.placement.status = PlacementStatus.COMPLETED
    site.placement.save()
    assert plan(moment("2026-04-01")) > 0
    day = rules.Day(today=dt.date(2026, 4, 1), now=moment("2026-04-01"))
    assert list(rules.outcome_missing(day)) == []
    outcome = Outcome.objects.create(
        candidate=site.sara,
        placement=site.placement,
        kind=OutcomeKind.JOB_ON_SITE,
        started_on=dt.date(2026, 3, 30),
    )
    outcome.retention_checks.create(months=3, due_on=dt.date(2026, 6, 30))
    assert plan(moment("2026-06-30")) > 0
    day = rules.Day(today=dt.date(2026, 6, 30), now=moment("2026-06-30"))
    assert list(rules.retention_check_due(day)) == []
    assert keys(NotificationKind.RETENTION_CHECK_DUE) != set()
