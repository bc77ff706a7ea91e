"""Pages of notifications outside the API: the mentor's check-in and the delivery webhook."""

from django.urls import path

from notifications import tracking, views

urlpatterns = [
    path("check-in/<str:token>/", views.check_in, name="check-in"),
    path("anymail/tracking/", tracking.tracking_webhook, name="anymail-tracking"),
]
