"""Users log in with their email; the audit log can only grow."""

import pytest
from django.contrib.auth import authenticate

from accounts.models import AuditAction, AuditEvent, User
from accounts.services import audit_event_create, user_create

pytestmark = pytest.mark.django_db


def test_user_logs_in_with_email_in_any_case() -> None:
    user_create(email="Anne@Odense.DK", full_name="Anne Tovholder", password="korrekt-hest-42")
    assert User.objects.get().email == "anne@odense.dk"
    assert authenticate(username="anne@odense.dk", password="korrekt-hest-42") is not None
    assert authenticate(username="anne@odense.dk", password="forkert") is None
    assert authenticate(username="ANNE@odense.dk", password="korrekt-hest-42") is not None


def test_audit_events_cannot_be_changed_or_deleted() -> None:
    event = audit_event_create(
        actor=None, action=AuditAction.VIEW, object_type="candidate", object_id=7, candidate_id=7
    )
    event.purpose = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().purpose == ""
