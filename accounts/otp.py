"""The second factor: one authenticator app (TOTP) per user, and one-use backup codes (django-otp)."""

from __future__ import annotations

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.html import escape
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

AUTHENTICATOR_APP = "Authenticator app"
BACKUP_CODES = "Backup codes"
BACKUP_CODE_COUNT = 10
TOTP_CODE = re.compile(r"^\d{6}$")


def authenticator_app(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def unconfirmed_authenticator_app(user: User) -> TOTPDevice:
    """The device being set up: reused across page loads so the QR code stays the same until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR_APP).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_APP, confirmed=False)


def normalise(code: str) -> str:
    """Codes are often typed with spaces or dashes, and backup codes in either case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def verify_code(user: User, code: str) -> Device | None:
    """The confirmed device that accepts `code` (a 6-digit app code or a backup code), or None.

    django-otp's throttling applies per device, and a backup code is deleted when used.
    """
    code = normalise(code)
    if TOTP_CODE.match(code):
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    for device in devices:
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


@transaction.atomic
def confirm_authenticator_app(device: TOTPDevice, code: str) -> bool:
    """Confirm a device being set up once it has produced a valid code."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(normalise(code)):
        return False
    # Only one authenticator app per user: any older unconfirmed attempts go.
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with a fresh set, returned once for showing."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_CODES, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key in base32, in groups of four so it can be typed."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, title: str) -> str:
    """The device's otpauth:// link as an inline SVG QR code, with `title` as its text alternative."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-title" focusable="false" ', 1).replace(
        ">", f'><title id="qr-title">{escape(title)}</title>', 1
    )
