"""Every write on projects, contractors, labour needs and follow-up meetings.

Each service checks who may make the change, validates the rule with a message a
user can act on, and leaves the database's constraints as the guarantee.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import User
from renovations import workdays
from renovations.models import (
    SNUSEPRAKTIK_WEEKS,
    ActionItem,
    Contractor,
    ContractorRole,
    DanishLevel,
    FollowUpGroup,
    HousingArea,
    LabourNeed,
    Meeting,
    NeedKind,
    NeedStatus,
    ProjectContractor,
    ProjectStatus,
    RenovationProject,
    Trade,
)
from renovations.selectors import (
    follow_up_group_changeable_by,
    need_changeable_by,
    need_creatable_by,
    project_changeable_by,
    user_roles,
)
from renovations.validators import validate_cvr


def _forbidden(message: str) -> ApplicationError:
    return ApplicationError(message, kind=ErrorKind.FORBIDDEN)


def _conflict(message: str) -> ApplicationError:
    return ApplicationError(message, kind=ErrorKind.CONFLICT)


def _full_clean(obj: models.Model, *, exclude: Sequence[str] = ()) -> None:
    """Run the model's own validation and report it in the API's field-error shape."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ApplicationError(
            _("The input is not valid."),
            extra={
                "fields": {
                    field: [str(m) for m in messages]
                    for field, messages in exc.message_dict.items()
                }
            },
        ) from None


