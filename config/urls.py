from django.contrib import admin
from django.contrib.auth.views import PasswordResetView
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.health import healthz

api_v1 = [
    path("", include("accounts.urls")),
    path("", include("renovations.urls")),
    path("", include("matching.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    # Before the admin: its login page offers "forgotten your password?" when this name exists.
    path("admin/password_reset/", PasswordResetView.as_view(), name="admin_password_reset"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

admin.site.site_header = "Byggebro"
admin.site.site_title = "Byggebro"
