"""Volunteering: updates to volunteers about their cases, and the deployment profile (languages, availability).

Each action asks `access.policies.authorize` first, validates, and writes the change with its history context in one
transaction, as the casework actions do. A volunteer's own visits and calls are `casework.actions.record_contact`
(which marks them `by_volunteer`): one rule for every contact.
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
from accounts.models import Role, User
from casework.models import VolunteerAssignment
from volunteering.models import VolunteerProfile, VolunteerUpdate, Weekday

MAX_UPDATE_CHARACTERS = 2000
MAX_LANGUAGES = 10
MAX_LANGUAGE_CHARACTERS = 40
MAX_NOTE_CHARACTERS = 500
# "Not available until" is a return from a break, not a retirement: further ahead than this is a typing slip.
LONGEST_BREAK_DAYS = 2 * 365


@transaction.atomic
def send_volunteer_update(*, assignment: VolunteerAssignment, by: User, text: str) -> VolunteerUpdate:
    """Send the volunteer of a current task news about the case. It is sent now: its time is when it was written."""
    policies.authorize("send_volunteer_update", by, assignment)
    errors = {}
    text = text.strip()
    if assignment.ended_on is not None or assignment.person.closed_on is not None:
        errors["__all__"] = _("This task has ended: the volunteer no longer sees the person")
    if not text:
        errors["text"] = _("Enter the update")
    elif len(text) > MAX_UPDATE_CHARACTERS:
        errors["text"] = _("The update must be %(count)s characters or fewer") % {"count": f"{MAX_UPDATE_CHARACTERS:,}"}
    if errors:
        raise ValidationError(errors)
    update = VolunteerUpdate(assignment=assignment, text=text, sent_at=timezone.now(), sent_by=by)
    with pghistory.context(user=by.pk, action="send_volunteer_update"):
        update.save()
    return update


def clean_languages(languages) -> list[str]:
    """Each language once, tidied ("polish " is "Polish"), in the order given; English is assumed, not listed."""
    seen: dict[str, str] = {}
    for language in languages:
        name = " ".join(str(language).split())
        if name and name.casefold() != "english":
            seen.setdefault(name.casefold(), name[:1].upper() + name[1:])
    return list(seen.values())


class _Keep:
    """A field not given: left as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
VOLUNTEER_FIELDS = ("available_days", "availability_notes", "not_available_until", "area_notes")


@transaction.atomic
def update_deployment_profile(
    *,
    member: User,
    by: User,
    languages: list[str] = KEEP,
    available_days: list[str] = KEEP,
    availability_notes: str = KEEP,
    not_available_until: date | None = KEEP,
    area_notes: str = KEEP,
) -> User:
    """Change someone's languages (anyone who may be matched to a family), and a volunteer's days, availability
    notes, "not available until" (None: available now) and area and travel. Fields not given are kept."""
    policies.authorize("update_deployment_profile", by, member)
    errors: dict[str, str] = {}
    given: dict[str, Any] = {
        name: value
        for name, value in {
            "available_days": available_days,
            "availability_notes": availability_notes,
            "not_available_until": not_available_until,
            "area_notes": area_notes,
        }.items()
        if value is not KEEP
    }
    if languages is not KEEP:
        languages = clean_languages(languages)
        if len(languages) > MAX_LANGUAGES:
            errors["languages"] = _("List %(count)s languages or fewer") % {"count": MAX_LANGUAGES}
        elif any(len(language) > MAX_LANGUAGE_CHARACTERS for language in languages):
            errors["languages"] = _("Each language must be %(count)s characters or fewer") % {
                "count": MAX_LANGUAGE_CHARACTERS
            }
    if member.role != Role.VOLUNTEER and any(given.values()):
        errors["__all__"] = _("Only volunteers keep availability, area and travel")
    if not set(given.get("available_days") or ()) <= set(Weekday.values):
        errors["available_days"] = _("Choose days of the week from the list")
    until = given.get("not_available_until")
    today = timezone.localdate()
    if until is not None and until < today:
        errors["not_available_until"] = _("The date must be today or in the future")
    elif until is not None and (until - today).days > LONGEST_BREAK_DAYS:
        errors["not_available_until"] = _("The date must be within the next 2 years")
    for field in ("availability_notes", "area_notes"):
        if len(given.get(field) or "") > MAX_NOTE_CHARACTERS:
            errors[field] = _("Enter %(count)s characters or fewer") % {"count": MAX_NOTE_CHARACTERS}
    if errors:
        raise ValidationError(errors)
    with pghistory.context(user=by.pk, action="update_deployment_profile"):
        if languages is not KEEP and languages != member.languages:
            member.languages = languages
            member.save(update_fields=["languages"])
        if member.role == Role.VOLUNTEER:
            _save_profile(member, given)
    return member


def _save_profile(volunteer: User, given: dict) -> None:
    profile, _created = VolunteerProfile.objects.get_or_create(volunteer=volunteer)
    if "available_days" in given:
        given["available_days"] = [day for day in Weekday.values if day in given["available_days"]]
    changed = [field for field, value in given.items() if getattr(profile, field) != value]
    if changed:
        for field in changed:
            setattr(profile, field, given[field])
        profile.updated_at = timezone.now()
        profile.save(update_fields=[*changed, "updated_at"])
