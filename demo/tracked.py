"""Writing many demo records, with their change history, in a few statements.

pghistory's row triggers attach each event to its context with an upsert inside an exception block: a
subtransaction and a lock on the context row for every row written. Thousands of rows in one transaction make that
lock's list of holders grow with every row, so the cost grows with the square of the rows (at ten times the
evaluation's volume, 120,000 outcome scores took over a minute, and a hundred times is a hundred times worse).
Here the history triggers are held back while the records are written and each record's event is then written in
one `INSERT ... SELECT`, under one context row: the same events, in linear time. Other triggers (a homicide's
`cases_finished`, a contact's stage) still run.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any, TypeVar

import pgtrigger
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model, QuerySet

RecordT = TypeVar("RecordT", bound=Model)


def create(records: Sequence[RecordT], *, batch_size: int = 2000, **context: Any) -> list[RecordT]:
    """`bulk_create` with an insert event for each record."""
    if not records:
        return []
    model = type(records[0])
    with transaction.atomic(), _history_held_back(model, "insert_insert"):
        created = model._default_manager.bulk_create(records, batch_size=batch_size)
        write_events(model, [record.pk for record in created], "insert", context)
    return created


def update(records: Sequence[Model], fields: list[str], *, batch_size: int = 2000, **context: Any) -> None:
    """`bulk_update` with an update event for each record."""
    if not records:
        return
    model = type(records[0])
    with transaction.atomic(), _history_held_back(model, "update_update"):
        model._default_manager.bulk_update(records, fields, batch_size=batch_size)
        write_events(model, [record.pk for record in records], "update", context)


def update_where(queryset: QuerySet, values: dict[str, Any], **context: Any) -> int:
    """`queryset.update(**values)` with an update event for each row it changed."""
    model = queryset.model
    with transaction.atomic(), _history_held_back(model, "update_update"):
        ids = list(queryset.order_by().values_list("pk", flat=True))
        changed = model._default_manager.filter(pk__in=ids).update(**values)
        write_events(model, ids, "update", context)
    return changed


def write_events(model: type[Model], ids: Iterable[int], label: str, context: dict[str, Any]) -> None:
    """One event per id, holding the row as it is now, under a new context row (nothing if `model` is untracked)."""
    event = event_model(model)
    ids = list(ids)
    if event is None or not ids:
        return
    columns = [f.column for f in event._meta.concrete_fields if f.column and not f.column.startswith("pgh_")]
    names = ", ".join(f'"{column}"' for column in columns)
    context_id = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO pghistory_context (id, created_at, updated_at, metadata) VALUES (%s, now(), now(), %s)",
            [context_id, json.dumps(context)],
        )
        cursor.execute(
            f'INSERT INTO "{event._meta.db_table}"'  # noqa: S608 - names from the models
            f" (pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id, {names})"
            f' SELECT now(), %s, id, %s, {names} FROM "{model._meta.db_table}" WHERE id = ANY(%s)',
            [label, context_id, ids],
        )


def event_model(model: type[Model]) -> type[Model] | None:
    """The pghistory event model that holds `model`'s events."""
    for candidate in apps.get_models():
        if getattr(candidate, "pgh_tracked_model", None) is model:
            return candidate
    return None


def _history_held_back(model: type[Model], trigger: str):
    if event_model(model) is None:
        return nullcontext()
    return pgtrigger.ignore(f"{model._meta.label}:{trigger}")
