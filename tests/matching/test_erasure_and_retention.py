"""Erasure deletes personal data for real; the statistics for past periods stay the same."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from accounts.services import audit_event_create, audit_events_purge
from matching.cpr import cpr_lookup_key
from matching.models import Candidate, FollowUp, FollowUpChannel, Outcome, OutcomeKind, Placement
from matching.services import candidate_create, candidates_anonymise_inactive
from matching.tasks import candidates_anonymise_inactive_task
from tests.personas import World

CPR = "0703921234"


def _row(table: str, pk: int) -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        columns = [column[0] for column in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def _statistics() -> list[tuple[object, ...]]:
    return list(
        Placement.objects.order_by("id").values_list(
            "id", "need_id", "status", "starts_on", "ends_on"
        )
    ) + list(Outcome.objects.order_by("id").values_list("id", "kind", "started_on"))


def test_erasure_removes_personal_data_and_keeps_the_statistics(
    client: Client, world: World
) -> None:
    sara = world.sara
    Candidate.objects.filter(pk=sara.pk).update(cpr_lookup=cpr_lookup_key(CPR))
    placement = sara.placements.get()
    FollowUp.objects.create(
        placement=placement,
        held_on=placement.starts_on,
        channel=FollowUpChannel.ON_SITE,
        notes="Fortalte om sin sygdom",
        wellbeing=2,
        days_present=4,
        days_absent=1,
    )
    Outcome.objects.create(
        candidate=sara,
        placement=placement,
        kind=OutcomeKind.JOB_ON_SITE,
        started_on=placement.ends_on,
        employer_name="Mesterens søster",
    )
    before = _statistics()

    client.force_login(world.anne)
    response = client.post(reverse("candidate-erase", args=[sara.pk]), {"reason": "Anmodning"})
    assert response.status_code == 200
    assert response.json()["consents_deleted"] == 2

    row = _row("matching_candidate", sara.pk)
    for column in ("first_name", "last_name", "email", "phone", "notes"):
        assert row[column] == ""
    assert row["cpr_lookup"] is None and row["birth_date"] is None
    assert row["anonymised_on"] is not None
    assert row["municipality_id"] == world.odense.pk and row["home_area_id"] == world.area.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM matching_consent WHERE candidate_id = %s", [sara.pk])
        assert cursor.fetchone() == (0,)
        cursor.execute("SELECT notes, wellbeing FROM matching_followup")
        assert cursor.fetchall() == [("", None)]
        cursor.execute("SELECT employer_name FROM matching_outcome")
        assert cursor.fetchall() == [("",)]
    assert _statistics() == before
    # Erased means gone for every reader, and erasing again is a conflict.
    assert client.get(reverse("candidate", args=[sara.pk])).status_code == 404
    assert (
        client.post(reverse("candidate-erase", args=[sara.pk]), {"reason": "igen"}).status_code
        == 404
    )
    assert AuditEvent.objects.filter(candidate_id=sara.pk, action=AuditAction.DELETE).exists()


@pytest.mark.django_db
def test_the_retention_job_anonymises_only_the_inactive(world: World) -> None:
    with time_machine.travel(dt.datetime(2023, 1, 10, 12, tzinfo=dt.UTC)):
        old = candidate_create(
            by=None,
            municipality=world.odense,
            first_name="Gammel",
            last_name="Sag",
            referred_on=dt.date(2023, 1, 10),
        )
        waiting = candidate_create(
            by=None,
            municipality=world.odense,
            first_name="Venter",
            last_name="Tjek",
            referred_on=dt.date(2023, 1, 10),
        )
    # Still awaiting a 12-month check due in 2025: not inactive.
    outcome = Outcome.objects.create(
        candidate=waiting, kind=OutcomeKind.JOB_ELSEWHERE, started_on=dt.date(2024, 6, 1)
    )
    outcome.retention_checks.create(months=12, due_on=dt.date(2025, 6, 1))

    assert candidates_anonymise_inactive(today=dt.date(2025, 3, 1)) == 1
    assert Candidate.objects.get(pk=old.pk).anonymised_on == dt.date(2025, 3, 1)
    assert Candidate.objects.get(pk=waiting.pk).first_name == "Venter"
    # The people of today are untouched, and a second run finds nothing new.
    assert candidates_anonymise_inactive(today=dt.date(2025, 3, 1)) == 0
    assert Candidate.objects.get(pk=world.sara.pk).first_name == "Sara"


@pytest.mark.django_db
def test_the_retention_task_runs_the_job_for_today(world: World) -> None:
    with time_machine.travel(dt.datetime(2020, 1, 6, 12, tzinfo=dt.UTC)):
        candidate_create(
            by=None,
            municipality=world.odense,
            first_name="Gammel",
            last_name="Sag",
            referred_on=dt.date(2020, 1, 6),
        )
    assert candidates_anonymise_inactive_task() == 1


@pytest.mark.django_db
def test_old_audit_events_are_purged_and_nothing_else(world: World) -> None:
    with time_machine.travel(dt.datetime(2020, 1, 6, 12, tzinfo=dt.UTC)):
        audit_event_create(actor=world.anne, action=AuditAction.VIEW, object_type="candidate")
    audit_event_create(actor=world.anne, action=AuditAction.VIEW, object_type="candidate")
    assert audit_events_purge(older_than=dt.datetime(2021, 1, 1, tzinfo=dt.UTC)) == 1
    assert AuditEvent.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_refuses_to_change_or_delete_audit_events_in_sql(world: World) -> None:
    """Not even raw SQL from the app's own role can rewrite the log."""
    from django.db import transaction
    from django.db.utils import DatabaseError

    event = audit_event_create(actor=world.anne, action=AuditAction.VIEW, object_type="x")
    table = AuditEvent._meta.db_table
    for statement in (
        f"UPDATE {table} SET purpose = 'forged' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""


@pytest.mark.django_db
def test_a_fresh_consent_keeps_an_old_referral_from_being_anonymised(world: World) -> None:
    """Referred 25 months ago, but consented again last week: still in the case."""
    from tests.matching.factories import ConsentFactory

    with time_machine.travel(dt.datetime(2023, 1, 10, 12, tzinfo=dt.UTC)):
        renewed = candidate_create(
            by=None,
            municipality=world.odense,
            first_name="Fornyet",
            last_name="Samtykke",
            referred_on=dt.date(2023, 1, 10),
        )
    ConsentFactory.create(
        candidate=renewed, given_on=dt.date(2025, 2, 20), expires_on=dt.date(2026, 2, 20)
    )
    assert candidates_anonymise_inactive(today=dt.date(2025, 3, 1)) == 0
    assert Candidate.objects.get(pk=renewed.pk).first_name == "Fornyet"
