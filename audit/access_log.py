"""Writing the access log: every view of a person's (or a homicide's) record, page or API."""

from __future__ import annotations

from audit.models import AccessChannel, AccessLog


def log_access(user, *, view_name: str, channel: str = AccessChannel.PAGE, person=None, homicide=None) -> None:
    """Record that `user` viewed a record. Holds ids only, never personal data."""
    AccessLog.objects.create(
        user=user,
        person=person,
        homicide=homicide if homicide is not None else getattr(person, "homicide", None),
        channel=channel,
        view_name=view_name,
    )
