"""The web pages' forms: they parse input; the services hold the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models import (
    BenefitGroup,
    CandidateStatus,
    ConsentRecipient,
    EndPlanKind,
    Evidence,
    FollowUpChannel,
    InterruptReason,
    OutcomeKind,
    RetentionStatus,
)
from matching.services import WeekPlan
from renovations.models import DanishLevel, HousingArea, Municipality, Trade

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CprInput(forms.TextInput):
    """A CPR number goes in and never comes back out: the field is empty on every render."""

    def format_value(self, value: Any) -> str | None:
        return None


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CandidateStatus.choices]
    )


class CprSearchForm(forms.Form):
    """Find a registered person by CPR number: posted, so the number is never in a URL."""

    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        widget=CprInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class CandidateCreateForm(forms.Form):
    """A coordinator registers a person; a housing social worker refers a resident."""

    municipality = forms.ModelChoiceField(label=_("Job centre"), queryset=Municipality.objects)
    cpr = forms.CharField(
        label=_("CPR number"),
        required=False,
        max_length=11,
        widget=CprInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("Optional. Used only to find a person already registered; never stored."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    home_area = forms.ModelChoiceField(
        label=_("Lives in housing area"), queryset=HousingArea.objects, required=False
    )
    benefit_group = forms.ChoiceField(
        label=_("Benefit group"), choices=BenefitGroup.choices, initial=BenefitGroup.OTHER
    )
    trades = forms.ModelMultipleChoiceField(
        label=_("Trade interests"),
        queryset=Trade.objects.order_by("name_da"),
        required=False,
        help_text=_("Up to three, in order of interest."),
    )
    open_to_any_trade = forms.BooleanField(label=_("Open to any trade"), required=False)
    has_driving_licence = forms.BooleanField(label=_("Has a driving licence"), required=False)
    safety_course_until = forms.DateField(
        label=_("Safety course valid until"), required=False, widget=DATE
    )
    danish_level = forms.TypedChoiceField(
        label=_("Danish"), choices=DanishLevel.choices, coerce=int, initial=DanishLevel.NONE
    )
    speaks_english = forms.BooleanField(label=_("Speaks English"), required=False)
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes (job centre only)"), required=False, widget=forms.Textarea
    )
    consent_contractors = forms.BooleanField(
        label=_("Consents to sharing with the contractors on the site"), required=False
    )
    consent_housing = forms.BooleanField(
        label=_("Consents to sharing with the housing social plan"), required=False
    )
    consent_evidence = forms.CharField(
        label=_("Where the consent is documented"), required=False, max_length=300
    )

    def __init__(self, *args: Any, social_worker_areas: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if social_worker_areas is not None:
            # A social worker refers residents of their own areas, to that area's job centre.
            home_area = self.fields["home_area"]
            assert isinstance(home_area, forms.ModelChoiceField)
            home_area.queryset = social_worker_areas
            self.fields["home_area"].required = True
            for name in ("municipality", "benefit_group", "notes", "consent_contractors"):
                del self.fields[name]
            self.fields["consent_housing"].required = True

    def clean_trades(self) -> list[Trade]:
        trades = list(self.cleaned_data["trades"])
        if len(trades) > 3:
            raise forms.ValidationError(_("Choose at most three trades."))
        return trades


class ConsentForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Shared with"), choices=ConsentRecipient.choices)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=300)


class IntroduceForm(forms.Form):
    candidate = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    override_reason = forms.CharField(
        label=_("Why this candidate"), required=False, max_length=2000
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the candidate declined?"), max_length=2000, widget=forms.Textarea
    )


class InterruptForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why did it end early?"), choices=InterruptReason.choices)


class FollowUpForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    channel = forms.ChoiceField(label=_("How"), choices=FollowUpChannel.choices)
    days_present = forms.IntegerField(label=_("Days present"), min_value=0, max_value=7)
    days_absent = forms.IntegerField(label=_("Days absent"), min_value=0, max_value=7)
    wellbeing = forms.TypedChoiceField(
        label=_("Wellbeing (1 low – 5 high)"),
        choices=[("", "–"), *[(n, str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    mentor_feedback = forms.CharField(
        label=_("Mentor's feedback"), required=False, widget=forms.Textarea
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=2000)

    def __init__(self, *args: Any, for_contractor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_contractor:
            # Notes and next steps are the job centre's; the site records attendance.
            del self.fields["notes"], self.fields["next_step"], self.fields["channel"]


class EndPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Plan after the placement"), choices=EndPlanKind.choices)
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea)
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices)
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    employer_name = forms.CharField(label=_("Employer or school"), required=False, max_length=200)
    evidence = forms.ChoiceField(
        label=_("Evidence"), choices=Evidence.choices, initial=Evidence.SELF_REPORTED
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), required=False, min_value=0, max_value=80, decimal_places=1
    )


class RetentionCheckForm(forms.Form):
    status = forms.ChoiceField(label=_("Status now"), choices=RetentionStatus.choices)
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE)
    evidence = forms.ChoiceField(
        label=_("Evidence"), choices=[("", "–"), *Evidence.choices], required=False
    )


class AllocationScopeForm(forms.Form):
    project = forms.TypedChoiceField(label=_("Project"), coerce=int, required=False)

    def __init__(self, *args: Any, projects: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        assert isinstance(project, forms.ChoiceField)
        project.choices = [
            ("", _("All my open needs")),
            *[(p.pk, p.name) for p in projects],
        ]


class CalendarForm(forms.Form):
    start = forms.DateField(label=_("From week of"), required=False, widget=DATE)


class RotationForm(forms.Form):
    """The rotation across the site's trades: a trade, a contractor and a mentor per week."""

    def __init__(self, *args: Any, weeks: int, contractors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weeks = weeks
        trades = Trade.objects.order_by("name_da")
        for week in range(1, weeks + 1):
            self.fields[f"trade_{week}"] = forms.ModelChoiceField(
                label=_("Week %(week)s: trade") % {"week": week}, queryset=trades
            )
            self.fields[f"contractor_{week}"] = forms.ModelChoiceField(
                label=_("Week %(week)s: contractor") % {"week": week}, queryset=contractors
            )
            self.fields[f"mentor_{week}"] = forms.CharField(
                label=_("Week %(week)s: mentor") % {"week": week}, required=False, max_length=200
            )

    def plans(self) -> list[WeekPlan]:
        data = self.cleaned_data
        return [
            WeekPlan(
                week=week,
                trade=data[f"trade_{week}"],
                contractor=data[f"contractor_{week}"],
                mentor_name=data[f"mentor_{week}"],
            )
            for week in range(1, self.weeks + 1)
        ]


class ReportForm(forms.Form):
    """The report's scope and period: a project (or all the user's) and a two-month block."""

    project = forms.TypedChoiceField(label=_("Project"), coerce=int, required=False)
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args: Any, projects: Any = (), periods: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        assert isinstance(project, forms.ChoiceField)
        project.choices = [("", _("All my projects")), *[(p.pk, p.name) for p in projects]]
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = [(p.start.isoformat(), str(p)) for p in periods]
