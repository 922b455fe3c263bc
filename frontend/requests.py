"""How the type checker sees a request on a signed-in page. Only annotations: nothing here runs differently."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request that `login_required` let through: its user is a member of staff, never AnonymousUser.
    `htmx` is set by django_htmx's middleware on every request."""

    user: User
    htmx: HtmxDetails
