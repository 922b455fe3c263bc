"""Changes to user accounts, each in one transaction with its history context."""

from __future__ import annotations

import pghistory
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from access import policies
from accounts.models import User


@transaction.atomic
def deactivate_user(*, member: User, by: User) -> User:
    """Stop `member` signing in: their sessions fail (inactive users are not authenticated) and API tokens go."""
    policies.authorize("deactivate_user", by, member)
    with pghistory.context(user=by.pk, action="deactivate_user"):
        member.is_active = False
        member.save(update_fields=["is_active"])
    Token.objects.filter(user=member).delete()
    return member


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> None:
    """Remove `user`'s authenticator app and backup codes; they set up a new app at their next sign-in.

    No session needs ending: django-otp finds no device behind a session verified with a removed one, so that
    session is unverified and every page leads back to the second factor, then to set-up.
    """
    policies.authorize("reset_second_factor", by, user)
    with pghistory.context(user=by.pk, action="reset_second_factor"):
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        user.second_factor_reset_at = timezone.now()
        user.save(update_fields=["second_factor_reset_at"])
