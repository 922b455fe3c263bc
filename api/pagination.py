"""Cursor pagination for the API's collections: a page starts after the last row of the page before.

An offset page makes PostgreSQL count the whole collection and walk past every earlier row; at a national
service's volume (over a million contacts) that is most of the response time, and it grows with the page number.
Here a page is the next `limit` rows after the cursor in the collection's own order (`(a, b, id) > (x, y, z)`,
which the order's index serves), and `next` carries the last row's sort key, signed so that it cannot be forged.
"""

from __future__ import annotations

import base64
from collections import OrderedDict
from datetime import date, datetime
from typing import Any

from django.core import signing
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func, Value
from django.db.models.sql.compiler import SQLCompiler
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

SALT = "waypoint.api.cursor"


class _RowAfter(Func):
    """`(col, ..., id) > (%s, ..., %s)` (or `<` for a descending order): one comparison the index serves."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, fields: list[str], values: list, descending: bool):
        self.descending = descending
        super().__init__(*[F(f) for f in fields], *[Value(v) for v in values])

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        # Func's parameters, named so that the signature matches; this SQL has no function, template or joiner.
        half = len(self.source_expressions) // 2
        parts = [compiler.compile(e) for e in self.source_expressions]
        columns, values = parts[:half], parts[half:]
        sql = "({}) {} ({})".format(
            ", ".join(s for s, _ in columns), "<" if self.descending else ">", ", ".join(s for s, _ in values)
        )
        return sql, tuple(p for _, params in parts for p in params)


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


class CursorPagination(BasePagination):
    page_size = 50
    max_page_size = 500
    cursor_query_param = "cursor"
    limit_query_param = "limit"

    def _order(self, queryset) -> tuple[list[str], bool]:
        """The collection's order, ending with the id; one direction throughout (else by id alone)."""
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering or ["id"])
        directions = {str(o).startswith("-") for o in ordering}
        if len(directions) != 1 or not all(isinstance(o, str) for o in ordering):
            return ["id"], False
        fields = [o.lstrip("-") for o in ordering]
        if fields[-1] not in {"id", "pk"}:
            fields.append("id")
        return fields, directions.pop()

    def _limit(self, request) -> int:
        try:
            limit = int(request.query_params.get(self.limit_query_param, self.page_size))
        except ValueError:
            raise ValidationError({self.limit_query_param: [_("Give a whole number")]}) from None
        return max(1, min(limit, self.max_page_size))

    def _position(self, request, fields: list[str], model) -> list | None:
        cursor = request.query_params.get(self.cursor_query_param)
        if not cursor:
            return None
        try:
            values = signing.loads(base64.urlsafe_b64decode(cursor.encode()).decode(), salt=SALT)
            if not isinstance(values, list) or len(values) != len(fields):
                raise ValueError
            return [self._typed(model, f, v) for f, v in zip(fields, values, strict=True)]
        except (ValueError, TypeError, signing.BadSignature, UnicodeDecodeError):
            raise ValidationError({self.cursor_query_param: [_("This cursor is not one this API gave")]}) from None

    @staticmethod
    def _typed(model, name: str, value):
        field = model._meta.get_field("id" if name == "pk" else name)
        if field.get_internal_type() == "DateTimeField":
            return parse_datetime(value)
        if field.get_internal_type() == "DateField":
            return parse_date(value)
        return value

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        fields, descending = self._order(queryset)
        limit = self._limit(request)
        position = self._position(request, fields, queryset.model)
        if position is not None:
            queryset = queryset.filter(_RowAfter(fields, position, descending))
        rows = list(queryset.order_by(*[("-" if descending else "") + f for f in fields])[: limit + 1])
        self.next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            last = [_plain(getattr(rows[-1], "pk" if f == "pk" else f)) for f in fields]
            signed = signing.dumps(last, salt=SALT)
            self.next_cursor = base64.urlsafe_b64encode(signed.encode()).decode()
        return rows

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data):
        return Response(OrderedDict([("next", self.get_next_link()), ("results", data)]))

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "The next page, if any"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: from the previous page's `next`",
                "schema": {"type": "string"},
            },
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (at most {self.max_page_size})",
                "schema": {"type": "integer"},
            },
        ]
