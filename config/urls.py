from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth.views import PasswordResetView
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.health import healthz

# Swagger UI with its start-up script served as a file (the "split" view), so the
# site's CSP needs no inline script; the page's one small inline <style> is
# allowed by its hash, on this page only.
SWAGGER_UI_INLINE_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
api_docs = csp_update({"style-src": [SWAGGER_UI_INLINE_STYLE]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

api_v1 = [
    path("", include("accounts.urls")),
    path("", include("renovations.urls")),
    path("", include("matching.urls")),
    path("", include("notifications.urls")),
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
    path("api/docs/", api_docs, name="api-docs"),
    # The web pages (DESIGN §9); renovations first, so /needs/new/ is not read as an id.
    path("", include("renovations.page_urls")),
    path("", include("matching.page_urls")),
    path("", include("notifications.page_urls")),
]

admin.site.site_header = "Byggebro"
admin.site.site_title = "Byggebro"

handler404 = "config.not_found.not_found"
