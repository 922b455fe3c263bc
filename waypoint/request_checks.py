"""Refuse, before any view runs, what no page or endpoint can use: a NUL byte in the query string.

PostgreSQL cannot store or compare text holding NUL, so a search for one would end in a database error (a 500).
One check here covers every search and filter, in pages and API alike: a clear 400 instead.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    return any(NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists())


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _has_nul(request):
            return self.get_response(request)
        message = _("The address contains a character that cannot be searched for. Remove it and try again.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "frontend/bad_request.html", {"message": message}, status=400)
