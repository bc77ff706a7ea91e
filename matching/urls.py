from django.urls import path

from matching import apis

urlpatterns = [
    path("candidates/", apis.CandidateListApi.as_view(), name="candidates"),
    path("candidates/<int:candidate_id>/", apis.CandidateDetailApi.as_view(), name="candidate"),
    path(
        "candidates/<int:candidate_id>/consents/",
        apis.CandidateConsentCreateApi.as_view(),
        name="candidate-consents",
    ),
    path(
        "candidates/<int:candidate_id>/export/",
        apis.CandidateExportApi.as_view(),
        name="candidate-export",
    ),
    path(
        "candidates/<int:candidate_id>/erase/",
        apis.CandidateEraseApi.as_view(),
        name="candidate-erase",
    ),
    path(
        "consents/<int:consent_id>/withdraw/",
        apis.ConsentWithdrawApi.as_view(),
        name="consent-withdraw",
    ),
]
