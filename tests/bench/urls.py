from django.urls import include, path

from tests.bench import views

urlpatterns = [
    path("bench/bare/", views.bare_candidates, name="bench-bare"),
    path("bench/bare-needs/", views.bare_needs, name="bench-bare-needs"),
    path("bench/hello/", views.hello, name="bench-hello"),
    path("", include("config.urls")),
]
