"""Password guessing (django-axes): where a request comes from, and telling an account's holder it was locked.

Lockout is by account name and address together (settings), so a stranger guessing from one place cannot lock
the holder out from theirs, and one person behind the service's proxy cannot lock out everyone behind it.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User

log = logging.getLogger(__name__)


def _address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, behind `WAYPOINT_TRUSTED_PROXY_COUNT` proxies of our own.

    Each proxy adds the address it was called from to the end of X-Forwarded-For, so with N trusted proxies the
    client is the N-th entry from the end. Anything before it was written by the client and could be invented.
    A request with fewer entries did not come through all our proxies: its own peer address is used.
    """
    remote = _address(request.META.get("REMOTE_ADDR"))
    count = settings.WAYPOINT_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return _address(forwarded[-count]) or remote


def tell_account_holder(sender, request=None, username: str | None = None, **kwargs) -> None:
    """Email the holder once, when an account is locked from an address. Nothing about them is logged."""
    if request is None or getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return  # still locked from an earlier failure: they have been told
    holder = User.objects.filter(email__iexact=(username or "").strip(), is_active=True).first()
    if holder is None:
        return  # nobody to tell; the page says the same as for a real account
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Someone tried to sign in to your Waypoint account with a wrong password %(count)s times in a row.\n\n"
        "Signing in to your account from the place those attempts came from is paused for %(minutes)s minutes. "
        "You can still sign in from anywhere else.\n\n"
        "If it was you, wait %(minutes)s minutes and try again, or ask your team leader to help.\n\n"
        "If it was not you, sign in and change your password now, and tell your team leader or the national "
        "manager. Changing your password also ends your API tokens."
    ) % {"count": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    try:
        send_mail(_("Wrong passwords were tried on your Waypoint account"), message, None, [holder.email])
    except Exception:  # noqa: BLE001 - a mail server's trouble must not break signing in
        log.exception("The lockout notice could not be sent")


def connect() -> None:
    from axes.signals import user_locked_out

    receiver(user_locked_out, dispatch_uid="waypoint-tell-account-holder")(tell_account_holder)
