"""Finding 8: API tokens are kept as digests, expire, end with the account's credentials, and their holder sees and
revokes them."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pghistory.models
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import actions
from accounts.models import ApiToken
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:api-tokens")


def api_status(secret: str) -> int:
    return Client().get(reverse("api:person-list"), HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def test_tokens_last_90_days_unless_configured():
    assert settings.API_TOKEN_DAYS == 90


def test_only_a_digest_of_the_secret_is_stored(cast):
    token, secret = actions.create_api_token(user=cast.case_worker, name="Script")

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken WHERE id = %s", [token.pk])
        stored = [str(value) for value in cursor.fetchone()]
    assert secret not in stored
    assert hashlib.sha256(secret.encode()).hexdigest() in stored
    assert token.prefix == secret[:10]
    assert api_status(secret) == 200


def test_a_token_expires(cast):
    token, secret = actions.create_api_token(user=cast.case_worker, name="Script")
    assert token.expires_at - token.created_at == timedelta(days=90)

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert api_status(secret) == 401


def test_a_revoked_token_is_refused(cast):
    token, secret = actions.create_api_token(user=cast.case_worker, name="Script")

    actions.revoke_api_token(token=token, by=cast.case_worker)

    assert api_status(secret) == 401


def test_a_use_is_noted(cast):
    token, secret = actions.create_api_token(user=cast.case_worker, name="Script")

    assert api_status(secret) == 200

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_changing_the_password_ends_every_token(cast, signed_in):
    _, first = actions.create_api_token(user=cast.case_worker, name="One")
    _, second = actions.create_api_token(user=cast.case_worker, name="Two")
    _, someone_elses = actions.create_api_token(user=cast.other_case_worker, name="Theirs")

    response = signed_in(cast.case_worker).post(
        reverse("accounts:change-password"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a new and long passphrase 7",
            "new_password2": "a new and long passphrase 7",
        },
    )

    assert response.status_code == 302
    assert (api_status(first), api_status(second), api_status(someone_elses)) == (401, 401, 200)


def test_a_wrong_old_password_changes_nothing_and_ends_no_token(cast, signed_in):
    _, secret = actions.create_api_token(user=cast.case_worker, name="One")

    response = signed_in(cast.case_worker).post(
        reverse("accounts:change-password"),
        {
            "old_password": "wrong",
            "new_password1": "a new and long passphrase 7",
            "new_password2": "a new and long passphrase 7",
        },
    )

    assert response.status_code == 200
    assert api_status(secret) == 200


def test_a_second_factor_reset_ends_every_token(cast):
    _, secret = actions.create_api_token(user=cast.case_worker, name="Script")

    actions.reset_second_factor(user=cast.case_worker, by=cast.team_leader)

    assert api_status(secret) == 401


def test_deactivation_ends_every_token_for_good(cast):
    token, secret = actions.create_api_token(user=cast.case_worker, name="Script")

    actions.deactivate_user(member=cast.case_worker, by=cast.team_leader)
    cast.case_worker.is_active = True
    cast.case_worker.save()

    assert api_status(secret) == 401


def test_the_page_lists_only_the_users_own_tokens(cast, signed_in):
    actions.create_api_token(user=cast.case_worker, name="Monthly report script")
    actions.create_api_token(user=cast.other_case_worker, name="Someone else's script")

    response = signed_in(cast.case_worker).get(TOKENS)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Monthly report script" in page
    assert "Someone else" not in page
    assert "Never" in page  # last used


def test_a_new_token_is_shown_once_and_works(cast, signed_in):
    client = signed_in(cast.case_worker)

    response = client.post(TOKENS, {"name": "Nightly export"})
    shown = client.get(TOKENS).content.decode()
    again = client.get(TOKENS).content.decode()

    assert response.status_code == 302
    token = ApiToken.objects.get(user=cast.case_worker)
    secret = shown.split('id="new-token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith(token.prefix)
    assert secret not in again
    assert api_status(secret) == 200


def test_a_token_needs_a_name(cast, signed_in):
    response = signed_in(cast.case_worker).post(TOKENS, {"name": "  "})

    assert response.status_code == 200
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.filter(user=cast.case_worker).exists()


def test_the_holder_revokes_a_token_and_the_history_says_who(cast, signed_in):
    token, secret = actions.create_api_token(user=cast.case_worker, name="Script")
    client = signed_in(cast.case_worker)

    response = client.post(reverse("accounts:api-token-revoke", args=[token.pk]))

    assert response.status_code == 302
    assert api_status(secret) == 401
    event = pghistory.models.Events.objects.references(token).filter(pgh_label="update").get()
    assert event.pgh_context["user"] == cast.case_worker.pk
    assert event.pgh_context["action"] == "revoke_api_token"


def test_nobody_else_revokes_a_token(cast, signed_in):
    token, secret = actions.create_api_token(user=cast.case_worker, name="Script")

    for user in (cast.team_leader, cast.national_manager):
        client = signed_in(user)
        assert client.get(reverse("accounts:api-token-revoke", args=[token.pk])).status_code == 404
        assert client.post(reverse("accounts:api-token-revoke", args=[token.pk])).status_code == 404
    assert api_status(secret) == 200


def _token_events(token, label: str):
    return pghistory.models.Events.objects.references(token).filter(pgh_label=label)


@pytest.mark.parametrize(
    ("end", "action", "by"),
    [
        (
            lambda c: actions.change_password(user=c.case_worker, new_password="a new and long passphrase 7"),
            "change_password",
            "case_worker",
        ),
        (
            lambda c: actions.reset_second_factor(user=c.case_worker, by=c.team_leader),
            "reset_second_factor",
            "team_leader",
        ),
        (lambda c: actions.deactivate_user(member=c.case_worker, by=c.team_leader), "deactivate_user", "team_leader"),
    ],
)
def test_the_history_says_who_ended_the_tokens_and_why(cast, end, action, by):
    token, _ = actions.create_api_token(user=cast.case_worker, name="Script")
    created = _token_events(token, "insert").get()

    end(cast)

    ended = _token_events(token, "update").get()
    assert created.pgh_context["action"] == "create_api_token"
    assert created.pgh_context["user"] == cast.case_worker.pk
    assert ended.pgh_context["action"] == action
    assert ended.pgh_context["user"] == getattr(cast, by).pk
    assert ended.pgh_data["revoked_at"] is not None
