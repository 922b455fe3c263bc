"""A team's workload: each case-holding worker's open cases, homicides led, overdue items, hearings coming up,
leave and cover, and languages; and the intake waiting for a team leader (unallocated homicides, unlinked
notifications). Every figure is counted by PostgreSQL, in a fixed number of queries whatever the team's size.

The records come from `access.policies` (the workers a user may allocate to, the regions they run); the figures
about the justice journey (hearings) are criminal offence data and are counted only for a reader who may see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import DateField, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from access import policies
from accounts.models import User
from casework.lists import closed_q
from casework.models import (
    AgreedAction,
    BereavedPerson,
    ConsentDecision,
    ConsentOutcome,
    Cover,
)
from casework.queries import with_first_contact_due
from commissioning.models import CicaApplication, CicaStatus
from intake.models import Homicide, Notification
from justice.models import LISTED_KINDS, JourneyEvent

# Intake the service aims to act on within a day (a notification linked, a homicide allocated).
INTAKE_STANDARD = timedelta(hours=24)
MAX_HEARING_DAYS = 365


class SubqueryCount(Subquery):
    """`(SELECT count(*) FROM (subquery))`: how many rows a correlated subquery finds, 0 when none."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _count(qs: QuerySet) -> SubqueryCount:
    return SubqueryCount(qs.order_by().values("pk"))


def caseload_target() -> int:
    return settings.WAYPOINT_CASELOAD_TARGET


def hearing_days(asked: str = "") -> int:
    """How many days ahead to count hearings: as asked (1 to a year), otherwise the setting."""
    if asked.isdigit() and 1 <= int(asked) <= MAX_HEARING_DAYS:
        return int(asked)
    return settings.WAYPOINT_TEAM_HEARING_DAYS


# ---- Per worker ----------------------------------------------------------------------------------------------


def _overdue(now: datetime) -> dict[str, SubqueryCount]:
    """What is past due on the worker's open cases, as in their own caseload (`casework.queries.caseload`)."""
    today = timezone.localdate(now)
    led_people = BereavedPerson.objects.filter(homicide__lead_case_worker=OuterRef("pk"))
    open_people = led_people.filter(referred_at__isnull=False, closed_on__isnull=True)
    latest = ConsentDecision.objects.in_force().filter(person=OuterRef("pk")).order_by("-decided_at", "-id")
    return {
        "overdue_first_contacts": _count(with_first_contact_due(open_people).filter(Q(first_contact_due__lte=now))),
        "overdue_actions": _count(
            AgreedAction.objects.still_open().filter(
                assessment__person__homicide__lead_case_worker=OuterRef("pk"),
                assessment__person__closed_on__isnull=True,
                review_on__lt=today,
            )
        ),
        # Declines are not open cases: any person of the worker's whose latest decision is a decline past review.
        "overdue_consent_reviews": _count(
            led_people.annotate(
                latest_outcome=Subquery(latest.values("outcome")[:1]),
                latest_review_on=Subquery(latest.values("review_on")[:1]),
            ).filter(latest_outcome=ConsentOutcome.DECLINED, latest_review_on__lt=today)
        ),
        "overdue_cica_steps": _count(
            CicaApplication.objects.filter(
                person__homicide__lead_case_worker=OuterRef("pk"),
                person__closed_on__isnull=True,
                next_step_on__lt=today,
            ).exclude(status__in=[CicaStatus.PAID, CicaStatus.WITHDRAWN])
        ),
    }


@dataclass
class WorkerLoad:
    """One worker's load, from the annotations of one query and the team's cover (no queries of its own)."""

    worker: User
    open_people: int
    homicides_led: int
    overdue_first_contacts: int
    overdue_actions: int
    overdue_consent_reviews: int
    overdue_cica_steps: int
    hearings: int | None  # None where the reader may not see the justice journey
    next_hearing_on: date | None
    target: int
    today: date
    away: list[Cover] = field(default_factory=list)  # current and upcoming cover while they are away
    covering: list[Cover] = field(default_factory=list)  # current and upcoming cover they give

    @property
    def overdue(self) -> int:
        return (
            self.overdue_first_contacts + self.overdue_actions + self.overdue_consent_reviews + self.overdue_cica_steps
        )

    @property
    def over_target(self) -> bool:
        return self.open_people > self.target

    @property
    def away_today(self) -> Cover | None:
        return next((c for c in self.away if c.starts_on <= self.today), None)

    @property
    def away_next(self) -> Cover | None:
        return next((c for c in self.away if c.starts_on > self.today), None)

    @property
    def covering_today(self) -> list[Cover]:
        return [c for c in self.covering if c.starts_on <= self.today]


