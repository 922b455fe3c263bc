"""The justice journey's actions: adding a defendant, recording an event, correcting one or marking it entered in
error (never deleting it).

Each first asks `access.policies.authorize`, then validates, then writes the change with its history context in one
transaction. Pages and the API call these, so each rule below holds for both.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from accounts.models import User
from audit.records import correction_errors, mark_in_error
from intake.models import Homicide
from justice.models import (
    LISTED_KINDS,
    NOTES_MAX_LENGTH,
    Defendant,
    EventKind,
    JourneyEvent,
    VerdictOutcome,
)

# A trial lasting longer than this is a typing slip in the days attended.
MAX_DAYS_ATTENDED = 365
EVENT_FIELDS = (
    "kind",
    "occurred_on",
    "defendant",
    "offence",
    "outcome",
    "family_days_attended",
    "staff_days_attended",
    "notes",
)


def _date_text(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _notes_errors(notes: str) -> dict:
    if len(notes) > NOTES_MAX_LENGTH:
        return {"notes": _("Notes must be %(n)s characters or fewer") % {"n": f"{NOTES_MAX_LENGTH:,}"}}
    return {}


@transaction.atomic
def add_defendant(
    *, homicide: Homicide, by: User, name: str, date_of_birth: date | None = None, notes: str = ""
) -> Defendant:
    policies.authorize("add_defendant", by, homicide)
    name = name.strip()
    errors = _notes_errors(notes)
    if not name:
        errors["name"] = _("Enter the defendant's name")
    elif len(name) > 200:
        errors["name"] = _("The defendant's name must be 200 characters or fewer")
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        errors["date_of_birth"] = _("Date of birth must be in the past")
    _raise(errors)
    with pghistory.context(user=by.pk, action="add_defendant"):
        return Defendant.objects.create(
            homicide=homicide, name=name, date_of_birth=date_of_birth, notes=notes, added_by=by
        )


def _latest(homicide: Homicide, kind: str, excluding: JourneyEvent | None) -> JourneyEvent | None:
    qs = homicide.journey_events.filter(kind=kind, entered_in_error=False)
    if excluding is not None and excluding.pk:
        qs = qs.exclude(pk=excluding.pk)
    return qs.order_by("-occurred_on", "-pk").first()


def _validate_event(event: JourneyEvent) -> None:
    """The rules every event keeps, new or corrected. Fields that do not belong to its kind are cleared."""
    homicide = event.homicide
    kind = event.kind
    errors = _notes_errors(event.notes)
    if kind not in EventKind.values:
        errors["kind"] = _("Select what happened")
        _raise(errors)
    if event.occurred_on is None:
        errors["occurred_on"] = _("Enter the date")
    else:
        if event.occurred_on < homicide.date_of_death:
            errors["occurred_on"] = _("The date must be on or after the date of death (%(date)s)") % {
                "date": _date_text(homicide.date_of_death)
            }
        elif event.occurred_on > timezone.localdate() and kind not in LISTED_KINDS:
            errors["occurred_on"] = _(
                "The date must be today or in the past: only hearings and trials can be recorded ahead"
            )

    if kind == EventKind.CHARGE or kind == EventKind.VERDICT:
        if event.defendant is None:
            errors["defendant"] = _("Select the defendant")
        elif event.defendant.homicide_id != homicide.pk:
            errors["defendant"] = _("Select a defendant in this homicide")
    elif event.defendant is not None and event.defendant.homicide_id != homicide.pk:
        errors["defendant"] = _("Select a defendant in this homicide")

    event.offence = event.offence.strip() if kind == EventKind.CHARGE else ""
    if kind == EventKind.CHARGE:
        if not event.offence:
            errors["offence"] = _("Enter the offence charged")
        elif len(event.offence) > 200:
            errors["offence"] = _("The offence charged must be 200 characters or fewer")

    if kind != EventKind.VERDICT:
        event.outcome = ""
    elif event.outcome not in VerdictOutcome.values:
        errors["outcome"] = _("Select the verdict")

    if kind != EventKind.TRIAL_ENDED:
        event.family_days_attended = event.staff_days_attended = None
    else:
        started = _latest(homicide, EventKind.TRIAL_STARTED, excluding=event)
        if started is not None and event.occurred_on and event.occurred_on < started.occurred_on:
            errors["occurred_on"] = _("The trial must end on or after the day it started (%(date)s)") % {
                "date": _date_text(started.occurred_on)
            }
        trial_days = (event.occurred_on - started.occurred_on).days + 1 if started and event.occurred_on else None
        for field, label in (
            ("family_days_attended", _("the days the family attended")),
            ("staff_days_attended", _("the days staff attended")),
        ):
            days = getattr(event, field)
            if days is None:
                continue
            most = min(trial_days, MAX_DAYS_ATTENDED) if trial_days and trial_days > 0 else MAX_DAYS_ATTENDED
            if not isinstance(days, int) or not 0 <= days <= most:
                errors[field] = _("Enter %(label)s as a number from 0 to %(most)s") % {"label": label, "most": most}

    if kind == EventKind.WITNESS_SERVICE_HANDOVER:
        # The hand-over prepares the family for a trial: there is none to prepare for until one is listed, and none
        # after the day it is listed for.
        listed = _latest(homicide, EventKind.TRIAL_LISTED, excluding=None)
        if listed is None:
            errors["kind"] = _("Record the trial listing first: the Witness Service hand-over is before a trial")
        elif event.occurred_on and event.occurred_on > listed.occurred_on and "occurred_on" not in errors:
            errors["occurred_on"] = _(
                "The hand-over must be on or before the day the trial is listed for (%(date)s)"
            ) % {"date": _date_text(listed.occurred_on)}

    if kind == EventKind.TRIAL_STARTED and event.occurred_on:
        # A trial start after its recorded end would leave the end before the start.
        ended = _latest(homicide, EventKind.TRIAL_ENDED, excluding=event)
        if ended is not None and ended.occurred_on < event.occurred_on:
            errors["occurred_on"] = _("The trial must start on or before the day it ended (%(date)s)") % {
                "date": _date_text(ended.occurred_on)
            }
    _raise(errors)


@transaction.atomic
def record_journey_event(
    *,
    homicide: Homicide,
    by: User,
    kind: str,
    occurred_on: date | None,
    defendant: Defendant | None = None,
    offence: str = "",
    outcome: str = "",
    family_days_attended: int | None = None,
    staff_days_attended: int | None = None,
    notes: str = "",
) -> JourneyEvent:
    """An event of the homicide's justice journey, on its own date (a hearing or trial may be listed ahead)."""
    policies.authorize("record_journey_event", by, homicide)
    event = JourneyEvent(
        homicide=homicide,
        kind=kind,
        occurred_on=occurred_on,  # type: ignore[misc]  # a missing date is refused by the checks below
        defendant=defendant,
        offence=offence or "",
        outcome=outcome or "",
        family_days_attended=family_days_attended,
        staff_days_attended=staff_days_attended,
        notes=notes or "",
        recorded_by=by,
    )
    _validate_event(event)
    with pghistory.context(user=by.pk, action="record_journey_event"):
        event.save()
    return event


