"""CPR numbers: validated on input, kept only as a keyed HMAC (``cpr_lookup``).

The number itself never reaches the database, a log line or an error message;
the error below deliberately does not repeat what was typed.
"""

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

from accounts.errors import ApplicationError


def cpr_validate(number: str) -> str:
    """Return the CPR number as 10 digits, or raise without echoing the input."""
    try:
        return str(stdnum_cpr.validate(number))
    except StdnumError:
        raise ApplicationError.field("cpr", _("Not a valid CPR number.")) from None


def cpr_lookup_key(number: str) -> str:
    """Return the keyed hash that finds the same person again without storing the number."""
    digits = cpr_validate(number)
    key = settings.CPR_LOOKUP_KEY.encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def cpr_birth_date(number: str) -> date:
    return stdnum_cpr.get_birth_date(cpr_validate(number))
