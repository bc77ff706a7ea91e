"""The demo is realistic and idempotent: a second run creates nothing."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from matching.models import Candidate, Placement, PlacementStatus
from renovations.models import LabourNeed, NeedStatus


def _counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in {"accounts", "renovations", "matching"}:
            counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_rows_and_covers_every_state() -> None:
    first_output = StringIO()
    call_command("seed_demo", stdout=first_output)
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first

    assert Candidate.objects.count() >= 60
    assert LabourNeed.objects.count() >= 15
    assert set(LabourNeed.objects.values_list("status", flat=True)) == set(NeedStatus.values)
    assert set(Placement.objects.values_list("status", flat=True)) == set(PlacementStatus.values)
    assert Candidate.objects.filter(home_area__projects__isnull=False).exists()
    assert Candidate.objects.filter(home_area__isnull=True).exists()
    assert first["matching.RetentionCheck"] > 0 and first["renovations.Meeting"] >= 1

    printed = first_output.getvalue()
    for email in ("admin@byggebro.dk", "tovholder@odense.dk", "boligsocial@civica.dk"):
        assert email in printed
        assert User.objects.filter(email=email).exists()
    # Logins, yes; CPR numbers, never.
    assert not re.search(r"\b\d{6}-?\d{4}\b", printed)
