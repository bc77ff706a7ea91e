"""The algorithm's reasons and rules as sentences, in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matching.algorithm import HardRule, Reason, ReasonCode


def reason_text(reason: Reason) -> str:
    detail = reason.detail or 0
    texts = {
        ReasonCode.TRADE_RANK: _("Trade interest no. %(rank)s") % {"rank": detail},
        ReasonCode.OPEN_TO_ANY_TRADE: _("Open to any trade"),
        ReasonCode.LOCAL_RESIDENT: _("Lives in the area being renovated"),
        ReasonCode.LISTED_AREA_RESIDENT: _("Lives in another listed housing area"),
        ReasonCode.WAITING: ngettext(
            "Referred %(months)s month ago", "Referred %(months)s months ago", detail
        )
        % {"months": detail},
        ReasonCode.FIRST_PLACEMENT: _("No placement yet"),
        ReasonCode.NO_SHOWS: ngettext(
            "%(count)s earlier no-show", "%(count)s earlier no-shows", detail
        )
        % {"count": detail},
    }
    return texts[reason.code]


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
