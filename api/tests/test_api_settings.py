"""The API's own settings: JSON only unless a developer asks, a JSON 404 for any wrong address, a settable rate."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from conftest import sign_in

pytestmark = pytest.mark.django_db

UNKNOWN = ["/api/", "/api/nothing", "/api/v1/nothing/", "/api/v2/people/", "/api/v1/people/1/unknown/"]


def _settings_under(**environment) -> dict:
    """Some settings as a fresh process reads them from `environment` (on top of this one's)."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'renderers': settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'], "
        "'rate': settings.API_THROTTLE_RATE}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "waypoint.settings", **environment}
    # Our own interpreter running our own fixed code.
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout)


PRODUCTION = {"WAYPOINT_ENV": "production", "SECRET_KEY": "x" * 50, "DEBUG": "0", "ALLOWED_HOSTS": "waypoint.example"}


def test_production_answers_json_only_even_when_asked_for_the_browsable_api():
    assert _settings_under(**PRODUCTION)["renderers"] == ["rest_framework.renderers.JSONRenderer"]
    assert _settings_under(**PRODUCTION, WAYPOINT_BROWSABLE_API="1")["renderers"] == [
        "rest_framework.renderers.JSONRenderer"
    ]


def test_the_browsable_api_is_off_unless_a_developer_turns_it_on():
    development = {"WAYPOINT_ENV": "development"}

    assert _settings_under(**development)["renderers"] == ["rest_framework.renderers.JSONRenderer"]
    assert _settings_under(**development, WAYPOINT_BROWSABLE_API="1")["renderers"] == [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ]


def test_a_browser_asking_for_html_gets_json(cast, signed_in):
    response = signed_in(cast.case_worker).get(
        reverse("api:person-list"), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_the_throttle_rate_comes_from_the_environment():
    assert _settings_under()["rate"] == "1000/hour"
    assert _settings_under(WAYPOINT_API_THROTTLE_RATE="120/minute")["rate"] == "120/minute"
    assert (
        "WAYPOINT_API_THROTTLE_RATE must look like 1000/hour"
        in _settings_under(WAYPOINT_API_THROTTLE_RATE="lots")["error"]
    )


@override_settings(API_THROTTLE_RATE="3/minute")
def test_a_user_over_the_rate_is_told_to_wait_in_json(cast, signed_in):
    cache.clear()
    client = signed_in(cast.case_worker)

    answers = [client.get(reverse("api:person-list")).status_code for _ in range(4)]
    refused = client.get(reverse("api:need-type-list"))

    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert "Retry-After" in refused
    cache.clear()


@pytest.mark.parametrize("path", UNKNOWN)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("signed", [True, False], ids=["signed-in", "anonymous"])
def test_a_write_to_an_unknown_api_address_is_a_json_404_not_the_csrf_page(cast, method, path, signed):
    client = Client(enforce_csrf_checks=True)
    if signed:
        sign_in(client, cast.case_worker)

    response = getattr(client, method)(path, "{}", content_type="application/json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
