from typing import Any

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from renovations.models import (
    Contractor,
    DanishLevel,
    HousingArea,
    LabourNeed,
    Meeting,
    Municipality,
    NeedKind,
    Trade,
)


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that exists on PostgreSQL and is skipped elsewhere.

    The embedded default runs on SQLite, which has no exclusion constraints;
    there the services' own checks are the only guard, and on PostgreSQL the
    database is the guarantee.
    """

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(
        self, model: Any, instance: Any, exclude: Any = None, using: str = DEFAULT_DB_ALIAS
    ) -> None:
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)


class DateRange(Func):
    """PostgreSQL's daterange(start, end, bounds) over two date columns."""

    function = "DATERANGE"
    output_field = DateRangeField()


class BenefitGroup(models.TextChoices):
    A_DAGPENGE = "a_dagpenge", _("a-dagpenge (unemployment benefit)")
    KONTANTHJAELP = "kontanthjaelp", _("kontanthjælp (social assistance)")
    UDDANNELSESHJAELP = "uddannelseshjaelp", _("uddannelseshjælp (education assistance)")
    SELVFORSOERGELSE = (
        "selvforsoergelse",
        _("selvforsørgelses-/overgangsydelse (integration benefit)"),
    )
    SYGEDAGPENGE = "sygedagpenge", _("sygedagpenge (sickness benefit)")
    JOBAFKLARING = "jobafklaring", _("jobafklaring (job clarification)")
    RESSOURCEFORLOEB = "ressourceforloeb", _("ressourceforløb (resource programme)")
    LEDIGHEDSYDELSE = "ledighedsydelse", _("ledighedsydelse (flexjob unemployment)")
    OTHER = "other", _("other")


class ReferralSource(models.TextChoices):
    JOBCENTER = "jobcenter", _("job centre")
    HOUSING_SOCIAL = "housing_social", _("housing social plan (boligsocial helhedsplan)")
    SELF = "self", _("self-referred")
    CONTRACTOR = "contractor", _("contractor")
    OTHER = "other", _("other")


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    EXITED = "exited", _("exited")


