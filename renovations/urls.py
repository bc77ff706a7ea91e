from django.urls import path

from renovations import apis

urlpatterns = [
    path("me/", apis.MeApi.as_view(), name="me"),
]