def workloads(
    user, workers: QuerySet[User], *, now: datetime | None = None, days: int | None = None
) -> list[WorkerLoad]:
    """The load of each of `workers` (already scoped by the caller from `access.policies`), in two queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = hearing_days() if days is None else days
    shows_journey = policies.can_see_offence_data(user)
    open_people = BereavedPerson.objects.filter(
        homicide__lead_case_worker=OuterRef("pk"), referred_at__isnull=False, closed_on__isnull=True
    )
    # Homicides still being worked: not closed, as the homicide list says (a domestic one until its review).
    led = Homicide.objects.filter(lead_case_worker=OuterRef("pk")).exclude(closed_q(shows_journey))
    annotations: dict[str, Any] = {"open_people": _count(open_people), "homicides_led": _count(led), **_overdue(now)}
    if shows_journey:
        hearings = JourneyEvent.objects.filter(
            homicide__lead_case_worker=OuterRef("pk"),
            kind__in=LISTED_KINDS,
            entered_in_error=False,
            occurred_on__gte=today,
            occurred_on__lte=today + timedelta(days=days),
        )
        annotations["hearings"] = _count(hearings)
        annotations["next_hearing_on"] = Subquery(hearings.order_by("occurred_on").values("occurred_on")[:1])
    else:
        annotations["hearings"] = Value(None, output_field=IntegerField())
        annotations["next_hearing_on"] = Value(None, output_field=DateField())
    # Annotated users: the figures are attributes the type checker cannot see.
    rows: list[Any] = list(workers.select_related("region").annotate(**annotations).order_by("full_name", "pk"))
    ids = [w.pk for w in rows]
    covers = list(
        Cover.objects.in_force()
        .filter(ends_on__gte=today)
        .filter(Q(absent_worker_id__in=ids) | Q(covering_worker_id__in=ids))
        .select_related("absent_worker", "covering_worker")
        .order_by("starts_on", "pk")
    )
    target = caseload_target()
    loads = []
    for w in rows:
        load = WorkerLoad(
            worker=w,
            open_people=w.open_people,
            homicides_led=w.homicides_led,
            overdue_first_contacts=w.overdue_first_contacts,
            overdue_actions=w.overdue_actions,
            overdue_consent_reviews=w.overdue_consent_reviews,
            overdue_cica_steps=w.overdue_cica_steps,
            hearings=w.hearings,
            next_hearing_on=w.next_hearing_on,
            target=target,
            today=today,
        )
        load.away = [c for c in covers if c.absent_worker_id == w.pk]
        load.covering = [c for c in covers if c.covering_worker_id == w.pk]
        loads.append(load)
    return loads


# The columns a team's table sorts by (the query string's `sort`), each with its key; names break ties.
SORT_KEYS = {
    "name": lambda load: (load.worker.full_name.lower(),),
    "open_people": lambda load: (load.open_people,),
    "homicides": lambda load: (load.homicides_led,),
    "overdue": lambda load: (load.overdue,),
    "hearings": lambda load: (load.hearings or 0,),
    "away": lambda load: (load.away_today is None, load.away[0].starts_on if load.away else date.max),
}


def sorted_loads(loads: list[WorkerLoad], sort: str, descending: bool) -> list[WorkerLoad]:
    key = SORT_KEYS.get(sort, SORT_KEYS["name"])
    by_name = sorted(loads, key=SORT_KEYS["name"])
    return sorted(by_name, key=key, reverse=descending)


# ---- Intake waiting for the team leader ----------------------------------------------------------------------


@dataclass
class Waiting:
    """A homicide not yet allocated, or a notification not yet linked, and how long it has waited."""

    record: Homicide | Notification
    since: datetime
    now: datetime

    @property
    def age(self) -> timedelta:
        return self.now - self.since

    @property
    def hours(self) -> int:
        return int(self.age.total_seconds() // 3600)

    @property
    def past_standard(self) -> bool:
        return self.age > INTAKE_STANDARD


# The landing page shows the oldest waiting; the count says how many more there are.
WAITING_SHOWN = 50


def unallocated_homicides(user, region_ids: list[int], now: datetime | None = None) -> tuple[list[Waiting], int]:
    """Homicides with no lead case worker (and no reason recorded for nobody being referred), oldest first, waiting
    since the record was opened; and how many there are. Two queries."""
    now = now or timezone.now()
    homicides = (
        policies.homicides(user)
        .filter(region_id__in=region_ids, lead_case_worker__isnull=True, no_referral_reason="")
        .select_related("region", "police_force")
        .order_by("created_at", "pk")
    )
    return [Waiting(h, h.created_at, now) for h in homicides[:WAITING_SHOWN]], homicides.count()


def unlinked(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    """Notifications not yet linked to a homicide, oldest first (the landing page's list, and the API's)."""
    return notifications.filter(homicide__isnull=True).order_by("received_at", "pk")


def waited_at_least(notifications: QuerySet[Notification], hours: int, now: datetime) -> QuerySet[Notification]:
    """Those received at least `hours` ago (24: past the standard)."""
    return notifications.filter(received_at__lte=now - timedelta(hours=hours))


def notification_waiting(notification: Notification, now: datetime) -> Waiting | None:
    """How long an unlinked notification has waited since it was received; None once it is linked."""
    if notification.homicide_id is not None:
        return None
    return Waiting(notification, notification.received_at, now)


def unlinked_notifications(user, region_ids: list[int], now: datetime | None = None) -> tuple[list[Waiting], int]:
    """Notifications not linked to a homicide, oldest first, waiting since received; and how many. Two queries."""
    now = now or timezone.now()
    notifications = unlinked(
        policies.notifications(user).filter(region_id__in=region_ids).select_related("region", "police_force")
    )
    return [Waiting(n, n.received_at, now) for n in notifications[:WAITING_SHOWN]], notifications.count()


def waiting_counts(loads: list[WorkerLoad]) -> dict[str, int]:
    return {
        "over_target": sum(load.over_target for load in loads),
        "away": sum(bool(load.away_today) for load in loads),
    }
