from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from renovations.models import Contractor
from renovations.validators import validate_cvr


def cvr_clean(*, cvr: str, field: str = "cvr") -> str:
    """Return the CVR number as 8 digits, or raise a field error."""
    compact = "".join(ch for ch in cvr if ch.isdigit())
    try:
        validate_cvr(compact)
    except ValidationError as exc:
        raise ApplicationError.field(field, str(exc.messages[0])) from None
    return compact


@transaction.atomic
def contractor_create(*, cvr: str, name: str, email: str = "", phone: str = "") -> Contractor:
    number = cvr_clean(cvr=cvr)
    if Contractor.objects.filter(cvr=number).exists():
        raise ApplicationError(
            _("A contractor with this CVR number already exists."), kind=ErrorKind.CONFLICT
        )
    return Contractor.objects.create(cvr=number, name=name, email=email, phone=phone)
