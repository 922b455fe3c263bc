"""Pages answer a refused action (`policies.NotAllowed`) with 404, as for a record that does not exist; each request
remembers its user's reach once (`policies.reach_remembered_for_request`)."""

from __future__ import annotations

from django.core.handlers.exception import response_for_exception
from django.http import Http404

from access.policies import NotAllowed, reach_remembered_for_request


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


class RememberReachMiddleware:
    """A page asks for several querysets; the signed-in worker's covered colleagues are looked up once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reach_remembered_for_request():
            return self.get_response(request)
