"""Reads that carry a rule: who holds which role, and which projects and needs they may see."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import User
from renovations.models import (
    ActionItem,
    Contractor,
    FollowUpGroup,
    FollowUpGroupMember,
    HousingArea,
    LabourNeed,
    Meeting,
    Municipality,
    ProjectContractor,
    RenovationProject,
    Trade,
)


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
    found: dict[str, set[int]] = {"m": set(), "c": set(), "a": set(), "g": set(), "p": set()}
    for kind, first, second in _memberships(user):
        found[kind].add(first)
        if kind == "g":
            found["p"].add(second)
    return _roles_remember(user, found)


def _roles_remember(user: User, found: Mapping[str, Iterable[int]]) -> Roles:
    roles = Roles(
        is_admin=user.is_staff,
        municipality_ids=frozenset(found["m"]),
        contractor_ids=frozenset(found["c"]),
        area_ids=frozenset(found["a"]),
        group_ids=frozenset(found["g"]),
        group_project_ids=frozenset(found["p"]),
    )
    setattr(user, _CACHE_ATTRIBUTE, roles)
    return roles


def user_roles_columns(user: str) -> dict[str, ArraySubquery]:
    """The memberships of the user that the outer row names (``user`` is the path to its
    id), as array columns: a query that reads the user can read the roles with it.

    PostgreSQL only (arrays); ``user_roles_from_columns`` turns a row into the roles.
    """
    ref = OuterRef(user)
    return {
        "roles_m": ArraySubquery(
            Municipality.coordinators.through.objects.filter(user=ref).values("municipality_id")
        ),
        "roles_c": ArraySubquery(
            Contractor.staff.through.objects.filter(user=ref).values("contractor_id")
        ),
        "roles_a": ArraySubquery(
            HousingArea.social_workers.through.objects.filter(user=ref).values("housingarea_id")
        ),
        "roles_g": ArraySubquery(FollowUpGroupMember.objects.filter(user=ref).values("group_id")),
        "roles_p": ArraySubquery(
            FollowUpGroupMember.objects.filter(user=ref).values("group__project_id")
        ),
    }


def user_roles_from_columns(*, user: User, row: object) -> Roles:
    """The roles read with ``user_roles_columns``, remembered on the user as ``user_roles``
    remembers them."""
    return _roles_remember(user, {kind: getattr(row, f"roles_{kind}") for kind in "mcagp"})


def _memberships(user: User) -> QuerySet[Any]:
    """Every membership of the user as (kind, id, project id) rows, in one query."""

    def rows(
        queryset: QuerySet[Any], kind: str, id_field: str, second: str | None
    ) -> QuerySet[Any]:
        return queryset.annotate(
            kind=Value(kind, output_field=CharField()),
            second_id=F(second) if second else Value(0, output_field=IntegerField()),
        ).values_list("kind", id_field, "second_id")

    return rows(
        Municipality.coordinators.through.objects.filter(user=user), "m", "municipality_id", None
    ).union(
        rows(Contractor.staff.through.objects.filter(user=user), "c", "contractor_id", None),
        rows(
            HousingArea.social_workers.through.objects.filter(user=user),
            "a",
            "housingarea_id",
            None,
        ),
        rows(FollowUpGroupMember.objects.filter(user=user), "g", "group_id", "group__project_id"),
        all=True,
    )


# --- Reference data: the same for every logged-in user -----------------------------


def trade_list() -> QuerySet[Trade]:
    return Trade.objects.order_by("name_da", "id")


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name", "id")


def housing_area_list(*, municipality: str = "") -> QuerySet[HousingArea]:
    """Housing areas, optionally of one municipality (by its code)."""
    areas = HousingArea.objects.select_related("municipality")
    if municipality:
        areas = areas.filter(municipality__code=municipality)
    return areas.order_by("name", "id")


# --- Projects ------------------------------------------------------------------------


def _project_scope(*, user: User | AnonymousUser) -> QuerySet[RenovationProject]:
    roles = user_roles(user=user)
    if roles.is_admin:
        return RenovationProject.objects.all()
    return RenovationProject.objects.filter(
        Q(area__municipality_id__in=roles.municipality_ids)
        | Q(area_id__in=roles.area_ids)
        | Q(engagements__contractor_id__in=roles.contractor_ids)
        | Q(id__in=roles.group_project_ids)
    ).distinct()


def project_list(
    *,
    user: User | AnonymousUser,
    status: str = "",
    municipality: str = "",
    area: int | None = None,
) -> QuerySet[RenovationProject]:
    """Projects in the user's municipalities, areas, contractors' engagements or groups."""
    projects = _project_scope(user=user).select_related("area", "area__municipality")
    if status:
        projects = projects.filter(status=status)
    if municipality:
        projects = projects.filter(area__municipality__code=municipality)
    if area is not None:
        projects = projects.filter(area_id=area)
    return projects.order_by("-starts_on", "name", "id")


def project_get(*, user: User | AnonymousUser, project_id: int) -> RenovationProject:
    """One project the user may see; 404 outside the user's scope."""
    project = project_list(user=user).filter(pk=project_id).first()
    if project is None:
        raise ApplicationError(_("Project not found."), kind=ErrorKind.NOT_FOUND)
    return project


