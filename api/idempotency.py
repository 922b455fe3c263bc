"""Safe retries: a POST sent again with the same `Idempotency-Key` gets the first answer and changes nothing.

The one place that decides, for every creating endpoint (`@idempotent`):
- no key: the request runs as usual;
- a new key: the request runs in one transaction with the record of its key, and a successful answer (2xx) is kept
  with the key; a refused one (4xx) keeps nothing, so the caller may correct the body and send it again;
- the same key, endpoint and body: the first answer again, same status and body, with `Idempotent-Replayed: true`;
- the same key with another body or endpoint: 422, because the caller has mixed up two requests.
Keys belong to their user and expire after `KEY_LIFETIME`; expired answers are deleted, since they may name people.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from datetime import timedelta
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEY_LIFETIME = timedelta(hours=24)
KEY_PATTERN = re.compile(r"[!-~]{1,100}")  # visible ASCII (! to ~), as UUIDs and most clients' keys are

PARAMETER = OpenApiParameter(
    HEADER,
    {"type": "string", "pattern": "^[!-~]{1,100}$", "maxLength": 100},
    OpenApiParameter.HEADER,
    description=(
        "Retry safely: the same key with the same body returns the first answer (same status and body) and changes "
        "nothing; the same key with a different body is refused with 422. Up to 100 visible ASCII characters; "
        "keys last 24 hours."
    ),
)
REPLAYED_HEADER = "Idempotent-Replayed"


def request_key(request) -> str:
    key = request.headers.get(HEADER, "").strip()
    if key and not KEY_PATTERN.fullmatch(key):
        raise ValidationError(
            {"idempotency_key": [_("Use an Idempotency-Key of 1 to 100 letters, digits or punctuation")]}
        )
    return key


def body_hash(request) -> str:
    """The same body in any key order or spacing hashes the same."""
    data = request.data
    if hasattr(data, "lists"):  # a form-encoded or multipart body
        data = dict(data.lists())
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(stored: IdempotentRequest, endpoint: str, digest: str) -> Response:
    if stored.endpoint != endpoint or stored.body_hash != digest:
        return Response(
            {
                "idempotency_key": [
                    _(
                        "This Idempotency-Key was already used for a different request. "
                        "Send a new key with each new request, and the same key only to retry the same request."
                    )
                ]
            },
            status=422,
        )
    return Response(stored.response, status=stored.status, headers={REPLAYED_HEADER: "true"})


def idempotent(view_method):
    """Make a viewset's creating method safe to retry; documents the header on the operation too.

    Put it below `@extend_schema` and above `@action`.
    """

    @functools.wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request_key(request) if request.method == "POST" else ""
        if not key:  # reads (an action may answer GET too) and requests without a key run as usual
            return view_method(self, request, *args, **kwargs)
        endpoint = f"{request.method} {request.path}"[:300]
        digest = body_hash(request)
        IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEY_LIFETIME).delete()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    # A concurrent retry waits here on the unique key until the first commits, then replays it.
                    stored = IdempotentRequest.objects.create(
                        user=request.user, key=key, endpoint=endpoint, body_hash=digest
                    )
            except IntegrityError:
                return _replay(IdempotentRequest.objects.get(user=request.user, key=key), endpoint, digest)
            response = view_method(self, request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                transaction.set_rollback(True)  # nothing kept: the caller may correct the request and retry
                return response
            stored.status = response.status_code
            stored.response = json.loads(JSONRenderer().render(response.data) or "null")
            stored.save(update_fields=["status", "response"])
            return response

    marked = cast(Any, wrapper)  # DRF's router and our checks read these attributes off the function
    if hasattr(view_method, "kwargs"):  # @action's own settings: a copy, so that the schema below stays ours
        marked.kwargs = dict(view_method.kwargs)
    marked.idempotent = True
    return extend_schema(parameters=[PARAMETER])(marked)