def _refuse_unknown(changes: dict[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed."),
            extra={"fields": {field: [_("Read-only.")] for field in sorted(unknown)}},
        )


# --- Projects ------------------------------------------------------------------------

PROJECT_CHANGEABLE_FIELDS = (
    "name",
    "site_address",
    "starts_on",
    "ends_on",
    "status",
    "target_placements",
    "target_jobs",
    "target_education",
    "trainee_share_target",
    "craft_budget_dkk",
)


def _project_validate(project: RenovationProject) -> None:
    if not project.name.strip():
        raise ApplicationError.field("name", _("Give the project a name."))
    if project.ends_on < project.starts_on:
        raise ApplicationError.field("ends_on", _("The project cannot end before it starts."))
    if project.status not in ProjectStatus.values:
        raise ApplicationError.field("status", _("Unknown status."))
    for target in ("target_placements", "target_jobs", "target_education"):
        if getattr(project, target) < 0:
            raise ApplicationError.field(target, _("A target cannot be negative."))
    share = project.trainee_share_target
    if share is not None and not Decimal(0) <= share <= Decimal(100):
        raise ApplicationError.field(
            "trainee_share_target", _("The trainee share is a percentage from 0 to 100.")
        )
    if project.craft_budget_dkk is not None and project.craft_budget_dkk < 0:
        raise ApplicationError.field("craft_budget_dkk", _("A budget cannot be negative."))
    _full_clean(project)


@transaction.atomic
def project_create(
    *,
    by: User,
    area: HousingArea,
    name: str,
    site_address: str,
    starts_on: date,
    ends_on: date,
    status: str = ProjectStatus.PLANNED,
    target_placements: int = 0,
    target_jobs: int = 0,
    target_education: int = 0,
    trainee_share_target: Decimal | None = None,
    craft_budget_dkk: int | None = None,
) -> RenovationProject:
    """Register a renovation project in a housing area, with its social-clause targets."""
    roles = user_roles(user=by)
    if not (roles.is_admin or area.municipality_id in roles.municipality_ids):
        raise _forbidden(_("Only the coordinators of the area's municipality may add projects."))
    project = RenovationProject(
        area=area,
        name=name.strip(),
        site_address=site_address.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        target_placements=target_placements,
        target_jobs=target_jobs,
        target_education=target_education,
        trainee_share_target=trainee_share_target,
        craft_budget_dkk=craft_budget_dkk,
    )
    _project_validate(project)
    project.save()
    return project


@transaction.atomic
def project_update(
    *, project: RenovationProject, by: User, changes: dict[str, Any]
) -> RenovationProject:
    """Change a project; only the fields in ``PROJECT_CHANGEABLE_FIELDS``."""
    if not project_changeable_by(user=by, project=project):
        raise _forbidden(_("Only the coordinators of the project's municipality may change it."))
    _refuse_unknown(changes, PROJECT_CHANGEABLE_FIELDS)
    project = (
        RenovationProject.objects.select_for_update().select_related("area").get(pk=project.pk)
    )
    for field, value in changes.items():
        setattr(project, field, value.strip() if isinstance(value, str) else value)
    _project_validate(project)
    project.save()
    return project


# --- Contractors ---------------------------------------------------------------------


def cvr_clean(*, cvr: str, field: str = "cvr") -> str:
    """Return the CVR number as 8 digits, or raise a field error."""
    compact = "".join(ch for ch in cvr if ch.isdigit())
    try:
        validate_cvr(compact)
    except ValidationError as exc:
        raise ApplicationError.field(field, str(exc.messages[0])) from None
    return compact


@transaction.atomic
def contractor_create(
    *,
    by: User | None,
    cvr: str,
    name: str,
    email: str = "",
    phone: str = "",
    project: RenovationProject | None = None,
    role: str = ContractorRole.TRADE,
) -> Contractor:
    """Register a contractor by its CVR number, and engage it on a project if one is given.

    ``by=None`` is the system itself; users register contractors as coordinators or
    administrators.
    """
    if by is not None:
        roles = user_roles(user=by)
        if not (roles.is_admin or roles.is_coordinator):
            raise _forbidden(_("Only coordinators and administrators may register contractors."))
    number = cvr_clean(cvr=cvr)
    if not name.strip():
        raise ApplicationError.field("name", _("Give the contractor's name."))
    if Contractor.objects.filter(cvr=number).exists():
        raise _conflict(_("A contractor with this CVR number already exists."))
    contractor = Contractor(cvr=number, name=name.strip(), email=email, phone=phone)
    _full_clean(contractor)
    try:
        with transaction.atomic():
            contractor.save()
    except IntegrityError:
        # Two registrations of one company at the same moment: the unique CVR decides.
        raise _conflict(_("A contractor with this CVR number already exists.")) from None
    if project is not None:
        contractor_engage(contractor=contractor, project=project, role=role, by=by)
    return contractor


@transaction.atomic
def contractor_engage(
    *,
    contractor: Contractor,
    project: RenovationProject,
    role: str = ContractorRole.TRADE,
    by: User | None,
) -> ProjectContractor:
    """Engage a contractor on a project: from then on its staff may post needs there."""
    if by is not None and not project_changeable_by(user=by, project=project):
        raise _forbidden(
            _("Only the coordinators of the project's municipality may engage contractors on it.")
        )
    if role not in ContractorRole.values:
        raise ApplicationError.field("role", _("Unknown role."))
    if ProjectContractor.objects.filter(project=project, contractor=contractor).exists():
        raise _conflict(_("The contractor is already engaged on this project."))
    try:
        with transaction.atomic():
            return ProjectContractor.objects.create(
                project=project, contractor=contractor, role=role
            )
    except IntegrityError:
        raise _conflict(_("The contractor is already engaged on this project.")) from None


# --- Labour needs ----------------------------------------------------------------------

# How long a need of each kind runs when nobody says: a snusepraktik is always four
# weeks; the others are the usual length of such an arrangement.
DEFAULT_WEEKS: dict[str, int] = {
    NeedKind.SNUSEPRAKTIK: SNUSEPRAKTIK_WEEKS,
    NeedKind.VIRKSOMHEDSPRAKTIK: 4,
    NeedKind.LOENTILSKUD: 26,
    NeedKind.LAERLING: 156,
    NeedKind.ORDINAERT_JOB: 52,
}

# A need's status moves only along these; closed and cancelled are final.
NEED_TRANSITIONS: dict[str, frozenset[str]] = {
    NeedStatus.OPEN: frozenset({NeedStatus.FILLED, NeedStatus.CLOSED, NeedStatus.CANCELLED}),
    NeedStatus.FILLED: frozenset({NeedStatus.OPEN, NeedStatus.CLOSED}),
    NeedStatus.CLOSED: frozenset(),
    NeedStatus.CANCELLED: frozenset(),
}

NEED_CHANGEABLE_FIELDS = (
    "trade",
    "kind",
    "places",
    "earliest_start",
    "latest_start",
    "weeks",
    "requires_driving_licence",
    "requires_safety_course",
    "min_danish_level",
    "english_ok_accepted",
    "min_age",
    "description",
    "mentor_name",
    "mentor_email",
    "mentor_phone",
    "status",
)


def _need_validate(need: LabourNeed) -> None:
    if need.kind not in NeedKind.values:
        raise ApplicationError.field("kind", _("Unknown kind of need."))
    if need.places < 1:
        raise ApplicationError.field("places", _("A need has at least one place."))
    if need.earliest_start > need.latest_start:
        raise ApplicationError.field(
            "latest_start", _("The latest start cannot be before the earliest start.")
        )
    if need.kind == NeedKind.SNUSEPRAKTIK and need.weeks != SNUSEPRAKTIK_WEEKS:
        raise ApplicationError.field("weeks", _("A snusepraktik lasts four weeks."))
    if need.min_age is not None and not 15 <= need.min_age <= 70:
        raise ApplicationError.field("min_age", _("The minimum age must be from 15 to 70."))
    if need.min_danish_level not in DanishLevel.values:
        raise ApplicationError.field("min_danish_level", _("Unknown Danish level."))
    _full_clean(need, exclude=["created_by"])


@transaction.atomic
def need_create(
    *,
    by: User,
    project: RenovationProject,
    contractor: Contractor,
    trade: Trade,
    earliest_start: date,
    latest_start: date,
    kind: str = NeedKind.SNUSEPRAKTIK,
    places: int = 1,
    weeks: int | None = None,
    requires_driving_licence: bool = False,
    requires_safety_course: bool = False,
    min_danish_level: int = DanishLevel.NONE,
    english_ok_accepted: bool = False,
    min_age: int | None = None,
    description: str = "",
    mentor_name: str = "",
    mentor_email: str = "",
    mentor_phone: str = "",
) -> LabourNeed:
    """Post a labour need for a contractor engaged on the project; it starts open.

    Contractor staff post for their own contractor, coordinators on their
    municipality's projects. ``weeks`` defaults to the usual length of the kind.
    """
    if not need_creatable_by(user=by, project=project, contractor=contractor):
        raise _forbidden(
            _("You can post needs only for your own contractor or your municipality's projects.")
        )
    if not ProjectContractor.objects.filter(project=project, contractor=contractor).exists():
        raise ApplicationError.field(
            "contractor", _("The contractor is not engaged on this project.")
        )
    if project.status == ProjectStatus.COMPLETED:
        raise _conflict(_("The project is completed and takes no new needs."))
    need = LabourNeed(
        project=project,
        contractor=contractor,
        trade=trade,
        kind=kind,
        places=places,
        earliest_start=earliest_start,
        latest_start=latest_start,
        weeks=weeks if weeks is not None else DEFAULT_WEEKS.get(kind, SNUSEPRAKTIK_WEEKS),
        requires_driving_licence=requires_driving_licence,
        requires_safety_course=requires_safety_course,
        min_danish_level=min_danish_level,
        english_ok_accepted=english_ok_accepted,
        min_age=min_age,
        description=description.strip(),
        mentor_name=mentor_name.strip(),
        mentor_email=mentor_email,
        mentor_phone=mentor_phone.strip(),
        status=NeedStatus.OPEN,
        created_by=by,
    )
    _need_validate(need)
    need.save()
    return need


@transaction.atomic
def need_update(*, need: LabourNeed, by: User, changes: dict[str, Any]) -> LabourNeed:
    """Change a need; a status moves only along ``NEED_TRANSITIONS``.

    A closed or cancelled need is final: nothing on it changes any more. When the kind
    changes and no weeks are given, the weeks follow the new kind.
    """
    if not need_changeable_by(user=by, need=need):
        raise _forbidden(_("Only the contractor's staff and the job centre may change this need."))
    _refuse_unknown(changes, NEED_CHANGEABLE_FIELDS)
    need = (
        LabourNeed.objects.select_for_update()
        .select_related("project__area", "contractor", "trade")
        .get(pk=need.pk)
    )
    if need.status in (NeedStatus.CLOSED, NeedStatus.CANCELLED):
        raise _conflict(_("The need is closed or cancelled and can no longer be changed."))
    status = changes.get("status", need.status)
    if status not in NeedStatus.values:
        raise ApplicationError.field("status", _("Unknown status."))
    if status != need.status and status not in NEED_TRANSITIONS.get(need.status, frozenset()):
        raise _conflict(
            _("A need cannot go from %(current)s to %(new)s.")
            % {"current": need.get_status_display(), "new": NeedStatus(status).label}
        )
    if "kind" in changes and "weeks" not in changes and changes["kind"] != need.kind:
        changes = {**changes, "weeks": DEFAULT_WEEKS.get(changes["kind"], SNUSEPRAKTIK_WEEKS)}
    for field, value in changes.items():
        setattr(need, field, value.strip() if isinstance(value, str) else value)
    _need_validate(need)
    need.save()
    return need


# --- Follow-up meetings ------------------------------------------------------------------


@dataclass(frozen=True)
class ActionItemGiven:
    """An action agreed at a meeting, recorded with it."""

    text: str
    owner_id: int | None = None
    due_on: date | None = None
    done: bool = False


def _action_items_checked(
    group: FollowUpGroup, items: Sequence[ActionItemGiven], held_on: date
) -> dict[int, User]:
    """Refuse actions without a text or due before the meeting; return their owners."""
    for item in items:
        if not item.text.strip():
            raise ApplicationError.field("action_items", _("Describe each action."))
        if item.due_on is not None and item.due_on < held_on:
            raise ApplicationError.field(
                "action_items", _("An action cannot be due before the meeting.")
            )
    return _owners(group, items)


def _action_items_create(
    meeting: Meeting, items: Sequence[ActionItemGiven], owners: dict[int, User]
) -> None:
    ActionItem.objects.bulk_create(
        ActionItem(
            meeting=meeting,
            text=item.text.strip(),
            owner=owners.get(item.owner_id) if item.owner_id is not None else None,
            due_on=item.due_on,
            done=item.done,
        )
        for item in items
    )


def _owners(group: FollowUpGroup, items: Sequence[ActionItemGiven]) -> dict[int, User]:
    """The actions' owners: members of the group or coordinators of its municipality."""
    wanted = {item.owner_id for item in items if item.owner_id is not None}
    if not wanted:
        return {}
    owners = User.objects.filter(pk__in=wanted).filter(
        Q(follow_up_memberships__group=group)
        | Q(coordinated_municipalities=group.project.area.municipality_id)
    )
    found = {user.pk: user for user in owners.distinct()}
    if wanted - set(found):
        raise ApplicationError.field(
            "action_items",
            _("An action's owner must be a member of the group or one of its coordinators."),
        )
    return found


def _meeting_after(held_on: date, months: int) -> date | None:
    """The working day ``months`` after a meeting; none past the end of the calendar."""
    try:
        return workdays.working_day_on_or_after(held_on + relativedelta(months=months))
    except (OverflowError, ValueError):
        return None


@transaction.atomic
def meeting_create(
    *,
    group: FollowUpGroup,
    by: User,
    held_on: date,
    agenda: str = "",
    minutes: str = "",
    action_items: Sequence[ActionItemGiven] = (),
    report_snapshot: dict[str, Any] | None = None,
) -> Meeting:
    """Record a follow-up group's meeting with its agreed actions; one per group per day.

    Recording the planned meeting (or a later one) moves the group's next meeting on by
    its cadence, to a working day, so that the next meeting pack is planned.
    """
    if not follow_up_group_changeable_by(user=by, group=group):
        raise _forbidden(
            _("Only the coordinators of the project's municipality may record meetings.")
        )
    group = (
        FollowUpGroup.objects.select_for_update()
        .select_related("project__area__municipality")
        .get(pk=group.pk)
    )
    if Meeting.objects.filter(group=group, held_on=held_on).exists():
        raise _conflict(_("The group already has a meeting on that day."))
    owners = _action_items_checked(group, action_items, held_on)
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                group=group,
                held_on=held_on,
                agenda=agenda.strip(),
                minutes=minutes.strip(),
                report_snapshot=report_snapshot,
            )
    except IntegrityError:
        raise _conflict(_("The group already has a meeting on that day.")) from None
    _action_items_create(meeting, action_items, owners)
    if group.next_meeting_on is None or held_on >= group.next_meeting_on:
        group.next_meeting_on = _meeting_after(held_on, group.cadence_months)
        group.save(update_fields=["next_meeting_on"])
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    agenda: str | None = None,
    minutes: str | None = None,
    action_items: Sequence[ActionItemGiven] = (),
) -> Meeting:
    """Record a meeting's agenda or minutes afterwards, and add the actions agreed."""
    group = meeting.group
    if not follow_up_group_changeable_by(user=by, group=group):
        raise _forbidden(
            _("Only the coordinators of the project's municipality may record meetings.")
        )
    owners = _action_items_checked(group, action_items, meeting.held_on)
    changed: list[str] = []
    if agenda is not None:
        meeting.agenda, changed = agenda.strip(), [*changed, "agenda"]
    if minutes is not None:
        meeting.minutes, changed = minutes.strip(), [*changed, "minutes"]
    if changed:
        meeting.save(update_fields=changed)
    _action_items_create(meeting, action_items, owners)
    return meeting


ACTION_ITEM_CHANGEABLE_FIELDS = ("text", "owner_id", "due_on", "done")


@transaction.atomic
def action_item_update(*, item: ActionItem, by: User, changes: dict[str, Any]) -> ActionItem:
    """Change an action: the group's coordinators anything, its owner whether it is done."""
    _refuse_unknown(changes, ACTION_ITEM_CHANGEABLE_FIELDS)
    group = item.meeting.group
    coordinating = follow_up_group_changeable_by(user=by, group=group)
    if not coordinating and not (item.owner_id == by.pk and set(changes) <= {"done"}):
        raise _forbidden(_("The coordinators change actions; an action's owner may mark it done."))
    if "text" in changes and not str(changes["text"]).strip():
        raise ApplicationError.field("text", _("Describe each action."))
    if changes.get("due_on") is not None and changes["due_on"] < item.meeting.held_on:
        raise ApplicationError.field("due_on", _("An action cannot be due before the meeting."))
    if changes.get("owner_id") is not None:
        _owners(group, [ActionItemGiven(text="-", owner_id=changes["owner_id"])])
    for field, value in changes.items():
        setattr(item, field, value.strip() if isinstance(value, str) else value)
    item.save(update_fields=list(changes))
    return item
