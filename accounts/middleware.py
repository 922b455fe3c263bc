"""Session rules that apply to every page: an absolute lifetime, and the second factor before anything else."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "waypoint_signed_in_at"
REFRESHED_AT = "waypoint_refreshed_at"

# Paths a signed-in user may reach before completing the second factor.
SECOND_FACTOR_EXEMPT_PREFIXES = ("/static/", "/api/", "/i18n/")


class SessionLifetimeMiddleware:
    """Ends a session at its absolute lifetime, however active it has been, and keeps an active one from its idle
    expiry (`SESSION_COOKIE_AGE` from when it was last saved). The idle clock is put back at most once every
    `SESSION_REFRESH_SECONDS`, not on every request: a signed-in page then writes no session row, and a session
    idle for the whole age, less up to that refresh interval, has ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            started = session.get(SIGNED_IN_AT)
            now = time.time()
            if started is None:
                session[SIGNED_IN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                return redirect(f"{reverse('accounts:sign-in')}?expired=1")
            if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now  # a change: the session is saved, with a new expiry
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """A password alone opens nothing: until the one-time code is given, every page leads to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._exempt(request.path):
            return redirect(reverse("accounts:second-factor"))
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(SECOND_FACTOR_EXEMPT_PREFIXES):
            return True
        return path in {
            reverse("accounts:sign-in"),
            reverse("accounts:sign-out"),
            reverse("accounts:second-factor"),
            reverse("accounts:set-up-second-factor"),
        }


class NoStoreMiddleware:
    """Nothing Waypoint answers may be kept by a browser or proxy: on a shared computer, Back after signing out
    must not show a record again. Every response made here (pages, API, redirects) says `no-store`; static files
    are answered before this by WhiteNoise and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
