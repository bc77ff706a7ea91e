"""The web pages per role: what each person sees, what is audited, and bad input.

The authorization matrix (tests/web/policy.py) covers who may open each page; these
tests cover what the pages show and do. Personas as in tests/personas.py.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, User
from matching.cpr import cpr_lookup_key
from matching.models import Candidate, Placement, PlacementStatus
from matching.services.meeting_packs import meeting_pack_freeze
from notifications.models import (
    CheckInLink,
    DeliveryEvent,
    Notification,
    NotificationKind,
    NotificationStatus,
)
from renovations import workdays
from renovations.models import Meeting
from tests.matching.factories import ConsentFactory
from tests.personas import World
from tests.renovations.factories import trade

pytestmark = pytest.mark.django_db


def _events(user: User, action: str) -> list[int | None]:
    return list(
        AuditEvent.objects.filter(actor=user, action=action)
        .order_by("id")
        .values_list("candidate_id", flat=True)
    )


def test_the_candidate_list_audits_each_row_and_a_search_its_criterion(
    client: Client, world: World
) -> None:
    """Every name on the list is a read of that person; a search is kept with its words."""
    client.force_login(world.anne)
    page = client.get(reverse("page-candidates")).content.decode()
    assert "Sara Hansen" in page and "Lars" not in page  # Lars is Svendborg's
    listed = set(_events(world.anne, AuditAction.LIST))
    assert listed == {world.sara.pk, world.omar.pk, world.nina.pk}
    client.get(reverse("page-candidates"), {"q": "Omar"})
    searched = AuditEvent.objects.get(actor=world.anne, action=AuditAction.SEARCH)
    assert (searched.candidate_id, searched.purpose) == (world.omar.pk, "search: Omar")


def test_the_candidate_page_is_audited_as_a_view_and_shows_consents(
    client: Client, world: World
) -> None:
    client.force_login(world.anne)
    page = client.get(reverse("page-candidate", args=[world.sara.pk])).content.decode()
    assert _events(world.anne, AuditAction.VIEW) == [world.sara.pk]
    assert "Fortrolig note" in page  # the job centre's own notes
    assert "entreprenørerne på byggepladsen" in page or "entreprenører på byggepladsen" in page


def test_a_contractor_sees_an_introduced_candidate_by_first_name_only(
    client: Client, world: World
) -> None:
    """Bo sees Sara as "Sara H.": never her last name, notes, email or birth date."""
    client.force_login(world.bo)
    page = client.get(reverse("page-candidate", args=[world.sara.pk])).content.decode()
    assert "Sara H." in page
    for secret in ("Hansen", "Fortrolig note", "sara@example.com", "ydelse"):
        assert secret not in page
    assert _events(world.bo, AuditAction.VIEW) == [world.sara.pk]
    placement = world.sara.placements.get()
    page = client.get(reverse("page-placement", args=[placement.pk])).content.decode()
    assert "Sara H." in page and "Hansen" not in page
    assert "Tag imod kandidaten" in page and "Træk præsentationen tilbage" not in page


def test_a_social_worker_sees_her_referral_status_only(client: Client, world: World) -> None:
    client.force_login(world.dorte)
    overview = client.get(reverse("dashboard")).content.decode()
    assert "Sara Hansen" in overview and "Dine henvisninger" in overview
    page = client.get(reverse("page-candidate", args=[world.sara.pk])).content.decode()
    assert "Fortrolig note" not in page and "sara@example.com" not in page


def test_the_dashboard_audits_every_placement_it_names(client: Client, world: World) -> None:
    client.force_login(world.bo)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Sara H." in page  # waiting for Bo's answer
    assert "Nina" not in page  # her consent is withdrawn
    assert _events(world.bo, AuditAction.LIST) == [world.sara.pk]


def test_suggestions_are_audited_and_one_click_introduces_over_htmx(
    client: Client, world: World
) -> None:
    """Omar, given a consent, is suggested for the other contractor's need; the htmx
    request gets a fragment back, and the introduction is a proposed placement."""
    today = timezone.localdate()
    ConsentFactory.create(
        candidate=world.omar,
        given_on=today - dt.timedelta(days=1),
        expires_on=today + dt.timedelta(days=200),
    )
    client.force_login(world.anne)
    need = world.other_need
    page = client.get(reverse("page-need", args=[need.pk])).content.decode()
    assert f'id="suggestion-{world.omar.pk}"' in page
    assert AuditEvent.objects.filter(
        actor=world.anne, candidate_id=world.omar.pk, purpose=f"suggestions for need {need.pk}"
    ).exists()
    answer = client.post(
        reverse("page-need-introduce", args=[need.pk]),
        {"candidate": world.omar.pk},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert "<html" not in answer.content.decode() and "Præsenteret." in answer.content.decode()
    placement = Placement.objects.get(need=need, candidate=world.omar)
    assert placement.status == PlacementStatus.PROPOSED
    assert placement.starts_on >= today and workdays.is_working_day(placement.starts_on)
    again = client.post(
        reverse("page-need-introduce", args=[need.pk]),
        {"candidate": world.omar.pk},
        HTTP_HX_REQUEST="true",
    )
    assert again.status_code == 200 and 'role="alert"' in again.content.decode()


def test_bo_accepts_and_then_cannot_accept_twice(client: Client, world: World) -> None:
    placement = world.sara.placements.get()
    client.force_login(world.bo)
    url = reverse("page-placement-action", args=[placement.pk, "accept"])
    assert client.post(url).status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACCEPTED
    page = client.post(url, follow=True).content.decode()
    assert "kan ikke" in page  # the service's conflict, shown as a message


def test_a_decline_needs_a_reason(client: Client, world: World) -> None:
    placement = world.sara.placements.get()
    client.force_login(world.bo)
    url = reverse("page-placement-action", args=[placement.pk, "decline"])
    client.post(url, {"reason": ""})
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PROPOSED
    client.post(url, {"reason": "Ingen plads i holdet lige nu"})
    placement.refresh_from_db()
    assert (placement.status, placement.decline_reason) == (
        PlacementStatus.DECLINED,
        "Ingen plads i holdet lige nu",
    )


def test_a_cpr_number_is_never_shown_back_nor_stored(client: Client, world: World) -> None:
    client.force_login(world.anne)
    form = {"municipality": world.odense.pk, "cpr": "0101901234", "first_name": "Ali"}
    page = client.post(reverse("page-candidate-new"), form).content.decode()
    assert "0101901234" not in page and "Ret venligst følgende" in page
    form["last_name"] = "Khan"
    form["benefit_group"] = "other"
    form["danish_level"] = "0"
    answer = client.post(reverse("page-candidate-new"), form)
    assert answer.status_code == 302
    ali = Candidate.objects.get(first_name="Ali")
    assert ali.cpr_lookup and "0101901234" not in ali.cpr_lookup
    page = client.get(answer["Location"]).content.decode()
    assert "0101901234" not in page and "registreret (vises ikke)" in page
    again = client.post(reverse("page-candidate-new"), form).content.decode()
    assert "allerede registreret" in again


def test_the_allocation_proposal_is_confirmed_into_proposals(client: Client, world: World) -> None:
    today = timezone.localdate()
    ConsentFactory.create(
        candidate=world.omar,
        given_on=today - dt.timedelta(days=1),
        expires_on=today + dt.timedelta(days=200),
    )
    client.force_login(world.anne)
    page = client.post(reverse("page-allocations"), {"project": "", "propose": "1"})
    assert 'name="row"' in page.content.decode()
    rows = page.context["rows"]
    omar = next(r for r in rows if r["candidate"].pk == world.omar.pk)
    answer = client.post(
        reverse("page-allocations"),
        {
            "confirm": "1",
            "row": [str(omar["index"])],
            f"need-{omar['index']}": str(omar["need"].pk),
            f"candidate-{omar['index']}": str(world.omar.pk),
        },
    )
    assert answer.status_code == 302
    assert Placement.objects.filter(candidate=world.omar, status=PlacementStatus.PROPOSED).exists()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("page-candidates", {"page": "abc", "status": "nonsense", "q": "x" * 500}),
        ("page-candidates", {"page": "99999999999999999999"}),
        ("page-needs", {"status": "<script>"}),
        ("page-calendar", {"start": "not-a-date"}),
        ("page-notifications", {"page": "-1"}),
        ("page-allocations", {"project": "abc"}),
    ],
)
def test_bad_input_is_never_a_server_error(
    client: Client, world: World, name: str, params: dict[str, str]
) -> None:
    client.force_login(world.anne)
    assert client.get(reverse(name), params).status_code == 200


def test_bad_posts_are_never_a_server_error(client: Client, world: World) -> None:
    client.force_login(world.anne)
    placement = world.sara.placements.get()
    assert client.post(f"/placements/{placement.pk}/explode/").status_code == 404
    assert client.post(f"/placements/{'9' * 18}/accept/").status_code == 404
    introduce = reverse("page-need-introduce", args=[world.need.pk])
    assert client.post(introduce, {"candidate": "9" * 30}).status_code == 302
    assert client.post(introduce, {"candidate": str(2**62 - 1)}).status_code == 404
    follow_up = reverse("page-placement-action", args=[placement.pk, "follow-up"])
    assert client.post(follow_up, {"held_on": "yesterday", "days_present": "-3"}).status_code == 302
    confirm = {"confirm": "1", "row": ["0", "x"], "need-0": "abc", "candidate-0": "1"}
    assert client.post(reverse("page-allocations"), confirm).status_code == 200


def test_english_is_complete_after_the_switch(client: Client, world: World) -> None:
    client.force_login(world.anne)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("dashboard")).content.decode()
    assert "Needs attention today" in page and "Kræver handling" not in page
    assert '<html lang="en">' in page


def test_the_coordinator_plans_the_rotation_across_trades(client: Client, world: World) -> None:
    """Weeks 3 and 4 with the other contractor on the site, as a carpenter."""
    placement = world.sara.placements.get()
    murer, toemrer = world.need.trade, trade("toemrer")
    form = {}
    for week in range(1, world.need.weeks + 1):
        late = week > 2
        form[f"trade_{week}"] = str((toemrer if late else murer).pk)
        form[f"contractor_{week}"] = str((world.other_contractor if late else world.murer).pk)
        form[f"mentor_{week}"] = "Kim" if late else "Jens"
    client.force_login(world.anne)
    client.post(reverse("page-placement-action", args=[placement.pk, "rotation"]), form)
    weeks = list(placement.weeks.order_by("week").values_list("trade__code", "mentor_name"))
    assert weeks == [("murer", "Jens"), ("murer", "Jens"), ("toemrer", "Kim"), ("toemrer", "Kim")]
    client.force_login(world.bo)
    assert (
        client.post(
            reverse("page-placement-action", args=[placement.pk, "rotation"]), form
        ).status_code
        == 403
    )
    assert placement.weeks.filter(mentor_name="Kim").count() == 2


def test_the_overview_shows_bounced_emails_and_missed_check_ins(
    client: Client, world: World
) -> None:
    """Anne coordinates Sara's running placement: the mentor's address bounced, and the
    mentor let two weekly check-in links expire unused."""
    now = timezone.now()
    placement = world.sara.placements.get()
    Placement.objects.filter(pk=placement.pk).update(
        status=PlacementStatus.ACTIVE, coordinator=world.anne
    )
    for week in (1, 2):
        CheckInLink.objects.create(
            placement=placement,
            week=week,
            mentor_email="jens@entreprenoer.dk",
            expires_at=now - dt.timedelta(days=8 - week),
        )
    Notification.objects.create(
        kind=NotificationKind.MENTOR_CHECK_IN,
        recipient_email="jens@entreprenoer.dk",
        idempotency_key="test-bounce",
        placement=placement,
        status=NotificationStatus.SENT,
        event=DeliveryEvent.BOUNCED,
        event_at=now - dt.timedelta(hours=2),
    )
    client.force_login(world.anne)
    page = client.get(reverse("dashboard")).content.decode()
    assert "jens@entreprenoer.dk" in page
    assert "mentoren har ikke svaret på ugetjekket i uge 1 og 2" in page
    assert world.sara.pk in _events(world.anne, AuditAction.LIST)
    client.force_login(world.carl)
    page = client.get(reverse("dashboard")).content.decode()
    assert "jens@entreprenoer.dk" not in page and "Sara" not in page


def test_the_report_page_suppresses_small_counts_for_the_follow_up_group(
    client: Client, world: World
) -> None:
    """Anne sees every count; Frida (follow-up group) sees the same report under
    disclosure control; Carl cannot open Anne's project."""
    client.force_login(world.anne)
    full = client.get(reverse("page-report"), {"project": world.project.pk})
    assert full.status_code == 200
    assert "≤3" not in full.content.decode()
    assert full.context["report"].scope.kind == "project"
    client.force_login(world.frida)
    member = client.get(reverse("page-report"), {"project": world.project.pk})
    assert member.context["report"].suppressed
    assert "For at beskytte" in member.content.decode()
    client.force_login(world.carl)
    assert client.get(reverse("page-report"), {"project": world.project.pk}).status_code == 200
    assert (
        client.get(reverse("page-report"), {"project": world.project.pk})
        .context["report"]
        .scope.kind
        == "all"
    )


