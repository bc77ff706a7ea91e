"""Every model has a working admin page, and the candidate form never keeps a CPR number."""

import pytest
from django.contrib import admin
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from matching.cpr import cpr_lookup_key
from matching.models import Candidate
from tests.accounts.factories import UserFactory
from tests.matching.factories import PlacementFactory
from tests.renovations.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_every_registered_model_has_a_list_and_an_add_page(admin_client: Client) -> None:
    PlacementFactory.create()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url
        add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        expected = 200 if model_admin.has_add_permission(_request(admin_client)) else 403
        assert admin_client.get(add_url).status_code == expected, add_url


def _request(client: Client) -> HttpRequest:
    return client.get(reverse("admin:index")).wsgi_request


def test_the_admin_speaks_danish(admin_client: Client) -> None:
    with translation.override("da"):
        assert str(Candidate._meta.verbose_name_plural) == "kandidater"
    body = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Kandidater" in body


CPR = "1203851234"


def _candidate_form(municipality_id: int, cpr: str) -> dict[str, object]:
    return {
        "first_name": "Sara",
        "last_name": "Ali",
        "municipality": municipality_id,
        "benefit_group": "kontanthjaelp",
        "referral_source": "jobcenter",
        "referred_on": "2026-01-12",
        "danish_level": 2,
        "status": "active",
        "cpr": cpr,
        "trade_interests-TOTAL_FORMS": 0,
        "trade_interests-INITIAL_FORMS": 0,
        "consents-TOTAL_FORMS": 0,
        "consents-INITIAL_FORMS": 0,
    }


def test_candidate_added_by_cpr_keeps_only_the_lookup(admin_client: Client) -> None:
    municipality = MunicipalityFactory.create(code="461")
    url = reverse("admin:matching_candidate_add")
    response = admin_client.post(url, _candidate_form(municipality.pk, CPR))
    assert response.status_code == 302, response.content.decode()[:2000]
    candidate = Candidate.objects.get()
    assert candidate.cpr_lookup == cpr_lookup_key(CPR)
    change = admin_client.get(reverse("admin:matching_candidate_change", args=[candidate.pk]))
    assert CPR not in change.content.decode()
    assert candidate.cpr_lookup not in change.content.decode()


def test_a_bad_cpr_number_is_a_form_error_that_does_not_repeat_it(admin_client: Client) -> None:
    municipality = MunicipalityFactory.create(code="461")
    response = admin_client.post(
        reverse("admin:matching_candidate_add"), _candidate_form(municipality.pk, "3213851234")
    )
    assert response.status_code == 200
    assert "3213851234" not in response.content.decode()
    assert Candidate.objects.count() == 0


def test_the_candidate_list_in_the_admin_audits_each_row(admin_client: Client) -> None:
    from accounts.models import AuditAction, AuditEvent
    from tests.matching.factories import CandidateFactory

    people = [CandidateFactory.create(first_name=f"Person{n}") for n in range(3)]
    shown = {person.pk for person in people}
    admin_client.get(reverse("admin:matching_candidate_changelist"))
    events = AuditEvent.objects.filter(action=AuditAction.LIST, object_type="candidate")
    assert set(events.values_list("candidate_id", flat=True)) == shown
    admin_client.get(reverse("admin:matching_candidate_changelist"), {"q": "Person1"})
    search = AuditEvent.objects.filter(action=AuditAction.SEARCH)
    assert [(e.candidate_id, e.purpose) for e in search] == [(people[1].pk, "search: Person1")]


def test_every_admin_page_that_names_a_candidate_audits_the_read(admin_client: Client) -> None:
    from accounts.models import AuditAction, AuditEvent
    from matching.models import FollowUp, Outcome, OutcomeKind

    placement = PlacementFactory.create()
    candidate = placement.candidate
    FollowUp.objects.create(placement=placement, held_on=placement.starts_on, channel="phone")
    placement.weeks.create(week=1, trade=placement.need.trade, contractor=placement.need.contractor)
    outcome = Outcome.objects.create(
        candidate=candidate, kind=OutcomeKind.EDUCATION, started_on=placement.ends_on
    )
    outcome.retention_checks.create(months=3, due_on=placement.ends_on)
    for name in ("placement", "placementweek", "followup", "outcome", "retentioncheck"):
        before = AuditEvent.objects.filter(candidate_id=candidate.pk).count()
        admin_client.get(reverse(f"admin:matching_{name}_changelist"))
        listed = AuditEvent.objects.filter(candidate_id=candidate.pk, action=AuditAction.LIST)
        assert listed.filter(object_type=name).exists(), name
        model = {"placement": placement}.get(name)
        if model is not None:
            admin_client.get(reverse(f"admin:matching_{name}_change", args=[model.pk]))
            assert AuditEvent.objects.filter(
                candidate_id=candidate.pk, action=AuditAction.VIEW, object_type=name
            ).exists()
        assert AuditEvent.objects.filter(candidate_id=candidate.pk).count() > before
