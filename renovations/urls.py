from django.urls import path

from renovations import apis

urlpatterns = [
    path("me/", apis.MeApi.as_view(), name="me"),
    path("trades/", apis.TradeListApi.as_view(), name="trades"),
    path("municipalities/", apis.MunicipalityListApi.as_view(), name="municipalities"),
    path("housing-areas/", apis.HousingAreaListApi.as_view(), name="housing-areas"),
    path("projects/", apis.ProjectListApi.as_view(), name="projects"),
    path("projects/<id:project_id>/", apis.ProjectDetailApi.as_view(), name="project"),
    path("contractors/", apis.ContractorListApi.as_view(), name="contractors"),
    path("needs/", apis.NeedListApi.as_view(), name="needs"),
    path("needs/<id:need_id>/", apis.NeedDetailApi.as_view(), name="need"),
    path("follow-up-groups/", apis.FollowUpGroupListApi.as_view(), name="follow-up-groups"),
    path(
        "follow-up-groups/<id:group_id>/meetings/",
        apis.FollowUpGroupMeetingsApi.as_view(),
        name="follow-up-group-meetings",
    ),
    path(
        "follow-up-groups/<id:group_id>/meetings/<id:meeting_id>/",
        apis.FollowUpGroupMeetingApi.as_view(),
        name="follow-up-group-meeting",
    ),
    path("action-items/<id:item_id>/", apis.ActionItemApi.as_view(), name="action-item"),
]
