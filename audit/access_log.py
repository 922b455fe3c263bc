"""Writing the access log: who was shown which people (and which homicides), page or API.

Every response that shows a person's personal data records one row per person shown, written in one
statement, holding ids only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from audit.models import AccessChannel, AccessLog


def log_people_shown(
    user, people: Iterable, *, view_name: str, channel: str = AccessChannel.PAGE, homicide=None
) -> None:
    """Record that `user` was shown `people` (people, or their ids) in one response, in one INSERT.

    Pass the rows the response actually shows (the page, not the whole queryset). `homicide`, when the response
    is a homicide's record, adds a row for the homicide itself. Nothing is written when nothing was shown.
    """
    rows, seen = [], set()
    for person in people:
        person_id = getattr(person, "pk", person)
        if person_id is None or person_id in seen:
            continue
        seen.add(person_id)
        homicide_id = getattr(person, "homicide_id", None)
        rows.append(AccessLog(user=user, person_id=person_id, homicide_id=homicide_id))
    if homicide is not None:
        rows.append(AccessLog(user=user, homicide_id=homicide.pk))
    now = timezone.now()
    for row in rows:
        row.channel, row.view_name, row.accessed_at = channel, view_name, now
    if rows:
        AccessLog.objects.bulk_create(rows)


def log_access(user, *, view_name: str, channel: str = AccessChannel.PAGE, person=None, homicide=None) -> None:
    """Record that `user` viewed one record: a person (with their homicide) or a homicide."""
    if person is not None:
        log_people_shown(user, [person], view_name=view_name, channel=channel)
    else:
        log_people_shown(user, [], view_name=view_name, channel=channel, homicide=homicide)
