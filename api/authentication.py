"""How the API knows who is calling: a session that passed the second factor, or a personal token."""

from __future__ import annotations

from rest_framework import authentication, exceptions
from rest_framework.authentication import get_authorization_header

from accounts import tokens


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, but only once the one-time code was given: a password alone opens nothing."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, auth = result
        is_verified = getattr(user, "is_verified", None)
        if not (is_verified and is_verified()):
            # Leave the request unauthenticated, so that a token (if any) may still be tried.
            return None
        return user, auth

    def authenticate_header(self, request) -> str:
        # Answer 401 (not 403) to a caller without credentials, and say which kind we accept.
        return 'Token realm="api"'


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <secret>` or `Authorization: Bearer <secret>`; one token, one user, so one role.

    The secret is looked up by its digest (`accounts.tokens`); a revoked or expired token, or one whose holder is
    deactivated, is refused like an unknown one.
    """

    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in self.keywords:
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: give the keyword, a space and the token.")
        try:
            secret = auth[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token header: the token has invalid characters.")
        user = tokens.user_for_secret(secret)
        if user is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        return user, None

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'