def test_the_coordinator_records_a_meeting_with_its_actions(client: Client, world: World) -> None:
    group = world.project.follow_up_groups.get()
    held_on = timezone.localdate()
    client.force_login(world.anne)
    url = reverse("page-meeting-new", args=[group.pk])
    form = {
        "held_on": held_on.isoformat(),
        "minutes": "Status gennemgået.",
        "action_1": "Skaffe tre lærepladser",
        "owner_1": str(world.frida.pk),
        "due_1": (held_on + dt.timedelta(days=30)).isoformat(),
        "action_2": "Tjekke mentorordningen",
        "owner_2": str(world.bo.pk),  # not in the group: refused by the service
    }
    page = client.post(url, form).content.decode()
    assert "Ret venligst følgende" in page and not group.meetings.exists()
    form["owner_2"] = ""
    assert client.post(url, form).status_code == 302
    meeting = group.meetings.get()
    items = list(meeting.action_items.order_by("id").values_list("text", "owner_id"))
    assert items == [("Skaffe tre lærepladser", world.frida.pk), ("Tjekke mentorordningen", None)]
    client.force_login(world.frida)
    overview = client.get(reverse("dashboard")).content.decode()
    assert "Skaffe tre lærepladser" in overview and url not in overview


def test_the_coordinators_overview_lists_what_is_due_today(client: Client, world: World) -> None:
    """Sara's placement runs and ends in three days: no follow-up this week, no end plan.
    Nina's ended last week without an outcome. Both show; Carl sees neither."""
    today = timezone.localdate()
    sara = world.sara.placements.get()
    Placement.objects.filter(pk=sara.pk).update(
        status=PlacementStatus.ACTIVE,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=3),
    )
    Placement.objects.filter(candidate=world.nina).update(
        status=PlacementStatus.COMPLETED,
        starts_on=today - dt.timedelta(days=40),
        ends_on=today - dt.timedelta(days=7),
    )
    client.force_login(world.anne)
    context = client.get(reverse("dashboard")).context
    ids = {
        name: [row["id"] for row in context[name]]
        for name in ("follow_ups_due", "end_plans_missing", "outcomes_missing", "ending")
    }
    nina = world.nina.placements.get().pk
    assert ids == {
        "follow_ups_due": [sara.pk],
        "end_plans_missing": [sara.pk],
        "outcomes_missing": [nina],
        "ending": [sara.pk],
    }
    client.force_login(world.carl)
    context = client.get(reverse("dashboard")).context
    assert context["follow_ups_due"] == context["outcomes_missing"] == []


