from django.urls import path

from notifications import apis

urlpatterns = [
    path("notifications/", apis.NotificationListApi.as_view(), name="notifications"),
]
