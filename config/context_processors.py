"""What every page's layout needs: the user's roles and the menu they lead to."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renovations.selectors import user_roles


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu for the user's roles; each entry is shown once, in a fixed order."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "roles": None}
    roles = user_roles(user=user)
    coordinator = roles.is_coordinator or roles.is_admin
    entries = [
        ("dashboard", _("Overview"), True),
        ("page-candidates", _("Candidates"), coordinator or roles.is_social_worker),
        ("page-needs", _("Labour needs"), coordinator or roles.is_contractor_staff),
        ("page-allocations", _("Allocation"), coordinator),
        ("page-calendar", _("Calendar"), coordinator),
        ("page-report", _("Report"), True),
        ("page-notifications", _("Notifications"), True),
    ]
    path = request.path
    nav = []
    for name, label, shown in entries:
        if not shown:
            continue
        url = reverse(name)
        current = path == url if url == "/" else path.startswith(url)
        nav.append({"url": url, "label": label, "current": current})
    return {"nav": nav, "roles": roles}
