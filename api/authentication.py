"""How the API knows who is calling: a session that passed the second factor, or a personal token."""

from __future__ import annotations

from rest_framework import authentication, exceptions
from rest_framework.authentication import get_authorization_header


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


class BearerTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` or `Authorization: Bearer <key>`; one token, one user, so one role."""

    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in self.keywords:
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: give the keyword, a space and the token.")
        try:
            key = auth[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token header: the token has invalid characters.")
        return self.authenticate_credentials(key)
