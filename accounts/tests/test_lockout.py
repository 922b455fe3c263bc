"""Finding 9: lockout by account and address together, the right address behind our proxies, and the holder told."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.lockout import client_address
from accounts.models import Role
from tests.factories import TEST_PASSWORD, UserFactory

SIGN_IN = reverse("accounts:sign-in")
SECOND_FACTOR = reverse("accounts:second-factor")
PROXY = "10.0.0.1"


@pytest.fixture
def user(db):
    return UserFactory(email="casey.worker@waypoint.test", role=Role.CASE_WORKER)


WRONG_PASSWORD = "wrong password attempt"


def attempt(client: Client, email: str, password: str | None = None, **headers):
    return client.post(SIGN_IN, {"email": email, "password": password or WRONG_PASSWORD}, **headers)


def fail_five_times(client: Client, email: str, **headers):
    return [attempt(client, email, **headers) for _ in range(5)]


def test_the_lockout_settings_are_these():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AXES_USERNAME_FORM_FIELD == "email"
    assert settings.AXES_CLIENT_IP_CALLABLE == "accounts.lockout.client_address"
    assert settings.WAYPOINT_TRUSTED_PROXY_COUNT == 0


def test_the_fifth_failure_locks_and_the_fourth_does_not(user):
    responses = fail_five_times(Client(REMOTE_ADDR="192.0.2.10"), user.email)

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]


def test_failures_from_one_address_do_not_lock_the_account_from_another(user):
    fail_five_times(Client(REMOTE_ADDR="192.0.2.10"), user.email)

    locked = attempt(Client(REMOTE_ADDR="192.0.2.10"), user.email, TEST_PASSWORD)
    elsewhere = attempt(Client(REMOTE_ADDR="192.0.2.99"), user.email, TEST_PASSWORD)

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert elsewhere["Location"].startswith(SECOND_FACTOR)


@override_settings(WAYPOINT_TRUSTED_PROXY_COUNT=1)
def test_behind_our_proxy_one_person_cannot_lock_out_everyone(user):
    # Every request reaches Waypoint from the proxy; the proxy adds who called it. The guesser also invents a
    # header naming the holder's address, hoping to lock them out.
    guesser = Client(REMOTE_ADDR=PROXY)
    responses = fail_five_times(guesser, user.email, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    holder = attempt(Client(REMOTE_ADDR=PROXY), user.email, TEST_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    guesser_again = attempt(guesser, user.email, TEST_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert responses[-1].status_code == 429
    assert holder.status_code == 302
    assert guesser_again.status_code == 429


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.5", "192.0.2.1"),  # no proxies: the header is the client's own invention
        (1, PROXY, "198.51.100.7, 203.0.113.5", "203.0.113.5"),
        (2, PROXY, "198.51.100.7, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "192.0.2.1", "203.0.113.5", "192.0.2.1"),  # went round our proxies: its own address
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "", PROXY),
    ],
)
def test_the_client_address_is_read_behind_the_configured_proxies(count, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    with override_settings(WAYPOINT_TRUSTED_PROXY_COUNT=count):
        assert client_address(request) == expected


def test_the_holder_is_told_once_by_email(user):
    client = Client(REMOTE_ADDR="192.0.2.10")
    fail_five_times(client, user.email)
    fail_five_times(client, user.email)  # still locked: no second message

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "wrong password 5 times" in message.body
    assert "change your password" in message.body
    assert "30 minutes" in message.body
    assert "192.0.2.10" not in message.body


def test_nobody_is_emailed_for_an_unknown_account(db):
    responses = fail_five_times(Client(REMOTE_ADDR="192.0.2.10"), "nobody@waypoint.test")

    assert responses[-1].status_code == 429
    assert mail.outbox == []


def test_failures_and_lockouts_log_no_account_name_or_address(user, caplog):
    with caplog.at_level(logging.DEBUG, logger="accounts"):
        fail_five_times(Client(REMOTE_ADDR="192.0.2.10"), user.email)

    logged = " ".join(record.getMessage() for record in caplog.records)
    assert user.email not in logged and "casey" not in logged.lower()
    assert "192.0.2.10" not in logged
