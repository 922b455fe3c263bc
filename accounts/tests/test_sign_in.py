"""Signing in: password, then a one-time code; one error for any wrong details; lockout after repeated failures."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts import otp
from accounts.models import Role
from conftest import verified_device
from tests.factories import TEST_PASSWORD, UserFactory

from .utils import location, totp_code

SIGN_IN = reverse("accounts:sign-in")
SECOND_FACTOR = reverse("accounts:second-factor")
SET_UP = reverse("accounts:set-up-second-factor")
HOME = reverse("frontend:home")
ACCOUNT = reverse("accounts:account")
GENERIC_ERROR = "Enter a correct email address and password"


@pytest.fixture
def user(db):
    return UserFactory(email="casey.worker@waypoint.test", role=Role.CASE_WORKER)


def test_passwords_are_stored_as_argon2_hashes(user):
    assert user.password.startswith("argon2")
    assert TEST_PASSWORD not in user.password


def test_sign_in_page_has_an_email_and_a_password_field(client, db):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert b'name="email"' in response.content
    assert b'type="password"' in response.content


def test_password_then_real_authenticator_code_signs_in(client, user):
    device = verified_device(user)

    response = client.post(SIGN_IN, {"email": "Casey.Worker@waypoint.test", "password": TEST_PASSWORD})
    assert location(response) == SECOND_FACTOR
    # The password alone opens nothing.
    assert location(client.get(ACCOUNT)) == SECOND_FACTOR

    response = client.post(SECOND_FACTOR, {"code": totp_code(device)})
    assert location(response) == HOME
    assert client.get(ACCOUNT).status_code == 200


def test_signing_in_gives_a_new_session_key(client, user):
    verified_device(user)
    session = client.session
    session["planted"] = True
    session.save()
    planted_key = session.session_key

    client.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted_key


def test_completing_the_second_factor_gives_a_new_session_key(client, user):
    device = verified_device(user)
    client.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})
    password_only_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(SECOND_FACTOR, {"code": totp_code(device)})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != password_only_key


def test_first_sign_in_without_an_authenticator_app_goes_to_set_up(client, user):
    response = client.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})
    assert location(response) == SET_UP


def test_unknown_email_and_wrong_password_get_the_same_error(client, user):
    unknown = client.post(SIGN_IN, {"email": "nobody@waypoint.test", "password": TEST_PASSWORD})
    wrong = client.post(SIGN_IN, {"email": user.email, "password": "not the password at all"})

    for response, email in ((unknown, "nobody@waypoint.test"), (wrong, user.email)):
        assert response.status_code == 200
        content = response.content.decode()
        assert "govuk-error-summary" in content
        assert GENERIC_ERROR in content
        assert f'value="{email}"' in content, "the email typed is kept"
        assert "_auth_user_id" not in client.session


def test_inactive_user_gets_the_same_error(client, user):
    user.is_active = False
    user.save()
    response = client.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})
    assert GENERIC_ERROR in response.content.decode()


def test_missing_details_are_asked_for(client, db):
    response = client.post(SIGN_IN, {"email": "", "password": ""})
    content = response.content.decode()
    assert "Enter your email address" in content
    assert "Enter your password" in content


def test_a_safe_next_page_is_kept_through_both_steps(client, user):
    device = verified_device(user)
    query = urlencode({"next": "/account/password/"})

    response = client.post(f"{SIGN_IN}?{query}", {"email": user.email, "password": TEST_PASSWORD})
    assert location(response) == f"{SECOND_FACTOR}?{query}"

    response = client.post(f"{SECOND_FACTOR}?{query}", {"code": totp_code(device)})
    assert location(response) == "/account/password/"


def test_a_next_page_on_another_site_is_ignored(client, user):
    device = verified_device(user)
    response = client.post(
        SIGN_IN, {"email": user.email, "password": TEST_PASSWORD, "next": "https://elsewhere.example/steal"}
    )
    assert location(response) == SECOND_FACTOR
    response = client.post(SECOND_FACTOR, {"code": totp_code(device), "next": "//elsewhere.example/"})
    assert location(response) == HOME


def test_sign_in_page_explains_an_expired_session(client, db):
    assert "longest time allowed" in client.get(f"{SIGN_IN}?expired=1").content.decode()
    assert "longest time allowed" not in client.get(SIGN_IN).content.decode()


def test_signed_in_user_visiting_sign_in_is_sent_on(signed_in, user):
    client = signed_in(user)
    assert location(client.get(SIGN_IN)) == HOME


def _fail_until_locked(client: Client, email: str):
    responses = [
        client.post(SIGN_IN, {"email": email, "password": "wrong password attempt"})
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    return responses


def test_account_is_locked_after_the_failure_limit(user):
    client = Client(REMOTE_ADDR="127.0.0.2")
    responses = _fail_until_locked(client, user.email)

    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    assert "locked for 30 minutes" in responses[-1].content.decode()

    # Even the right password is refused while locked.
    response = client.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_looks_the_same_for_unknown_and_known_emails(user):
    known = _fail_until_locked(Client(REMOTE_ADDR="127.0.0.2"), user.email)[-1]
    unknown = _fail_until_locked(Client(REMOTE_ADDR="127.0.0.3"), "nobody@waypoint.test")[-1]

    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_wrong_code_shows_an_error_and_does_not_verify(signed_in, user):
    verified_device(user)
    client = signed_in(user, second_factor=False)

    response = client.post(SECOND_FACTOR, {"code": "000000"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Enter a correct code" in content
    assert location(client.get(ACCOUNT)) == SECOND_FACTOR


def test_a_code_is_not_accepted_twice(client, user):
    device = verified_device(user)
    code = totp_code(device)
    client.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})
    assert location(client.post(SECOND_FACTOR, {"code": code})) == HOME

    other = Client()
    other.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})
    assert other.post(SECOND_FACTOR, {"code": code}).status_code == 200


def test_a_backup_code_works_exactly_once(signed_in, user):
    verified_device(user)
    codes = otp.new_backup_codes(user)

    first = Client()
    first.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})
    assert location(first.post(SECOND_FACTOR, {"code": codes[0].upper()})) == HOME

    second = Client()
    second.post(SIGN_IN, {"email": user.email, "password": TEST_PASSWORD})
    response = second.post(SECOND_FACTOR, {"code": codes[0]})
    assert response.status_code == 200
    assert "Enter a correct code" in response.content.decode()
    assert otp.backup_codes_left(user) == otp.BACKUP_CODE_COUNT - 1


def test_second_factor_page_sends_a_signed_out_visitor_to_sign_in(client, db):
    assert location(client.get(SECOND_FACTOR)) == SIGN_IN


def test_sign_out_needs_a_post_and_ends_the_session(signed_in, user):
    client = signed_in(user)
    assert client.get(reverse("accounts:sign-out")).status_code == 405

    assert location(client.post(reverse("accounts:sign-out"))) == SIGN_IN
    assert location(client.get(ACCOUNT)).startswith(SIGN_IN)
