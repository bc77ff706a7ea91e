"""The site mentor's weekly check-in: one page from a signed link, no account, no JavaScript."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.errors import ApplicationError, ErrorKind
from notifications.email import check_in_link_id
from notifications.services import CheckIn, check_in_link_usable, check_in_submit

WELLBEING = [(str(n), str(n)) for n in range(1, 6)]


class CheckInForm(forms.Form):
    days_present = forms.IntegerField(
        label=_("Days on the site this week"), min_value=0, max_value=7
    )
    days_absent = forms.IntegerField(label=_("Days absent this week"), min_value=0, max_value=7)
    wellbeing = forms.TypedChoiceField(
        label=_("How did the week go? (1 = badly, 5 = very well)"),
        choices=WELLBEING,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    assessment = forms.CharField(
        label=_("Short assessment"),
        help_text=_("What went well, what to work on. No health or private matters."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        present, absent = data.get("days_present"), data.get("days_absent")
        if isinstance(present, int) and isinstance(absent, int) and present + absent > 7:
            raise forms.ValidationError(_("A week has at most seven days."))
        return data


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()
    link_id = check_in_link_id(token)
    try:
        link = check_in_link_usable(link_id=link_id, now=now)
    except ApplicationError as error:
        raise Http404(error.message) from error
    context = {
        "first_name": link.placement.candidate.first_name,
        "week": link.week,
        "done": link.used_at is not None,
    }
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and not context["done"] and form.is_valid():
        data = form.cleaned_data
        try:
            check_in_submit(
                link_id=link.pk,
                now=now,
                check_in=CheckIn(
                    days_present=data["days_present"],
                    days_absent=data["days_absent"],
                    wellbeing=data["wellbeing"],
                    assessment=data["assessment"],
                ),
            )
        except ApplicationError as error:
            if error.kind == ErrorKind.NOT_FOUND:
                raise Http404(error.message) from error
            form.add_error(None, error.message)
        else:
            context["done"] = True
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "notifications/check_in.html", {**context, "form": form}, status=status)
