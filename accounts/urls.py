from django.urls import URLPattern, URLResolver, path

from accounts.apis import TokenApi

urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenApi.as_view(), name="auth-token"),
]