@transaction.atomic
def correct_journey_event(*, event: JourneyEvent, by: User, reason: str, **fields) -> JourneyEvent:
    """Change an event's details; the history keeps the version before, with the reason. An event entered in error
    stays so."""
    policies.authorize("correct_journey_event", by, event)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"correct_journey_event() got unexpected fields {sorted(unknown)}")
    reason = (reason or "").strip()
    changed = False
    for name, value in fields.items():
        value = value if value is not None or name not in {"offence", "outcome", "notes"} else ""
        changed = changed or getattr(event, name) != value
        setattr(event, name, value)
    errors: dict[str, Any] = correction_errors(event, reason, noun=_("event"), changed=changed)
    try:
        _validate_event(event)
    except ValidationError as invalid:
        errors.update(invalid.message_dict)
    _raise(errors)
    with pghistory.context(user=by.pk, action="correct_journey_event", reason=reason):
        event.save()
    return event


@transaction.atomic
def mark_journey_event_in_error(*, event: JourneyEvent, by: User, reason: str) -> JourneyEvent:
    """Keep the event, marked as entered in error with why: it leaves the timeline and the derived stage."""
    policies.authorize("mark_journey_event_in_error", by, event)
    return mark_in_error(event, by=by, reason=reason, action="mark_journey_event_in_error", noun=_("event"))
