"""Writing the access log: who was shown which people (and which homicides), page or API.

Every response that shows a person's personal data records one row per person shown, written in one
statement, holding ids only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from audit.models import AccessChannel, AccessLog


def log_people_shown(
    user, people: Iterable, *, view_name: str, channel: str = AccessChannel.PAGE, homicide=None
) -> None:
    """Record that `user` was shown `people` (people, or their ids) in one response, in one INSERT.

    Pass the rows the response actually shows (the page, not the whole queryset). `homicide`, when the response
    is a homicide's record, adds a row for the homicide itself. Nothing is written when nothing was shown.
    """
    person_ids: list[int | None] = []
    homicide_ids: list[int | None] = []
    seen: set[int] = set()
    for person in people:
        person_id = getattr(person, "pk", person)
        if person_id is None or person_id in seen:
            continue
        seen.add(person_id)
        person_ids.append(person_id)
        homicide_ids.append(getattr(person, "homicide_id", None))
    if homicide is not None:
        person_ids.append(None)
        homicide_ids.append(homicide.pk)
    if not person_ids:
        return
    # One statement from two arrays, not a model object a row: a list page logs fifty people on every request.
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{AccessLog._meta.db_table}"'  # noqa: S608 - the model's table
            " (user_id, person_id, homicide_id, channel, view_name, accessed_at)"
            " SELECT %s, person_id, homicide_id, %s, %s, %s FROM unnest(%s::bigint[], %s::bigint[])"
            " AS shown (person_id, homicide_id)",
            [user.pk, str(channel), view_name, timezone.now(), person_ids, homicide_ids],
        )


def log_access(user, *, view_name: str, channel: str = AccessChannel.PAGE, person=None, homicide=None) -> None:
    """Record that `user` viewed one record: a person (with their homicide) or a homicide."""
    if person is not None:
        log_people_shown(user, [person], view_name=view_name, channel=channel)
    else:
        log_people_shown(user, [], view_name=view_name, channel=channel, homicide=homicide)
