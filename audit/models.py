from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessChannel(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")


class AccessLog(models.Model):
    """Who looked at whose record, and when. Holds ids only, never personal data; append-only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "casework.BereavedPerson", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    homicide = models.ForeignKey(
        "intake.Homicide", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=AccessChannel.choices)
    view_name = models.CharField(max_length=100)
    accessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["person", "accessed_at"]), models.Index(fields=["homicide", "accessed_at"])]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]
