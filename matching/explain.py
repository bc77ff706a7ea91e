"""The algorithm's reasons and rules as sentences, in the reader's language."""

from functools import lru_cache

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from matching.algorithm import HardRule, Reason, ReasonCode


def reason_text(reason: Reason, language: str | None = None) -> str:
    """The reason as a sentence in ``language``, by default the active one (which
    callers explaining thousands of reasons look up once and pass)."""
    return _reason_text(language or get_language(), reason.code, reason.detail or 0)


@lru_cache(maxsize=4096)
def _reason_text(language: str | None, code: ReasonCode, detail: int) -> str:
    # One sentence per language, code and number: an allocation explains thousands of
    # pairs with a few dozen different sentences.
    if code == ReasonCode.TRADE_RANK:
        return _("Trade interest no. %(rank)s") % {"rank": detail}
    if code == ReasonCode.OPEN_TO_ANY_TRADE:
        return _("Open to any trade")
    if code == ReasonCode.LOCAL_RESIDENT:
        return _("Lives in the area being renovated")
    if code == ReasonCode.LISTED_AREA_RESIDENT:
        return _("Lives in another listed housing area")
    if code == ReasonCode.WAITING:
        return ngettext(
            "Referred %(months)s month ago", "Referred %(months)s months ago", detail
        ) % {"months": detail}
    if code == ReasonCode.FIRST_PLACEMENT:
        return _("No placement yet")
    if code == ReasonCode.NO_SHOWS:
        return ngettext("%(count)s earlier no-show", "%(count)s earlier no-shows", detail) % {
            "count": detail
        }
    raise ValueError(code)


def rule_text(rule: HardRule) -> str:
    texts = {
        HardRule.OTHER_MUNICIPALITY: _("Registered at another job centre"),
        HardRule.INACTIVE: _("Not active"),
        HardRule.NO_CONSENT: _("No valid consent to share data with contractors"),
        HardRule.NOT_AVAILABLE: _("Not available by the latest start"),
        HardRule.BUSY: _("Has another placement in the period"),
        HardRule.DRIVING_LICENCE: _("No driving licence"),
        HardRule.SAFETY_COURSE: _("No valid safety course at the start"),
        HardRule.DANISH: _("Danish below the level asked for"),
        HardRule.AGE: _("Below the minimum age, or the age is not known"),
        HardRule.DECLINED: _("Already declined for this need"),
    }
    return texts[rule]
