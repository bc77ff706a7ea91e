"""The web pages of renovations (the API's URLs are in renovations/urls.py)."""

from django.urls import path

from renovations import views

urlpatterns = [
    path("needs/new/", views.need_new_page, name="page-need-new"),
    path("needs/<id:need_id>/edit/", views.need_edit_page, name="page-need-edit"),
    path(
        "follow-up-groups/<id:group_id>/meetings/new/",
        views.meeting_new_page,
        name="page-meeting-new",
    ),
]