def project_changeable_by(*, user: User | AnonymousUser, project: RenovationProject) -> bool:
    """Projects are the job centre's: its coordinators and the administrators change them."""
    roles = user_roles(user=user)
    return roles.is_admin or project.area.municipality_id in roles.municipality_ids


def project_for_change(*, user: User | AnonymousUser, project_id: int) -> RenovationProject:
    """A project the user may change: 404 outside the scope, 403 in it but not allowed."""
    project = project_get(user=user, project_id=project_id)
    if not project_changeable_by(user=user, project=project):
        raise ApplicationError(
            _("Only the coordinators of the project's municipality may change it."),
            kind=ErrorKind.FORBIDDEN,
        )
    return project


# --- Contractors ---------------------------------------------------------------------


def contractor_list(*, user: User | AnonymousUser) -> QuerySet[Contractor]:
    """Contractors a user may see, each with its engagements on projects the user sees.

    Administrators see all; contractor staff their own contractors; coordinators,
    housing social workers and follow-up members those engaged on the projects of
    their municipalities, areas and groups. Coordinators also see contractors not yet
    engaged anywhere, so that one registered without a project does not vanish.
    """
    roles = user_roles(user=user)
    contractors = Contractor.objects.prefetch_related(
        Prefetch(
            "engagements",
            queryset=ProjectContractor.objects.filter(
                project__in=_project_scope(user=user).values("pk")
            )
            .select_related("project")
            .order_by("project__name", "id"),
        )
    )
    if not roles.is_admin:
        engaged_on_seen_projects = ProjectContractor.objects.filter(
            Q(project__area__municipality_id__in=roles.municipality_ids)
            | Q(project__area_id__in=roles.area_ids)
            | Q(project_id__in=roles.group_project_ids)
        ).values("contractor_id")
        visible = Q(pk__in=roles.contractor_ids) | Q(pk__in=engaged_on_seen_projects)
        if roles.is_coordinator:
            visible |= Q(engagements__isnull=True)
        contractors = contractors.filter(visible).distinct()
    return contractors.order_by("name", "id")


# --- Labour needs ----------------------------------------------------------------------


def need_list(
    *,
    user: User | AnonymousUser,
    status: str = "",
    trade: str = "",
    project: int | None = None,
    kind: str = "",
    contractor: int | None = None,
    latest_start_from: date | None = None,
    latest_start_to: date | None = None,
) -> QuerySet[LabourNeed]:
    """Needs a user may read: coordinators their municipality's, contractors their own,
    social workers their areas' projects', follow-up members their project's."""
    roles = user_roles(user=user)
    needs = LabourNeed.objects.select_related("project", "project__area", "contractor", "trade")
    if not roles.is_admin:
        # The projects in scope as a subquery of their own, not joins: the database can
        # then read a page off the (latest_start, id) index and count off an index.
        projects = RenovationProject.objects.filter(
            Q(area__municipality_id__in=roles.municipality_ids)
            | Q(area_id__in=roles.area_ids)
            | Q(pk__in=roles.group_project_ids)
        ).values("pk")
        needs = needs.filter(Q(project_id__in=projects) | Q(contractor_id__in=roles.contractor_ids))
    if status:
        needs = needs.filter(status=status)
    if trade:
        needs = needs.filter(trade__code=trade)
    if project is not None:
        needs = needs.filter(project_id=project)
    if kind:
        needs = needs.filter(kind=kind)
    if contractor is not None:
        needs = needs.filter(contractor_id=contractor)
    if latest_start_from is not None:
        needs = needs.filter(latest_start__gte=latest_start_from)
    if latest_start_to is not None:
        needs = needs.filter(latest_start__lte=latest_start_to)
    return needs.order_by("latest_start", "id")


def need_get(*, user: User | AnonymousUser, need_id: int) -> LabourNeed:
    need = need_list(user=user).filter(pk=need_id).first()
    if need is None:
        raise ApplicationError(_("Labour need not found."), kind=ErrorKind.NOT_FOUND)
    return need