class Candidate(models.Model):
    """An unemployed person referred to the model. The CPR number itself is never stored."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    cpr_lookup = models.CharField(
        _("CPR lookup key"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("A keyed hash of the CPR number, to find the same person again."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("job centre (municipality)"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator (case holder)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
    )
    home_area = models.ForeignKey(
        HousingArea,
        verbose_name=_("home area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents_referred",
        help_text=_("Empty when the person lives outside the listed housing areas."),
    )
    benefit_group = models.CharField(
        _("benefit group"), max_length=20, choices=BenefitGroup.choices, default=BenefitGroup.OTHER
    )
    referral_source = models.CharField(
        _("referral source"),
        max_length=20,
        choices=ReferralSource.choices,
        default=ReferralSource.JOBCENTER,
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    referred_on = models.DateField(_("referred on"))
    trades = models.ManyToManyField(
        Trade,
        through="TradeInterest",
        verbose_name=_("trade interests"),
        related_name="+",
        blank=True,
    )
    open_to_any_trade = models.BooleanField(_("open to any trade"), default=False)
    has_driving_licence = models.BooleanField(_("has driving licence"), default=False)
    safety_course_until = models.DateField(_("safety course valid until"), null=True, blank=True)
    danish_level = models.PositiveSmallIntegerField(
        _("Danish level"), choices=DanishLevel.choices, default=DanishLevel.NONE
    )
    speaks_english = models.BooleanField(_("speaks English"), default=False)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    notes = models.TextField(_("notes (coordinators only)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CandidateStatus.choices,
        default=CandidateStatus.ACTIVE,
        db_index=True,
    )
    anonymised_on = models.DateField(
        _("anonymised on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Personal data erased; the row is kept only for statistics."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["municipality", "status"], name="candidate_muni_status_idx"),
            # The coordinator's count: narrow enough to be counted off the index alone.
            models.Index(
                fields=["municipality"],
                condition=Q(anonymised_on__isnull=True),
                name="candidate_muni_live_idx",
            ),
            # The report's referrals, counted off the index alone (matching.reports).
            models.Index(
                fields=["municipality", "referred_on", "home_area"],
                name="candidate_muni_referred_idx",
            ),
            # A coordinator's list, in its order: a page is read off the index instead of
            # sorting every candidate of the municipality (docs/benchmarks.md).
            models.Index(
                fields=["municipality", "last_name", "first_name", "id"],
                condition=Q(anonymised_on__isnull=True),
                name="candidate_muni_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TradeInterest(models.Model):
    """A candidate's interest in a trade, ranked 1 (first choice) to 3."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="trade_interests",
    )
    trade = models.ForeignKey(
        Trade, verbose_name=_("trade"), on_delete=models.PROTECT, related_name="interests"
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    class Meta:
        verbose_name = _("trade interest")
        verbose_name_plural = _("trade interests")
        ordering = ["candidate", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=3), name="interest_rank_1_to_3"
            ),
            models.UniqueConstraint(fields=["candidate", "rank"], name="interest_rank_unique"),
            models.UniqueConstraint(fields=["candidate", "trade"], name="interest_trade_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.trade}"


class ConsentRecipient(models.TextChoices):
    CONTRACTORS = "contractors", _("contractors on the site")
    HOUSING_SOCIAL_PLAN = "housing_social_plan", _("housing social plan")
    VOCATIONAL_SCHOOL = "vocational_school", _("vocational school")
    TRADE_UNION = "trade_union", _("trade union")


class Consent(models.Model):
    """Consent to share a candidate's data with one kind of recipient.

    Valid when given, not withdrawn and not expired; withdrawal takes effect at once.
    """

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="consents"
    )
    recipient = models.CharField(_("recipient"), max_length=30, choices=ConsentRecipient.choices)
    purpose = models.CharField(_("purpose"), max_length=300)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=300,
        blank=True,
        help_text=_("Where the signed or recorded consent is kept, e.g. the case journal."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("given_on")), name="consent_expires_after_given"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]
        indexes = [
            models.Index(fields=["candidate", "recipient"], name="consent_cand_recipient_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} ({self.given_on:%Y-%m-%d})"


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    INTERRUPTED = "interrupted", _("interrupted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


# A candidate may hold at most one placement in these states at any date.
PLACEMENT_HOLDING_STATUSES = (
    PlacementStatus.PROPOSED,
    PlacementStatus.ACCEPTED,
    PlacementStatus.ACTIVE,
)

# A placement in these states has started: the site saw the person.
PLACEMENT_STARTED_STATUSES = (
    PlacementStatus.ACTIVE,
    PlacementStatus.COMPLETED,
    PlacementStatus.INTERRUPTED,
)


class InterruptReason(models.TextChoices):
    NO_SHOW = "no_show", _("did not show up")
    ILLNESS = "illness", _("illness")
    PERSONAL = "personal", _("personal reasons")
    CONTRACTOR_ENDED = "contractor_ended", _("ended by the contractor")
    GOT_JOB = "got_job", _("got a job")
    OTHER = "other", _("other")


# The two ways a placement was a no-show (``selectors.no_show_placements``): it ended as
# one, or a week of it was followed up with no day present and some absent.
ENDED_AS_NO_SHOW = Q(interrupt_reason=InterruptReason.NO_SHOW)
ABSENT_WEEK = Q(days_present=0, days_absent__gt=0)


class Placement(models.Model):
    """A candidate's placement on a labour need, from proposal to its end."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="placements"
    )
    need = models.ForeignKey(
        LabourNeed,
        verbose_name=_("labour need"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NeedKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PlacementStatus.choices,
        default=PlacementStatus.PROPOSED,
        db_index=True,
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_placements",
    )
    score = models.DecimalField(
        _("score at proposal"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reasons = models.JSONField(_("reasons at proposal"), default=list, blank=True)
    override_reason = models.TextField(
        _("override reason"),
        blank=True,
        help_text=_("Why this candidate was chosen outside the top suggestions."),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("decline reason"), blank=True)
    interrupt_reason = models.CharField(
        _("interrupt reason"), max_length=20, choices=InterruptReason.choices, blank=True
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        default=37,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    wants_to_hire = models.BooleanField(_("contractor wants to hire"), default=False)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="placement_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=60),
                name="placement_hours_in_range",
            ),
            PostgresExclusionConstraint(
                name="placement_no_overlap_per_candidate",
                expressions=[
                    ("candidate", RangeOperators.EQUAL),
                    (
                        DateRange(
                            "starts_on",
                            "ends_on",
                            RangeBoundary(inclusive_lower=True, inclusive_upper=True),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(status__in=PLACEMENT_HOLDING_STATUSES),
                violation_error_message=_("The candidate already has a placement in this period."),
            ),
        ]
        indexes = [
            models.Index(fields=["need", "status"], name="placement_need_status_idx"),
            models.Index(fields=["candidate", "status"], name="placement_cand_status_idx"),
            # The no-shows of a history (selectors.no_shows_by_candidate), off few rows.
            models.Index(
                fields=["candidate"],
                condition=ENDED_AS_NO_SHOW,
                name="placement_no_show_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.need} ({self.starts_on:%Y-%m-%d})"


class PlacementWeek(models.Model):
    """One week of a placement: the trade, contractor and mentor it rotates to."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="weeks"
    )
    week = models.PositiveSmallIntegerField(_("week"), validators=[MinValueValidator(1)])
    trade = models.ForeignKey(
        Trade, verbose_name=_("trade"), on_delete=models.PROTECT, related_name="+"
    )
    contractor = models.ForeignKey(
        Contractor, verbose_name=_("contractor"), on_delete=models.PROTECT, related_name="+"
    )
    mentor_name = models.CharField(_("mentor's name"), max_length=200, blank=True)
    mentor_email = models.EmailField(_("mentor's email"), blank=True)
    mentor_phone = models.CharField(_("mentor's phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("placement week")
        verbose_name_plural = _("placement weeks")
        ordering = ["placement", "week"]
        constraints = [
            models.CheckConstraint(condition=Q(week__gte=1), name="placement_week_from_one"),
            models.UniqueConstraint(fields=["placement", "week"], name="placement_week_unique"),
        ]

    def __str__(self) -> str:
        return _("Week %(week)s: %(trade)s") % {"week": self.week, "trade": self.trade}


class FollowUpChannel(models.TextChoices):
    ON_SITE = "on_site", _("on site")
    PHONE = "phone", _("phone")
    MENTOR_CHECK_IN = "mentor_check_in", _("mentor check-in")


class FollowUp(models.Model):
    """A weekly follow-up on a placement: attendance, wellbeing and feedback."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    held_on = models.DateField(_("held on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=FollowUpChannel.choices)
    days_present = models.PositiveSmallIntegerField(_("days present"), default=0)
    days_absent = models.PositiveSmallIntegerField(_("days absent"), default=0)
    wellbeing = models.PositiveSmallIntegerField(
        _("wellbeing (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    mentor_feedback = models.TextField(_("mentor's feedback"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wellbeing__isnull=True) | Q(wellbeing__gte=1, wellbeing__lte=5),
                name="follow_up_wellbeing_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(days_present__lte=7 - F("days_absent")),
                name="follow_up_days_within_week",
            ),
        ]
        indexes = [
            # The weeks of no attendance (selectors.no_shows_by_candidate): a few percent.
            models.Index(
                fields=["placement"],
                condition=ABSENT_WEEK,
                name="follow_up_absent_week_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement} {self.held_on:%Y-%m-%d}"


class EndPlanKind(models.TextChoices):
    JOB_OFFER_ON_SITE = "job_offer_on_site", _("job offer on the site")
    EDUCATION = "education", _("education or apprenticeship")
    OTHER_JOB = "other_job", _("job elsewhere")
    FURTHER_PLACEMENT = "further_placement", _("further placement")
    BACK_TO_JOBCENTER = "back_to_jobcenter", _("back to the job centre")


class EndPlan(models.Model):
    """The plan for after the placement, agreed before it ends."""

    placement = models.OneToOneField(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="end_plan"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EndPlanKind.choices)
    details = models.TextField(_("details"), blank=True)
    agreed_on = models.DateField(_("agreed on"))

    class Meta:
        verbose_name = _("end plan")
        verbose_name_plural = _("end plans")

    def __str__(self) -> str:
        return self.get_kind_display()


class OutcomeKind(models.TextChoices):
    JOB_ON_SITE = "job_on_site", _("job on the site")
    JOB_ELSEWHERE = "job_elsewhere", _("job elsewhere")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    EDUCATION = "education", _("education")
    SUBSIDISED_JOB = "subsidised_job", _("subsidised job")
    NONE = "none", _("none (back to the job centre)")


class Evidence(models.TextChoices):
    SELF_REPORTED = "self_reported", _("self-reported")
    EMPLOYER_CONFIRMED = "employer_confirmed", _("confirmed by employer")
    REGISTER_CONFIRMED = "register_confirmed", _("confirmed in register")


class Outcome(models.Model):
    """Where a candidate went after a placement (or without one)."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="outcomes"
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    employer = models.ForeignKey(
        Contractor,
        verbose_name=_("employer (contractor)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employer_name = models.CharField(
        _("employer (other)"),
        max_length=200,
        blank=True,
        help_text=_("The employer or school when it is not a contractor in the system."),
    )
    trade = models.ForeignKey(
        Trade,
        verbose_name=_("trade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_on = models.DateField(_("started on"))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    evidence = models.CharField(
        _("evidence"), max_length=20, choices=Evidence.choices, default=Evidence.SELF_REPORTED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(placement__isnull=False),
                name="one_outcome_per_placement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.get_kind_display()}"


class RetentionMonths(models.IntegerChoices):
    THREE = 3, _("3 months")
    SIX = 6, _("6 months")
    TWELVE = 12, _("12 months")


class RetentionStatus(models.TextChoices):
    IN_JOB = "in_job", _("in a job")
    IN_EDUCATION = "in_education", _("in education")
    NOT_IN_JOB = "not_in_job", _("not in a job or education")
    UNKNOWN = "unknown", _("unknown")


class RetentionCheck(models.Model):
    """A check 3, 6 or 12 months after an outcome. Unknown is never counted as not in a job."""

    outcome = models.ForeignKey(
        Outcome,
        verbose_name=_("outcome"),
        on_delete=models.CASCADE,
        related_name="retention_checks",
    )
    months = models.PositiveSmallIntegerField(_("months after"), choices=RetentionMonths.choices)
    due_on = models.DateField(_("due on"), db_index=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=RetentionStatus.choices, default=RetentionStatus.UNKNOWN
    )
    evidence = models.CharField(_("evidence"), max_length=20, choices=Evidence.choices, blank=True)

    class Meta:
        verbose_name = _("retention check")
        verbose_name_plural = _("retention checks")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "months"], name="one_check_per_outcome_month"
            ),
            models.CheckConstraint(
                condition=Q(months__in=[3, 6, 12]), name="retention_months_3_6_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} +{self.months}"


class MeetingPack(models.Model):
    """What a follow-up group's members get before a meeting, frozen when it is made:
    the report since the last meeting (under disclosure control), the stalled items
    and the last meeting's actions. Made once per meeting (``meeting_pack_freeze``)."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="pack"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    report = models.JSONField(_("report"))
    stalled = models.JSONField(_("stalled items"))
    previous_actions = models.JSONField(_("last meeting's actions"), default=list)
    frozen_at = models.DateTimeField(_("frozen at"))

    class Meta:
        verbose_name = _("meeting pack")
        verbose_name_plural = _("meeting packs")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="pack_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return str(self.meeting)


# --- The report's running sums (PostgreSQL) ---------------------------------------------
#
# On PostgreSQL, triggers (``matching.report_sums``, installed by migration 0005) keep
# these tables equal to sums over the placements, outcomes and retention checks, in the
# transaction that changes them, so the follow-up group's report (``matching.reports``)
# adds up a few thousand rows instead of reading every placement. Each row sums what
# happened on one day, or in one calendar month (``day`` its first day), on one project,
# trade and contractor. Elsewhere (SQLite) the tables stay empty and the report counts
# the placements themselves.


class DueGrain(models.TextChoices):
    DAY = "d", _("day")
    MONTH = "m", _("month")


# The placement sums' counts, each by its own date: proposed (the local day of
# ``proposed_at``), accepted, declined, withdrawn (of ``decided_at``, by the status now),
# started (``starts_on``), and the exits by ``ends_on``.
PLACEMENT_SUM_COUNTS: tuple[str, ...] = (
    "proposed",
    "accepted",
    "declined",
    "withdrawn",
    "started",
    "completed",
    "interrupted",
    "missing",
    *(f"reason_{reason}" for reason in InterruptReason.values),
    *(f"kind_{kind}" for kind in OutcomeKind.values),
)
# The hours per week of the placements under way, by start and by end, plain and times
# the day's number (days since 2000-01-01): a window's trainee hours follow from them.
PLACEMENT_SUM_HOURS = ("start_hours", "start_hour_days", "end_hours", "end_hour_days")
# The retention sums' counts: checks, and checks by status, per months after the exit.
RETENTION_SUM_COUNTS: tuple[str, ...] = tuple(
    f"m{months}_{name}"
    for months in RetentionMonths.values
    for name in ("checks", *RetentionStatus.values)
)


class ReportPlacementSum(models.Model):
    """Placements' counts and hours on one project, trade and contractor."""

    project = models.ForeignKey(
        "renovations.RenovationProject",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    trade = models.ForeignKey(
        Trade, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    contractor = models.ForeignKey(
        Contractor, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    day = models.DateField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.project_id}/{self.trade_id}/{self.contractor_id}"


class ReportPlacementDay(ReportPlacementSum):
    """By the day."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "project", "trade", "contractor"], name="report_placement_day_key"
            ),
        ]


class ReportPlacementMonth(ReportPlacementSum):
    """By the calendar month: ``day`` is its first."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "project", "trade", "contractor"],
                name="report_placement_month_key",
            ),
        ]


class ReportRetentionSum(models.Model):
    """Retention checks of completed placements on one project and contractor, by the
    placement's end and the check's due date: that day, or its month's first day
    (``due_grain``)."""

    project = models.ForeignKey(
        "renovations.RenovationProject",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    contractor = models.ForeignKey(
        Contractor, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    day = models.DateField()
    due_grain = models.CharField(max_length=1, choices=DueGrain.choices)
    due = models.DateField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.due_grain}{self.due} {self.project_id}/{self.contractor_id}"


class ReportRetentionDay(ReportRetentionSum):
    """By the day of the placement's end."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "due_grain", "due", "project", "contractor"],
                name="report_retention_day_key",
            ),
        ]


class ReportRetentionMonth(ReportRetentionSum):
    """By the calendar month of the placement's end: ``day`` is its first."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["due_grain", "due", "day", "project", "contractor"],
                name="report_retention_month_key",
            ),
        ]


for _model in (ReportPlacementDay, ReportPlacementMonth):
    for _name in PLACEMENT_SUM_COUNTS:
        models.IntegerField(default=0).contribute_to_class(_model, _name)
    for _name in PLACEMENT_SUM_HOURS:
        models.DecimalField(max_digits=24, decimal_places=1, default=0).contribute_to_class(
            _model, _name
        )
for _retention in (ReportRetentionDay, ReportRetentionMonth):
    for _name in RETENTION_SUM_COUNTS:
        models.IntegerField(default=0).contribute_to_class(_retention, _name)
