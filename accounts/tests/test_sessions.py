"""Session rules: idle and absolute expiry, and a password alone opening nothing."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import REFRESHED_AT, SIGNED_IN_AT
from accounts.models import Role
from conftest import verified_device
from tests.factories import UserFactory

from .utils import location

SECOND_FACTOR = reverse("accounts:second-factor")


def test_idle_sessions_expire_after_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_REFRESH_SECONDS == 60


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_an_active_session_moves_its_idle_expiry_on_at_most_once_a_minute(signed_in, db):
    client = signed_in(UserFactory())
    client.get(reverse("accounts:account"))
    first = _expiry(client)

    client.get(reverse("accounts:account"))  # within the minute: the session is not written again
    assert _expiry(client) == first

    session = client.session
    session[REFRESHED_AT] = time.time() - 61
    session.save()
    saved = _expiry(client)
    client.get(reverse("accounts:account"))  # a minute on: saved, idle for another 30 minutes from now
    assert _expiry(client) > saved
    assert abs((_expiry(client) - timezone.now()).total_seconds() - settings.SESSION_COOKIE_AGE) < 5


@pytest.mark.parametrize(
    "url_name,args,method",
    [
        ("accounts:account", [], "get"),
        ("accounts:change-password", [], "get"),
        ("accounts:change-password", [], "post"),
        ("accounts:backup-codes", [], "get"),
        ("accounts:backup-codes", [], "post"),
        ("accounts:users", [], "get"),
        ("accounts:user-deactivate", ["member"], "get"),
        ("accounts:user-deactivate", ["member"], "post"),
        ("accounts:set-up-second-factor", [], "get"),
    ],
)
def test_a_password_only_session_is_sent_to_the_second_factor(signed_in, db, url_name, args, method):
    manager = UserFactory(role=Role.NATIONAL_MANAGER, region=None)
    member = UserFactory()
    verified_device(manager)
    client = signed_in(manager, second_factor=False)
    url = reverse(url_name, args=[member.pk for _ in args])

    response = getattr(client, method)(url)

    assert location(response) == SECOND_FACTOR
    member.refresh_from_db()
    assert member.is_active


def test_the_admin_site_needs_the_second_factor_too(signed_in, db):
    superuser = UserFactory(role=Role.NATIONAL_MANAGER, region=None, is_staff=True, is_superuser=True)
    verified_device(superuser)
    assert location(signed_in(superuser, second_factor=False).get("/admin/")) == SECOND_FACTOR


def test_a_session_ends_at_its_absolute_lifetime_however_active(signed_in, db):
    user = UserFactory()
    client = signed_in(user)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() - 60
    session.save()

    assert location(client.get(reverse("accounts:account"))) == f"{reverse('accounts:sign-in')}?expired=1"
    assert location(client.get(reverse("accounts:account"))).startswith(reverse("accounts:sign-in"))


def test_a_session_within_its_lifetime_carries_on(signed_in, db):
    user = UserFactory()
    client = signed_in(user)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 60
    session.save()
    assert client.get(reverse("accounts:account")).status_code == 200
