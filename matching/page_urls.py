"""The web pages of matching (the API's URLs are in matching/urls.py)."""

from django.urls import path

from matching import views

urlpatterns = [
    path("candidates/", views.candidates_page, name="page-candidates"),
    path("candidates/new/", views.candidate_new_page, name="page-candidate-new"),
    path("candidates/<id:candidate_id>/", views.candidate_page, name="page-candidate"),
    path(
        "candidates/<id:candidate_id>/consents/",
        views.candidate_consent_page,
        name="page-candidate-consent",
    ),
    path(
        "consents/<id:consent_id>/withdraw/",
        views.consent_withdraw_page,
        name="page-consent-withdraw",
    ),
    path("needs/", views.needs_page, name="page-needs"),
    path("needs/<id:need_id>/", views.need_page, name="page-need"),
    path("needs/<id:need_id>/introduce/", views.need_introduce_page, name="page-need-introduce"),
    path("placements/<id:placement_id>/", views.placement_page, name="page-placement"),
    path(
        "placements/<id:placement_id>/<slug:action>/",
        views.placement_action_page,
        name="page-placement-action",
    ),
    path(
        "retention-checks/<id:check_id>/",
        views.retention_check_page,
        name="page-retention-check",
    ),
    path("allocations/", views.allocations_page, name="page-allocations"),
    path("calendar/", views.calendar_page, name="page-calendar"),
    path("reports/", views.report_page, name="page-report"),
    path("meetings/<id:meeting_id>/pack/", views.meeting_pack_page, name="page-meeting-pack"),
]
