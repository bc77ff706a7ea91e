"""The landing page and the user's notifications (the API's URLs are in urls.py)."""

from django.urls import path

from notifications import views

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("notifications/", views.notifications_page, name="page-notifications"),
]
