"""What the API keeps for itself: the answers to requests sent with an `Idempotency-Key`."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """A creating request and its answer, so that a retry with the same key gets the same answer.

    The body is kept only as a hash; the answer is kept until the key expires (`IDEMPOTENCY_KEY_HOURS`) and is then
    deleted, because it may name people.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    endpoint = models.CharField(max_length=300, help_text="Method and path, for example 'POST /api/v1/contacts/'")
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_request_per_idempotency_key")]

    def __str__(self) -> str:
        return f"{self.endpoint} ({self.created_at:%Y-%m-%d %H:%M})"
