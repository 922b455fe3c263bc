"""Production settings: Django's deployment checks, the Content Security Policy and cookie flags."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

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