def test_a_coordinator_finds_a_person_by_cpr_number_by_post_only(
    client: Client, world: World
) -> None:
    """The number goes in a POST body, never a URL; the audit says how, not the number."""
    Candidate.objects.filter(pk=world.omar.pk).update(cpr_lookup=cpr_lookup_key("0101901234"))
    client.force_login(world.anne)
    found = client.post(reverse("page-candidates"), {"cpr": "010190-1234"})
    assert found["Location"] == reverse("page-candidate", args=[world.omar.pk])
    event = AuditEvent.objects.get(actor=world.anne, purpose="search by CPR number")
    assert event.candidate_id == world.omar.pk
    assert not AuditEvent.objects.filter(purpose__contains="0101").exists()
    missing = client.post(reverse("page-candidates"), {"cpr": "0202902345"}).content.decode()
    assert "Ingen med dette CPR-nummer" in missing and "0202902345" not in missing
    client.force_login(world.carl)  # Svendborg: Omar is not his
    other = client.post(reverse("page-candidates"), {"cpr": "0101901234"})
    assert other.status_code == 200 and "Ingen med dette CPR-nummer" in other.content.decode()


def test_the_meeting_pack_shows_the_frozen_report_stalled_items_and_actions(
    client: Client, world: World
) -> None:
    group = world.project.follow_up_groups.get()
    today = timezone.localdate()
    last = Meeting.objects.create(group=group, held_on=today - dt.timedelta(days=50))
    last.action_items.create(text="Skaffe tre lærepladser", owner=world.frida)
    coming = Meeting.objects.create(group=group, held_on=today + dt.timedelta(days=6))
    meeting_pack_freeze(meeting=coming, now=timezone.now())
    client.force_login(world.frida)
    overview = client.get(reverse("dashboard")).content.decode()
    url = reverse("page-meeting-pack", args=[coming.pk])
    assert url in overview
    page = client.get(url).content.decode()
    assert "Skaffe tre lærepladser" in page and "Frida" in page
    assert "Hvad sidder fast" in page
    assert client.get(reverse("page-meeting-pack", args=[last.pk])).status_code == 404
    client.force_login(world.bo)
    assert client.get(url).status_code == 404
