"""API tokens: made with a random secret, kept only as its SHA-256 digest, and found again by that digest.

The secret has 256 random bits, so a fast hash is enough: nobody can guess a secret from its digest, and a
leaked table of digests opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import ApiToken, User

SECRET_PREFIX = "wp_"
SHOWN_PREFIX_LENGTH = 10
# Record a use at most this often, so that reading the API does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is not kept anywhere: call through `actions.create_api_token`."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=digest(secret),
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        created_at=now,
        expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
    )
    return token, secret


def live(queryset: QuerySet[ApiToken] | None = None) -> QuerySet[ApiToken]:
    """Tokens not revoked and not expired."""
    queryset = ApiToken.objects.all() if queryset is None else queryset
    return queryset.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def user_for_secret(secret: str) -> User | None:
    """The active holder of the live token with this secret, or None; notes when the token was last used."""
    token = live().select_related("user").filter(digest=digest(secret), user__is_active=True).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def end_all(user: User) -> int:
    """Revoke every live token of `user` (inside the caller's history context)."""
    return live(ApiToken.objects.filter(user=user)).update(revoked_at=timezone.now())
