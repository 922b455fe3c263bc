"""Volunteering reads: a volunteer's people, the updates they were sent, and the volunteers a case worker can find.

Every queryset starts from `access.policies`, so each shows only what the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from access import policies
from accounts.models import User
from casework.models import BereavedPerson, VolunteerAssignment
from casework.queries import assignable_volunteers
from volunteering.models import VolunteerProfile, VolunteerUpdate


def active_tasks(user: User) -> QuerySet[VolunteerAssignment]:
    """A volunteer's current tasks, each with its person, how many updates it has and when the latest came."""
    return (
        policies.visible(user, VolunteerAssignment)
        .filter(ended_on__isnull=True, person__closed_on__isnull=True)
        .select_related("person")
        .annotate(update_count=Count("updates"), latest_update_at=Max("updates__sent_at"))
        .order_by("person__last_name", "person__first_name", "-assigned_on", "pk")
    )


ENDED_TASKS_SHOWN_DAYS = 30


def ended_tasks(user: User) -> QuerySet[VolunteerAssignment]:
    """A volunteer's tasks ended in the last month (by a case worker, or by the case closing): the task and the
    day only, since the volunteer no longer sees the person."""
    since = timezone.localdate() - timedelta(days=ENDED_TASKS_SHOWN_DAYS)
    return (
        policies.visible(user, VolunteerAssignment)
        .filter(ended_on__gte=since)
        .only("id", "task", "assigned_on", "ended_on")
        .order_by("-ended_on", "-pk")
    )


def people_to_record_for(user: User) -> QuerySet[BereavedPerson]:
    """The people a volunteer may record a visit or call for: those of their current tasks."""
    return policies.people(user).filter(closed_on__isnull=True).order_by("last_name", "first_name", "pk")


def updates_about(user: User, person: BereavedPerson) -> list[VolunteerUpdate]:
    """The updates sent about a person that the user may read (a volunteer: to them), newest first."""
    return list(
        policies.visible(user, VolunteerUpdate)
        .filter(assignment__person=person)
        .select_related("sent_by", "assignment__volunteer")
    )


@dataclass
class FoundVolunteer:
    volunteer: User
    current_tasks: int
    profile: VolunteerProfile | None
    speaks: bool  # the person's preferred language, or the person's language is English

    @property
    def available_now(self) -> bool:
        return self.profile is None or self.profile.is_available_on(timezone.localdate())

    @property
    def not_available_until(self) -> date | None:
        return None if self.available_now or self.profile is None else self.profile.not_available_until


def speaks(languages: list[str], language: str) -> bool:
    wanted = language.strip().casefold()
    return wanted in {"", "english"} or wanted in {known.casefold() for known in languages}


def volunteers_for(person: BereavedPerson, *, same_language_only: bool = False) -> list[FoundVolunteer]:
    """The active volunteers of the person's region (one query): how many current tasks each has, their
    availability and languages; those who speak the person's preferred language first, then the least busy."""
    volunteers = (
        assignable_volunteers(person)
        .select_related("volunteer_profile")
        .annotate(
            current_tasks=Count(
                "assignments",
                filter=Q(assignments__ended_on__isnull=True, assignments__person__closed_on__isnull=True),
            )
        )
        .order_by("full_name", "pk")
    )
    found = [
        FoundVolunteer(
            volunteer=v,
            current_tasks=v.current_tasks,
            profile=getattr(v, "volunteer_profile", None),
            speaks=speaks(v.languages, person.preferred_language),
        )
        for v in volunteers
    ]
    if same_language_only:
        found = [f for f in found if f.speaks]
    return sorted(found, key=lambda f: (not f.speaks, not f.available_now, f.current_tasks))


def prefetch_updates(user: User) -> Prefetch:
    """Each task's updates the user may read, for a list of tasks (one query)."""
    return Prefetch(
        "updates",
        queryset=policies.visible(user, VolunteerUpdate).select_related("sent_by"),
        to_attr="visible_updates",
    )
