"""Helpers for the sign-in tests: real one-time codes computed from a device's key."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(device: TOTPDevice) -> str:
    """The 6-digit code an authenticator app would show for `device` now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def location(response) -> str:
    assert response.status_code == 302, response.status_code
    return response["Location"]
