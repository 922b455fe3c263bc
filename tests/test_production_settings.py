"""Production settings: Django's deployment checks, the Content Security Policy and cookie flags."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from waypoint.database import env_flag
from waypoint.log_format import NoDetailsFormatter, traceback_without_details

ROOT = Path(__file__).resolve().parent.parent


def _production_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "WAYPOINT_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        WAYPOINT_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="waypoint.example",
        DATABASE_URL=os.environ["DATABASE_URL"],
    )
    return env


def test_production_settings_pass_the_deployment_checks_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client):
    response = client.get("/account/sign-in/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_cookies_are_httponly_and_samesite():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax" and settings.CSRF_COOKIE_SAMESITE == "Lax"


def test_passwords_are_hashed_with_argon2():
    assert all("Argon2" in hasher for hasher in settings.PASSWORD_HASHERS[:1])


def _check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_database_url():
    env = _production_env()
    del env["DATABASE_URL"]

    result = _check(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set DATABASE_URL" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "True1", "debug"])
def test_debug_refuses_values_it_does_not_understand(value):
    env = {**_production_env(), "WAYPOINT_ENV": "development", "DEBUG": value}

    result = _check(env)

    assert result.returncode != 0
    assert f"DEBUG must be one of true/false, 1/0 or yes/no, not '{value}'" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), (" Yes ", True), ("TRUE", True), ("0", False), ("false", False), ("no", False)],
)
def test_debug_understands_plain_yes_and_no(monkeypatch, value, expected):
    monkeypatch.setenv("DEBUG", value)
    assert env_flag("DEBUG", default=not expected) is expected


def test_debug_keeps_its_default_when_unset(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_flag("DEBUG", default=True) is True
    assert env_flag("DEBUG", default=False) is False


def test_debug_is_off_under_test_and_production_by_default():
    env = {**_production_env(), "WAYPOINT_ENV": "production"}
    env.pop("DEBUG", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; django.setup(); print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "waypoint.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "False", result.stderr


SECRET_IN_MESSAGE = "Bereaved Testperson of 1 Invented Street"


def _logged_tracebacks(caplog) -> str:
    formatter = NoDetailsFormatter("%(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records if record.exc_info)


@pytest.mark.django_db
def test_a_page_500_logs_its_traceback_without_the_message(cast, signed_in, monkeypatch, caplog):
    def broken(user):
        raise RuntimeError(SECRET_IN_MESSAGE)

    monkeypatch.setattr("accounts.views.otp.backup_codes_left", broken)
    client = signed_in(cast.case_worker)
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(reverse("accounts:account"))

    logged = _logged_tracebacks(caplog)
    assert response.status_code == 500
    assert "Traceback (most recent call last)" in logged
    assert "in account" in logged and "in broken" in logged
    assert "RuntimeError (message withheld)" in logged
    assert SECRET_IN_MESSAGE not in logged
    assert cast.case_worker.email not in logged


@pytest.mark.django_db
def test_an_api_500_logs_its_traceback_without_the_message(cast, signed_in, monkeypatch, caplog):
    def broken(user):
        raise KeyError(SECRET_IN_MESSAGE)

    monkeypatch.setattr("api.views.PersonViewSet.policy", staticmethod(broken))

    with caplog.at_level(logging.ERROR, logger="api.errors"):
        response = signed_in(cast.case_worker).get(reverse("api:person-list"))

    logged = _logged_tracebacks(caplog)
    assert response.status_code == 500
    assert "in broken" in logged and "KeyError (message withheld)" in logged
    assert SECRET_IN_MESSAGE not in logged


def test_the_log_formatter_in_use_withholds_messages():
    formatter = settings.LOGGING["formatters"]["plain"]
    assert formatter["()"] == "waypoint.log_format.NoDetailsFormatter"
    try:
        try:
            raise ValueError(SECRET_IN_MESSAGE)
        except ValueError as inner:
            raise LookupError("second " + SECRET_IN_MESSAGE) from inner
    except LookupError as error:
        text = traceback_without_details(error)
    assert "ValueError (message withheld)" in text and "LookupError (message withheld)" in text
    assert SECRET_IN_MESSAGE not in text
