"""The web pages' forms for labour needs: they parse input; the services hold the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renovations.models import DanishLevel, NeedKind, NeedStatus, Trade

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NeedForm(forms.Form):
    """Post or change a labour need; the project and contractor are chosen when posting."""

    engagement = forms.TypedChoiceField(label=_("Project and contractor"), coerce=str)
    trade = forms.ModelChoiceField(label=_("Trade"), queryset=Trade.objects.order_by("name_da"))
    kind = forms.ChoiceField(label=_("Kind"), choices=NeedKind.choices)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=100, initial=1)
    earliest_start = forms.DateField(label=_("Earliest start"), widget=DATE)
    latest_start = forms.DateField(label=_("Latest start"), widget=DATE)
    weeks = forms.IntegerField(
        label=_("Weeks"),
        min_value=1,
        max_value=520,
        required=False,
        help_text=_("Leave empty for the usual length (four weeks for a snusepraktik)."),
    )
    requires_driving_licence = forms.BooleanField(
        label=_("Requires a driving licence"), required=False
    )
    requires_safety_course = forms.BooleanField(label=_("Requires a safety course"), required=False)
    min_danish_level = forms.TypedChoiceField(
        label=_("Danish at least"), choices=DanishLevel.choices, coerce=int, initial=0
    )
    english_ok_accepted = forms.BooleanField(
        label=_("English instead of Danish is fine"), required=False
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=15, max_value=70)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    mentor_name = forms.CharField(label=_("Mentor's name"), required=False, max_length=200)
    mentor_email = forms.EmailField(label=_("Mentor's email"), required=False)
    mentor_phone = forms.CharField(label=_("Mentor's phone"), required=False, max_length=30)
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)

    def __init__(self, *args: Any, engagements: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if engagements is None:
            del self.fields["engagement"]
        else:
            del self.fields["status"]
            engagement = self.fields["engagement"]
            assert isinstance(engagement, forms.ChoiceField)
            engagement.choices = [
                (f"{e.project_id}-{e.contractor_id}", f"{e.project.name} – {e.contractor.name}")
                for e in engagements
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("weeks") is None:
            data.pop("weeks", None)
        return data


ACTION_ROWS = 3


class MeetingForm(forms.Form):
    """A follow-up group's meeting: its date, agenda, minutes and up to three actions."""

    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea)
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, owners: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "–"), *[(user.pk, user.full_name or user.email) for user in owners]]
        for row in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=_("Action %(row)s") % {"row": row}, required=False, max_length=2000
            )
            self.fields[f"owner_{row}"] = forms.TypedChoiceField(
                label=_("Action %(row)s: owner") % {"row": row},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"due_{row}"] = forms.DateField(
                label=_("Action %(row)s: due") % {"row": row}, required=False, widget=DATE
            )

    def actions(self) -> list[tuple[str, int | None, Any]]:
        """The filled-in action rows as (text, owner id, due date)."""
        data = self.cleaned_data
        return [
            (data[f"action_{row}"], data[f"owner_{row}"], data[f"due_{row}"])
            for row in range(1, ACTION_ROWS + 1)
            if data[f"action_{row}"].strip()
        ]
