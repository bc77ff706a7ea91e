from django.urls import path

from matching import apis, placement_apis, report_apis, suggestion_apis

urlpatterns = [
    path("candidates/", apis.CandidateListApi.as_view(), name="candidates"),
    path("candidates/<id:candidate_id>/", apis.CandidateDetailApi.as_view(), name="candidate"),
    path(
        "candidates/<id:candidate_id>/consents/",
        apis.CandidateConsentCreateApi.as_view(),
        name="candidate-consents",
    ),
    path(
        "candidates/<id:candidate_id>/export/",
        apis.CandidateExportApi.as_view(),
        name="candidate-export",
    ),
    path(
        "candidates/<id:candidate_id>/erase/",
        apis.CandidateEraseApi.as_view(),
        name="candidate-erase",
    ),
    path(
        "consents/<id:consent_id>/withdraw/",
        apis.ConsentWithdrawApi.as_view(),
        name="consent-withdraw",
    ),
]

placement_actions = {
    "accept": placement_apis.PlacementAcceptApi,
    "decline": placement_apis.PlacementDeclineApi,
    "start": placement_apis.PlacementStartApi,
    "complete": placement_apis.PlacementCompleteApi,
    "interrupt": placement_apis.PlacementInterruptApi,
    "withdraw": placement_apis.PlacementWithdrawApi,
    "hire": placement_apis.PlacementHireApi,
    "follow-ups": placement_apis.PlacementFollowUpApi,
    "end-plan": placement_apis.PlacementEndPlanApi,
    "weeks": placement_apis.PlacementWeeksApi,
}

urlpatterns += [
    path("placements/", placement_apis.PlacementListApi.as_view(), name="placements"),
    path(
        "placements/<id:placement_id>/",
        placement_apis.PlacementDetailApi.as_view(),
        name="placement",
    ),
    *(
        path(f"placements/<id:placement_id>/{action}/", view.as_view(), name=f"placement-{action}")
        for action, view in placement_actions.items()
    ),
    path("outcomes/", placement_apis.OutcomeCreateApi.as_view(), name="outcomes"),
    path(
        "retention-checks/<id:check_id>/record/",
        placement_apis.RetentionCheckRecordApi.as_view(),
        name="retention-check-record",
    ),
]

urlpatterns += [
    path(
        "needs/<id:need_id>/suggestions/",
        suggestion_apis.NeedSuggestionsApi.as_view(),
        name="need-suggestions",
    ),
    path("allocations/", suggestion_apis.AllocationApi.as_view(), name="allocations"),
    path(
        "allocations/confirm/",
        suggestion_apis.AllocationConfirmApi.as_view(),
        name="allocations-confirm",
    ),
]

urlpatterns += [
    path("reports/", report_apis.ReportApi.as_view(), name="reports"),
    path(
        "meetings/<id:meeting_id>/pack/",
        report_apis.MeetingPackApi.as_view(),
        name="meeting-pack",
    ),
]
