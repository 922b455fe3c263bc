"""First sign-in: adding an authenticator app, then backup codes shown once."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp
from conftest import verified_device
from tests.factories import TEST_PASSWORD, UserFactory

from .utils import location, totp_code

SET_UP = reverse("accounts:set-up-second-factor")
BACKUP_CODES = reverse("accounts:backup-codes")
ACCOUNT = reverse("accounts:account")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def new_user_client(user) -> Client:
    client = Client()
    assert location(client.post(reverse("accounts:sign-in"), {"email": user.email, "password": TEST_PASSWORD})) == (
        SET_UP
    )
    return client


def _shown_codes(response) -> list[str]:
    listing = re.search(r'<ul class="govuk-list waypoint-code"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    return re.findall(r"<li>(\w+)</li>", listing.group(1)) if listing else []


def test_set_up_page_shows_a_qr_code_and_the_key(new_user_client, user):
    response = new_user_client.get(SET_UP)

    assert response.status_code == 200
    content = response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert device.name == "Authenticator app"
    assert re.search(r'<div class="waypoint-qr"><svg role="img" aria-labelledby="qr-title"', content)
    assert '<title id="qr-title">' in content
    secret = b32encode(device.bin_key).decode()
    assert secret in content.replace(" ", "")
    assert "style=" not in content and "<script>" not in content


def test_set_up_reuses_the_device_until_it_is_confirmed(new_user_client, user):
    new_user_client.get(SET_UP)
    new_user_client.get(SET_UP)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_set_up_confirms_the_app_and_shows_ten_backup_codes_once(new_user_client, user):
    new_user_client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)

    response = new_user_client.post(SET_UP, {"code": totp_code(device)})

    assert location(response) == BACKUP_CODES
    device.refresh_from_db()
    assert device.confirmed
    shown = _shown_codes(new_user_client.get(BACKUP_CODES))
    assert len(shown) == 10
    assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    # Shown once only.
    assert _shown_codes(new_user_client.get(BACKUP_CODES)) == []
    # Both factors are done: the account page opens.
    assert new_user_client.get(ACCOUNT).status_code == 200


def test_a_wrong_code_does_not_confirm_the_app(new_user_client, user):
    new_user_client.get(SET_UP)
    response = new_user_client.post(SET_UP, {"code": "12345"})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed
    assert location(new_user_client.get(ACCOUNT)) == reverse("accounts:second-factor")


def test_a_password_alone_cannot_add_a_second_app(signed_in, user):
    verified_device(user)
    client = signed_in(user, second_factor=False)

    assert location(client.get(SET_UP)) == reverse("accounts:second-factor")
    assert location(client.post(SET_UP, {"code": "123456"})) == reverse("accounts:second-factor")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_new_backup_codes_replace_the_old_ones(signed_in, user):
    old = set(otp.new_backup_codes(user))
    client = signed_in(user)

    response = client.post(BACKUP_CODES)

    assert location(response) == BACKUP_CODES
    shown = _shown_codes(client.get(BACKUP_CODES))
    assert len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert stored == set(shown)
    assert not stored & old


def test_backup_codes_page_without_new_codes_says_how_many_are_left(signed_in, user):
    otp.new_backup_codes(user)
    response = signed_in(user).get(BACKUP_CODES)
    assert "You have 10 unused backup codes" in response.content.decode()
    assert _shown_codes(response) == []
