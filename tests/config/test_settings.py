"""The production posture: real secrets demanded, and Django's deploy check clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x7#kq!v9Lm2@pR4s$T6u^W8y&Z0a*B1c(D3e)F5g-H7i+J9k=L1m",
    "CPR_LOOKUP_KEY": "another-long-secret-only-for-the-cpr-lookup-0123",
    "ALLOWED_HOSTS": "byggebro.example.dk",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ENV", "SECRET_KEY", "CPR_LOOKUP_KEY", "SECURE_SSL_REDIRECT"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ssl_redirect_can_be_left_to_a_proxy() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION_ENV,
        SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "CPR_LOOKUP_KEY"])
def test_production_refuses_to_start_without_its_secrets(missing: str) -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_env_helpers_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG", default=False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", default=1)
    monkeypatch.setenv("SOME_FLAG", "off")
    assert env_bool("SOME_FLAG", default=True) is False


def test_danish_by_default_in_copenhagen_time(settings: object) -> None:
    from django.conf import settings as django_settings

    assert django_settings.LANGUAGE_CODE == "da"
    assert django_settings.TIME_ZONE == "Europe/Copenhagen"
    assert django_settings.USE_TZ is True
    assert {code for code, _ in django_settings.LANGUAGES} == {"da", "en"}