def need_creatable_by(
    *, user: User | AnonymousUser, project: RenovationProject, contractor: Contractor
) -> bool:
    """Coordinators post needs on their municipality's projects, contractor staff for
    their own contractor, administrators anywhere."""
    roles = user_roles(user=user)
    return (
        roles.is_admin
        or project.area.municipality_id in roles.municipality_ids
        or contractor.pk in roles.contractor_ids
    )


def need_changeable_by(*, user: User | AnonymousUser, need: LabourNeed) -> bool:
    """Contractor staff change their own contractor's needs only; coordinators any on
    their municipality's projects."""
    return need_creatable_by(user=user, project=need.project, contractor=need.contractor)


def need_for_change(*, user: User | AnonymousUser, need_id: int) -> LabourNeed:
    """A need the user may change: 404 outside the scope, 403 in it but not allowed."""
    need = need_get(user=user, need_id=need_id)
    if not need_changeable_by(user=user, need=need):
        raise ApplicationError(
            _("Only the contractor's staff and the job centre may change this need."),
            kind=ErrorKind.FORBIDDEN,
        )
    return need


# --- Follow-up groups and meetings -----------------------------------------------------


def follow_up_group_list(*, user: User | AnonymousUser) -> QuerySet[FollowUpGroup]:
    """Groups a user may see: members their own, coordinators those on their
    municipality's projects, administrators all."""
    roles = user_roles(user=user)
    groups = FollowUpGroup.objects.select_related("project").prefetch_related(
        Prefetch(
            "memberships",
            queryset=FollowUpGroupMember.objects.select_related("user").order_by(
                "user__full_name", "id"
            ),
        )
    )
    if not roles.is_admin:
        groups = groups.filter(
            Q(pk__in=roles.group_ids) | Q(project__area__municipality_id__in=roles.municipality_ids)
        )
    return groups.order_by("name", "id")


def follow_up_group_get(*, user: User | AnonymousUser, group_id: int) -> FollowUpGroup:
    """One group the user may see; 404 outside the user's scope."""
    group = (
        follow_up_group_list(user=user)
        .select_related("project__area")
        .prefetch_related(None)
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise ApplicationError(_("Follow-up group not found."), kind=ErrorKind.NOT_FOUND)
    return group


def follow_up_group_changeable_by(*, user: User | AnonymousUser, group: FollowUpGroup) -> bool:
    """Meetings are recorded by the coordinators of the project's municipality (who run the
    group) and administrators; members read them."""
    roles = user_roles(user=user)
    return roles.is_admin or group.project.area.municipality_id in roles.municipality_ids


def follow_up_group_for_change(*, user: User | AnonymousUser, group_id: int) -> FollowUpGroup:
    """A group whose meetings the user may record: 404 outside the scope, 403 in it."""
    group = follow_up_group_get(user=user, group_id=group_id)
    if not follow_up_group_changeable_by(user=user, group=group):
        raise ApplicationError(
            _("Only the coordinators of the project's municipality may record meetings."),
            kind=ErrorKind.FORBIDDEN,
        )
    return group


def meeting_list(*, group: FollowUpGroup) -> QuerySet[Meeting]:
    """A group's meetings, latest first, with their action items; the group comes from
    ``follow_up_group_get``, which scoped it."""
    return (
        Meeting.objects.filter(group=group)
        .prefetch_related(
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner").order_by("id"),
            )
        )
        .order_by("-held_on", "-id")
    )


def meeting_for_change(*, user: User | AnonymousUser, group_id: int, meeting_id: int) -> Meeting:
    """A meeting whose record the user may change: 404 outside the scope, 403 in it."""
    group = follow_up_group_for_change(user=user, group_id=group_id)
    meeting = Meeting.objects.filter(group=group, pk=meeting_id).select_related("group").first()
    if meeting is None:
        raise ApplicationError(_("Meeting not found."), kind=ErrorKind.NOT_FOUND)
    return meeting


def action_item_get(*, user: User | AnonymousUser, item_id: int) -> ActionItem:
    """An action of a meeting of a group the user sees; 404 otherwise."""
    item = (
        ActionItem.objects.filter(
            meeting__group__in=follow_up_group_list(user=user).values("pk"), pk=item_id
        )
        .select_related("meeting__group__project__area", "owner")
        .first()
    )
    if item is None:
        raise ApplicationError(_("Action not found."), kind=ErrorKind.NOT_FOUND)
    return item
