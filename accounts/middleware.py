"""Session rules that apply to every page: an absolute lifetime, and the second factor before anything else."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "waypoint_signed_in_at"

# Paths a signed-in user may reach before completing the second factor.
SECOND_FACTOR_EXEMPT_PREFIXES = ("/static/", "/api/", "/i18n/")


class SessionLifetimeMiddleware:
    """Ends a session at its absolute lifetime, however active it has been (idle expiry is the cookie's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = time.time()
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                return redirect(f"{reverse('accounts:sign-in')}?expired=1")
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
