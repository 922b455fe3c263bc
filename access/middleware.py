"""Pages answer a refused action (`policies.NotAllowed`) with 404, as for a record that does not exist."""

from __future__ import annotations

from django.core.handlers.exception import response_for_exception
from django.http import Http404

from access.policies import NotAllowed


class NotAllowedIsNotFoundMiddleware:
    """The one place a page turns a refusal into 404 (the API's is `api.errors.exception_handler`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotAllowed):
            return response_for_exception(request, Http404())
        return None
