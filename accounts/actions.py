"""Changes to user accounts, each in one transaction with its history context."""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from access import policies
from accounts import tokens
from accounts.models import ApiToken, User


@transaction.atomic
def deactivate_user(*, member: User, by: User) -> User:
    """Stop `member` signing in: their sessions fail (inactive users are not authenticated) and API tokens end."""
    policies.authorize("deactivate_user", by, member)
    with pghistory.context(user=by.pk, action="deactivate_user"):
        member.is_active = False
        member.save(update_fields=["is_active"])
        tokens.end_all(member)
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
        # A token made by whoever had the lost authenticator must not outlive it.
        tokens.end_all(user)


@transaction.atomic
def change_password(*, user: User, new_password: str) -> User:
    """Set `user`'s own new password (the form has checked the old one and the password rules).

    Other sessions fail Django's session hash check from now on, and every API token ends: a password change is
    what someone does when they fear their account is known to another.
    """
    with pghistory.context(user=user.pk, action="change_password"):
        user.set_password(new_password)
        user.save(update_fields=["password"])
        tokens.end_all(user)
    return user


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for `user`, named so they can tell it apart; returns the token and its secret (shown once)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name for the token")})
    max_length = ApiToken._meta.get_field("name").max_length
    assert max_length is not None  # a CharField has one
    if len(name) > max_length:
        raise ValidationError({"name": _("Name must be 100 characters or fewer")})
    if not user.is_active:
        raise ValidationError(_("A deactivated account cannot have API tokens"))
    with pghistory.context(user=user.pk, action="create_api_token"):
        return tokens.new_token(user=user, name=name)


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User) -> ApiToken:
    """End one token. Only its holder revokes it here; managers end all of an account's tokens by deactivating it."""
    policies.authorize("revoke_api_token", by, token)
    with pghistory.context(user=by.pk, action="revoke_api_token"):
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token
