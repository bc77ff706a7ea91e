"""Pages of notifications outside the API: the landing page, the user's notifications,
the mentor's check-in and the delivery webhook."""

from django.urls import path

from notifications import tracking, views

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("notifications/", views.notifications_page, name="page-notifications"),
    path("check-in/<str:token>/", views.check_in, name="check-in"),
    path("anymail/tracking/", tracking.tracking_webhook, name="anymail-tracking"),
]
