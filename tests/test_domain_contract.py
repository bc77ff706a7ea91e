"""Every model and field that DESIGN §2 names exists, in the app DESIGN puts it in."""

import pytest
from django.apps import apps

CONTRACT: dict[str, dict[str, set[str]]] = {
    "accounts": {
        "User": {"email", "full_name", "phone", "language"},
        "AuditEvent": {
            "actor",
            "occurred_at",
            "action",
            "object_type",
            "object_id",
            "candidate_id",
            "purpose",
        },
    },
    "renovations": {
        "Municipality": {"code", "name", "coordinators"},
        "HousingOrganisation": {"name", "cvr"},
        "HousingArea": {
            "name",
            "municipality",
            "organisation",
            "category",
            "postal_code",
            "residents",
            "social_workers",
        },
        "RenovationProject": {
            "area",
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
        },
        "Contractor": {"cvr", "name", "email", "phone", "staff"},
        "ProjectContractor": {"project", "contractor", "role"},
        "Trade": {"code", "name_da", "name_en"},
        "LabourNeed": {
            "project",
            "contractor",
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
        },
        "FollowUpGroup": {"project", "name", "members", "cadence_months", "next_meeting_on"},
        "FollowUpGroupMember": {"group", "user", "organisation"},
        "Meeting": {"group", "held_on", "agenda", "minutes", "report_snapshot"},
        "ActionItem": {"meeting", "text", "owner", "due_on", "done"},
    },
    "matching": {
        "Candidate": {
            "first_name",
            "last_name",
            "email",
            "phone",
            "birth_date",
            "cpr_lookup",
            "municipality",
            "coordinator",
            "home_area",
            "benefit_group",
            "referral_source",
            "referred_by",
            "referred_on",
            "open_to_any_trade",
            "has_driving_licence",
            "safety_course_until",
            "danish_level",
            "speaks_english",
            "available_from",
            "notes",
            "status",
        },
        "TradeInterest": {"candidate", "trade", "rank"},
        "Consent": {
            "candidate",
            "recipient",
            "purpose",
            "given_on",
            "expires_on",
            "withdrawn_on",
            "recorded_by",
            "evidence",
        },
        "Placement": {
            "candidate",
            "need",
            "kind",
            "starts_on",
            "ends_on",
            "status",
            "coordinator",
            "score",
            "reasons",
            "override_reason",
            "decided_by",
            "decided_at",
            "decline_reason",
            "interrupt_reason",
            "hours_per_week",
        },
        "PlacementWeek": {"placement", "week", "trade", "contractor", "mentor_name"},
        "FollowUp": {
            "placement",
            "held_on",
            "by",
            "channel",
            "days_present",
            "days_absent",
            "wellbeing",
            "mentor_feedback",
            "notes",
            "next_step",
        },
        "EndPlan": {"placement", "kind", "details", "agreed_on"},
        "Outcome": {
            "candidate",
            "placement",
            "kind",
            "employer",
            "employer_name",
            "trade",
            "started_on",
            "hours_per_week",
            "evidence",
        },
        "RetentionCheck": {"outcome", "months", "due_on", "checked_on", "status", "evidence"},
    },
}


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [(app, model) for app, models in CONTRACT.items() for model in models],
)
def test_model_has_the_fields_design_names(app_label: str, model_name: str) -> None:
    model = apps.get_model(app_label, model_name)
    names = {field.name for field in model._meta.get_fields()}
    assert CONTRACT[app_label][model_name] <= names, CONTRACT[app_label][model_name] - names
    # A translatable name is set on purpose, so the admin and exports speak Danish.
    assert "verbose_name" in model._meta.original_attrs


def test_choices_use_the_design_values() -> None:
    from matching.models import (
        ConsentRecipient,
        EndPlanKind,
        FollowUpChannel,
        InterruptReason,
        OutcomeKind,
        PlacementStatus,
        RetentionStatus,
    )
    from renovations.models import NeedKind, NeedStatus, ProjectStatus

    assert set(PlacementStatus.values) == {
        "proposed",
        "accepted",
        "active",
        "completed",
        "interrupted",
        "declined",
        "withdrawn",
    }
    assert set(InterruptReason.values) == {
        "no_show",
        "illness",
        "personal",
        "contractor_ended",
        "got_job",
        "other",
    }
    assert set(ConsentRecipient.values) == {
        "contractors",
        "housing_social_plan",
        "vocational_school",
        "trade_union",
    }
    assert set(FollowUpChannel.values) == {"on_site", "phone", "mentor_check_in"}
    assert set(EndPlanKind.values) == {
        "job_offer_on_site",
        "education",
        "other_job",
        "further_placement",
        "back_to_jobcenter",
    }
    assert set(OutcomeKind.values) == {
        "job_on_site",
        "job_elsewhere",
        "apprenticeship",
        "education",
        "subsidised_job",
        "none",
    }
    assert set(RetentionStatus.values) == {"in_job", "in_education", "not_in_job", "unknown"}
    assert set(NeedStatus.values) == {"open", "filled", "closed", "cancelled"}
    assert set(ProjectStatus.values) == {"planned", "active", "completed"}
    assert "snusepraktik" in NeedKind.values
