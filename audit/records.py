"""What the records of casework share: they are corrected or marked entered in error, never deleted, and their
free text keeps within its limits.

Shared by the casework records (contacts, needs assessments, support given, consent decisions) and the justice
journey's events. A record entered in error stays, with why, in its table and its history; it is shown struck
through and no longer counts anywhere: every report and count reads `Model.objects.in_force()`.

The checks on who may act stay in each app's actions (`access.policies.authorize`); this module holds what the
actions share: the two fields, the queryset, the rules for a reason, and the write with its history context.
"""

from __future__ import annotations

from typing import TypeVar

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REASON_MAX_LENGTH = 500


class CorrectableQuerySet(models.QuerySet):
    def in_force(self):
        """The records that count: those not marked as entered in error."""
        return self.filter(entered_in_error=False)


class Correctable(models.Model):
    """A record kept even when it was a mistake: marked entered in error, with the reason, rather than deleted."""

    entered_in_error = models.BooleanField(gettext_lazy("entered in error"), default=False, editable=False)
    error_reason = models.CharField(
        gettext_lazy("why it was entered in error"), max_length=REASON_MAX_LENGTH, blank=True, editable=False
    )

    objects = CorrectableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_errors_have_a_reason",
                condition=models.Q(entered_in_error=False) | ~models.Q(error_reason=""),
            )
        ]


RecordT = TypeVar("RecordT", bound=Correctable)


def reason_errors(reason: str, *, missing: str) -> dict[str, str]:
    """The rules for the reason a record is corrected or marked entered in error (`reason` already stripped):
    required (`missing` says what to enter) and at most REASON_MAX_LENGTH characters."""
    if not reason:
        return {"reason": missing}
    if len(reason) > REASON_MAX_LENGTH:
        return {"reason": _("The reason must be %(n)s characters or fewer") % {"n": f"{REASON_MAX_LENGTH:,}"}}
    return {}


def refuse_if_in_error(record: Correctable, *, noun: str) -> None:
    """A record marked entered in error stays so: it is neither corrected nor marked again."""
    if record.entered_in_error:
        raise ValidationError(
            _("This %(noun)s was marked as entered in error, so it cannot be changed") % {"noun": noun}
        )


def correction_errors(record: Correctable, reason: str, *, noun: str, changed: bool) -> dict[str, str]:
    """The rules every correction keeps, besides the record's own: the record is in force, the reason is given,
    and something changes."""
    refuse_if_in_error(record, noun=noun)
    errors = reason_errors(reason, missing=_("Enter why the %(noun)s is being corrected") % {"noun": noun})
    if not changed:
        errors["__all__"] = _("Change at least one detail of the %(noun)s, or go back if it is right") % {"noun": noun}
    return errors


def mark_in_error(record: RecordT, *, by, reason: str, action: str, noun: str) -> RecordT:
    """Mark `record` entered in error with `reason`, which the history context keeps too.

    The caller has authorized `by` and opened the transaction; anything the error undoes elsewhere (a person's
    referral) is the caller's to write afterwards, in the same transaction.
    """
    refuse_if_in_error(record, noun=noun)
    reason = (reason or "").strip()
    errors = reason_errors(reason, missing=_("Enter why the %(noun)s was entered in error") % {"noun": noun})
    if errors:
        raise ValidationError(errors)
    with pghistory.context(user=by.pk, action=action, reason=reason):
        record.entered_in_error = True
        record.error_reason = reason
        record.save(update_fields=["entered_in_error", "error_reason"])
    return record


def length_errors(record: models.Model, labels: dict[str, str] | None = None) -> dict[str, str]:
    """GOV.UK messages for text longer than its field allows ("Notes must be 5,000 characters or fewer"), checked
    before `full_clean`, whose own message would be the framework's. `labels` names a field where its verbose name
    would not read well at the start of a sentence."""
    errors = {}
    for field in record._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        value = getattr(record, field.attname, None)
        if limit and isinstance(value, str) and len(value) > limit:
            label = (labels or {}).get(field.name) or str(field.verbose_name)
            errors[field.name] = _("%(label)s must be %(n)s characters or fewer") % {
                "label": label[:1].upper() + label[1:],
                "n": f"{limit:,}",
            }
    return errors
