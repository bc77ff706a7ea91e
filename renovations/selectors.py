"""Reads that carry a rule: who holds which role, and which projects and needs they may see."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import User
from renovations.models import FollowUpGroupMember, LabourNeed, RenovationProject


@dataclass(frozen=True)
class Roles:
    """What a user may do, derived from memberships; one user may hold several roles."""

    is_admin: bool = False
    municipality_ids: frozenset[int] = frozenset()  # coordinator (tovholder) of
    contractor_ids: frozenset[int] = frozenset()  # staff of
    area_ids: frozenset[int] = frozenset()  # housing social worker for
    group_ids: frozenset[int] = frozenset()  # follow-up group member of
    group_project_ids: frozenset[int] = frozenset()  # the projects of those groups

    @property
    def is_coordinator(self) -> bool:
        return bool(self.municipality_ids)

    @property
    def is_contractor_staff(self) -> bool:
        return bool(self.contractor_ids)

    @property
    def is_social_worker(self) -> bool:
        return bool(self.area_ids)

    @property
    def is_follow_up_member(self) -> bool:
        return bool(self.group_ids)

    def names(self) -> list[str]:
        flags = {
            "admin": self.is_admin,
            "coordinator": self.is_coordinator,
            "contractor_staff": self.is_contractor_staff,
            "social_worker": self.is_social_worker,
            "follow_up_member": self.is_follow_up_member,
        }
        return [name for name, held in flags.items() if held]


NO_ROLES = Roles()
_CACHE_ATTRIBUTE = "_byggebro_roles"


def user_roles(*, user: User | AnonymousUser) -> Roles:
    """Return the user's roles, read once per user object (so once per request)."""
    if not user.is_authenticated or not user.is_active:
        return NO_ROLES
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    assert isinstance(user, User)
    memberships = FollowUpGroupMember.objects.filter(user=user).values_list(
        "group_id", "group__project_id"
    )
    roles = Roles(
        is_admin=user.is_staff,
        municipality_ids=frozenset(user.coordinated_municipalities.values_list("id", flat=True)),
        contractor_ids=frozenset(user.contractors.values_list("id", flat=True)),
        area_ids=frozenset(user.social_work_areas.values_list("id", flat=True)),
        group_ids=frozenset(group for group, _ in memberships),
        group_project_ids=frozenset(project for _, project in memberships),
    )
    setattr(user, _CACHE_ATTRIBUTE, roles)
    return roles


def project_list(*, user: User | AnonymousUser) -> QuerySet[RenovationProject]:
    """Projects in the user's municipalities, areas, contractors' engagements or groups."""
    roles = user_roles(user=user)
    projects = RenovationProject.objects.select_related("area", "area__municipality")
    if roles.is_admin:
        return projects.all()
    return projects.filter(
        Q(area__municipality_id__in=roles.municipality_ids)
        | Q(area_id__in=roles.area_ids)
        | Q(engagements__contractor_id__in=roles.contractor_ids)
        | Q(id__in=roles.group_project_ids)
    ).distinct()


def need_list(*, user: User | AnonymousUser) -> QuerySet[LabourNeed]:
    """Needs a user may read: coordinators their municipality's, contractors their own,
    social workers their areas' projects', follow-up members their project's."""
    roles = user_roles(user=user)
    needs = LabourNeed.objects.select_related("project", "project__area", "contractor", "trade")
    if roles.is_admin:
        return needs.all()
    return needs.filter(
        Q(project__area__municipality_id__in=roles.municipality_ids)
        | Q(contractor_id__in=roles.contractor_ids)
        | Q(project__area_id__in=roles.area_ids)
        | Q(project_id__in=roles.group_project_ids)
    )


def need_get(*, user: User | AnonymousUser, need_id: int) -> LabourNeed:
    need = need_list(user=user).filter(pk=need_id).first()
    if need is None:
        raise ApplicationError(_("Labour need not found."), kind=ErrorKind.NOT_FOUND)
    return need
