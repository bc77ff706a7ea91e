from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr
from stdnum.exceptions import ValidationError as StdnumError


def validate_cvr(value: str) -> None:
    """Refuse anything but an 8-digit CVR number with a valid check digit."""
    try:
        if cvr.compact(value) != value:
            raise ValidationError(_("Write the CVR number as 8 digits without spaces."))
        cvr.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("Not a valid CVR number."), code="invalid_cvr") from exc
