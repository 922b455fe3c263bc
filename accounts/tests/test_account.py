"""The user's own account page, and changing a password (which signs out every other session)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from conftest import sign_in
from tests.factories import TEST_PASSWORD, UserFactory, region

from .utils import location

ACCOUNT = reverse("accounts:account")
CHANGE_PASSWORD = reverse("accounts:change-password")
NEW_PASSWORD = "a quite different passphrase 77"


@pytest.fixture
def user(db):
    return UserFactory(full_name="Casey Worker", role=Role.CASE_WORKER, region=region("london"))


def test_account_page_shows_name_role_region_and_links(signed_in, user):
    content = signed_in(user).get(ACCOUNT).content.decode()
    for text in ("Casey Worker", "Case worker", "London", CHANGE_PASSWORD, reverse("accounts:backup-codes")):
        assert text in content
    assert reverse("accounts:users") not in content


def test_account_page_links_team_leaders_to_their_users(signed_in, db):
    leader = UserFactory(role=Role.TEAM_LEADER, region=region("london"))
    assert reverse("accounts:users") in signed_in(leader).get(ACCOUNT).content.decode()


def test_changing_the_password_signs_out_every_other_session(client, user):
    sign_in(client, user)
    other_device = sign_in(Client(), user)
    assert other_device.get(ACCOUNT).status_code == 200

    response = client.post(
        CHANGE_PASSWORD, {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert location(response) == ACCOUNT
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.password.startswith("argon2")
    # This session carries on; the other one is signed out.
    assert client.get(ACCOUNT).status_code == 200
    assert location(other_device.get(ACCOUNT)).startswith(reverse("accounts:sign-in"))


def test_a_wrong_current_password_changes_nothing(signed_in, user):
    response = signed_in(user).post(
        CHANGE_PASSWORD,
        {"old_password": "not my password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_a_weak_new_password_is_refused(signed_in, user):
    response = signed_in(user).post(
        CHANGE_PASSWORD, {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_extra_fields_posted_to_sign_in_and_password_forms_are_ignored(client, user):
    london = user.region
    elsewhere = region("south-east-east")
    extra = {"role": Role.NATIONAL_MANAGER, "region": elsewhere.pk, "is_staff": "on", "is_superuser": "on"}

    client.post(reverse("accounts:sign-in"), {"email": user.email, "password": TEST_PASSWORD, **extra})
    client.post(reverse("accounts:second-factor"), {"code": "000000", **extra})
    sign_in(client, user)
    client.post(
        CHANGE_PASSWORD,
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, **extra},
    )
    client.post(reverse("accounts:backup-codes"), extra)

    user = User.objects.get(pk=user.pk)
    assert (user.role, user.region, user.is_staff, user.is_superuser) == (Role.CASE_WORKER, london, False, False)
    assert user.check_password(NEW_PASSWORD)
