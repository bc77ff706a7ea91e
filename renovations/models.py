from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renovations.validators import validate_cvr

municipality_code_validator = RegexValidator(r"^\d{3}$", _("A municipality code has 3 digits."))
postal_code_validator = RegexValidator(r"^\d{4}$", _("A Danish postal code has 4 digits."))


class Municipality(models.Model):
    """A municipality, whose job centre coordinates placements for its residents."""

    code = models.CharField(
        _("municipality code"), max_length=3, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        related_name="coordinated_municipalities",
        blank=True,
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"), name="municipality_code_3_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name


class HousingOrganisation(models.Model):
    """A social-housing organisation (almen boligorganisation)."""

    name = models.CharField(_("name"), max_length=200)
    cvr = models.CharField(_("CVR number"), max_length=8, unique=True, validators=[validate_cvr])

    class Meta:
        verbose_name = _("housing organisation")
        verbose_name_plural = _("housing organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AreaCategory(models.TextChoices):
    NONE = "none", _("none")
    UDSAT = "udsat", _("udsat (vulnerable area)")
    PARALLELSAMFUND = "parallelsamfund", _("parallelsamfund (parallel society)")
    OMDANNELSESOMRAADE = "omdannelsesomraade", _("omdannelsesområde (transformation area)")


class HousingArea(models.Model):
    """A social-housing area (almen boligafdeling), whose residents the model serves."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="housing_areas",
    )
    organisation = models.ForeignKey(
        HousingOrganisation,
        verbose_name=_("housing organisation"),
        on_delete=models.PROTECT,
        related_name="areas",
    )
    category = models.CharField(
        _("category"), max_length=20, choices=AreaCategory.choices, default=AreaCategory.NONE
    )
    postal_code = models.CharField(
        _("postal code"), max_length=4, validators=[postal_code_validator]
    )
    residents = models.PositiveIntegerField(_("residents"), default=0)
    social_workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("housing social workers"),
        related_name="social_work_areas",
        blank=True,
    )

    class Meta:
        verbose_name = _("housing area")
        verbose_name_plural = _("housing areas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="area_name_unique_in_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")


class RenovationProject(models.Model):
    """A renovation of a housing area, with its social-clause targets."""

    area = models.ForeignKey(
        HousingArea,
        verbose_name=_("housing area"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    name = models.CharField(_("name"), max_length=200)
    site_address = models.CharField(_("site address"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    target_placements = models.PositiveIntegerField(_("target: placements"), default=0)
    target_jobs = models.PositiveIntegerField(_("target: jobs"), default=0)
    target_education = models.PositiveIntegerField(_("target: education"), default=0)
    trainee_share_target = models.DecimalField(
        _("trainee share target (percent of craft wages)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    craft_budget_dkk = models.PositiveBigIntegerField(
        _("craft budget (DKK)"), null=True, blank=True
    )
    contractors: "models.ManyToManyField[Contractor, ProjectContractor]" = models.ManyToManyField(
        "Contractor",
        through="ProjectContractor",
        verbose_name=_("contractors"),
        related_name="projects",
        blank=True,
    )

    class Meta:
        verbose_name = _("renovation project")
        verbose_name_plural = _("renovation projects")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="project_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(trainee_share_target__isnull=True)
                | Q(trainee_share_target__gte=0, trainee_share_target__lte=100),
                name="project_trainee_share_is_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contractor(models.Model):
    """A contractor (entreprenør) working on one or more sites."""

    cvr = models.CharField(_("CVR number"), max_length=8, unique=True, validators=[validate_cvr])
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="contractors", blank=True
    )

    class Meta:
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cvr__regex=r"^[0-9]{8}$"), name="contractor_cvr_8_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContractorRole(models.TextChoices):
    MAIN = "main", _("main contractor (hovedentreprenør)")
    TRADE = "trade", _("trade contractor (fagentreprenør)")
    SUB = "sub", _("subcontractor (underentreprenør)")


class ProjectContractor(models.Model):
    """A contractor's engagement on a project."""

    project = models.ForeignKey(
        RenovationProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="engagements",
    )
    contractor = models.ForeignKey(
        Contractor,
        verbose_name=_("contractor"),
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=ContractorRole.choices, default=ContractorRole.TRADE
    )

    class Meta:
        verbose_name = _("contractor on project")
        verbose_name_plural = _("contractors on projects")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "contractor"], name="contractor_once_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contractor} – {self.project}"


class Trade(models.Model):
    """A building trade (fag)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["name_da"]

    def __str__(self) -> str:
        return self.name_da

    def name_in(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_da


class NeedKind(models.TextChoices):
    SNUSEPRAKTIK = "snusepraktik", _("snusepraktik (taster internship)")
    VIRKSOMHEDSPRAKTIK = "virksomhedspraktik", _("virksomhedspraktik (work placement)")
    LOENTILSKUD = "loentilskud", _("løntilskud (wage subsidy)")
    LAERLING = "laerling", _("lærling/elev (apprentice)")
    ORDINAERT_JOB = "ordinaert_job", _("ordinært job (ordinary job)")


class DanishLevel(models.IntegerChoices):
    NONE = 0, _("none")
    BASIC = 1, _("basic")
    CONVERSATIONAL = 2, _("conversational")
    GOOD = 3, _("good")
    FLUENT = 4, _("fluent or native")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("open")
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


SNUSEPRAKTIK_WEEKS = 4


class LabourNeed(models.Model):
    """A contractor's need for people on a site: trade, places, window and requirements."""

    project = models.ForeignKey(
        RenovationProject, verbose_name=_("project"), on_delete=models.PROTECT, related_name="needs"
    )
    contractor = models.ForeignKey(
        Contractor, verbose_name=_("contractor"), on_delete=models.PROTECT, related_name="needs"
    )
    trade = models.ForeignKey(
        Trade, verbose_name=_("trade"), on_delete=models.PROTECT, related_name="needs"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=NeedKind.choices, default=NeedKind.SNUSEPRAKTIK
    )
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1)]
    )
    earliest_start = models.DateField(_("earliest start"))
    latest_start = models.DateField(_("latest start"))
    weeks = models.PositiveSmallIntegerField(
        _("weeks"),
        default=SNUSEPRAKTIK_WEEKS,
        validators=[MinValueValidator(1), MaxValueValidator(156)],
    )
    requires_driving_licence = models.BooleanField(_("requires driving licence"), default=False)
    requires_safety_course = models.BooleanField(_("requires safety course"), default=False)
    min_danish_level = models.PositiveSmallIntegerField(
        _("minimum Danish level"), choices=DanishLevel.choices, default=DanishLevel.NONE
    )
    english_ok_accepted = models.BooleanField(
        _("English instead of Danish accepted"), default=False
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(15), MaxValueValidator(70)],
    )
    description = models.TextField(_("description"), blank=True)
    mentor_name = models.CharField(_("mentor's name"), max_length=200, blank=True)
    mentor_email = models.EmailField(_("mentor's email"), blank=True)
    mentor_phone = models.CharField(_("mentor's phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NeedStatus.choices,
        default=NeedStatus.OPEN,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("labour need")
        verbose_name_plural = _("labour needs")
        ordering = ["latest_start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="need_places_at_least_one"),
            models.CheckConstraint(condition=Q(weeks__gte=1), name="need_weeks_at_least_one"),
            models.CheckConstraint(
                condition=Q(latest_start__gte=F("earliest_start")), name="need_window_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(kind=NeedKind.SNUSEPRAKTIK) | Q(weeks=SNUSEPRAKTIK_WEEKS),
                name="need_snusepraktik_four_weeks",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status"], name="need_project_status_idx"),
            # The need list's order: a page is read off the index, not sorted out of all.
            models.Index(fields=["latest_start", "id"], name="need_latest_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.trade} – {self.contractor} ({self.get_kind_display()})"


class FollowUpGroup(models.Model):
    """A project's follow-up group (følgegruppe), meeting about every second month."""

    project = models.ForeignKey(
        RenovationProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="follow_up_groups",
    )
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="FollowUpGroupMember",
        verbose_name=_("members"),
        related_name="follow_up_groups",
        blank=True,
    )
    cadence_months = models.PositiveSmallIntegerField(
        _("meets every (months)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    next_meeting_on = models.DateField(_("next meeting"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up group")
        verbose_name_plural = _("follow-up groups")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_months__gte=1), name="group_cadence_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FollowUpGroupMember(models.Model):
    """A member of a follow-up group and the organisation they represent."""

    group = models.ForeignKey(
        FollowUpGroup,
        verbose_name=_("follow-up group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follow_up_memberships",
    )
    organisation = models.CharField(_("represents"), max_length=200)

    class Meta:
        verbose_name = _("follow-up group member")
        verbose_name_plural = _("follow-up group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="member_once_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class Meeting(models.Model):
    """A meeting of a follow-up group, with the report as it stood (frozen)."""

    group = models.ForeignKey(
        FollowUpGroup,
        verbose_name=_("follow-up group"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    held_on = models.DateField(_("held on"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    report_snapshot = models.JSONField(_("report snapshot"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "held_on"], name="one_meeting_per_group_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on:%Y-%m-%d}"


class ActionItem(models.Model):
    """An action agreed at a meeting, with its owner and due date."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["done", "due_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]
