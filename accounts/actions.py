"""Changes to user accounts, each in one transaction with its history context."""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from access import policies
from accounts.models import User


@transaction.atomic
def deactivate_user(*, member: User, by: User) -> User:
    """Stop `member` signing in: their sessions fail (inactive users are not authenticated) and API tokens go."""
    if not policies.can_deactivate(by, member):
        raise ValidationError(_("You cannot deactivate this account"))
    with pghistory.context(user=by.pk, action="deactivate_user"):
        member.is_active = False
        member.save(update_fields=["is_active"])
    Token.objects.filter(user=member).delete()
    return member
