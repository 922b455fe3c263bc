"""Filtering and sorting the lists of homicides and people, for the pages and the API alike (one decision each).

Every filter is written so that PostgreSQL can serve it from an index or an EXISTS: the lead case worker (the
foreign key's index), the date of death (`homicide_list_order_idx`), a person's referral and closure dates, and
the justice stage, derived in the query from the journey's events (`journeyevent (homicide, occurred_on)`).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import policies
from accounts.models import CASE_HOLDING_ROLES, User
from casework.models import BereavedPerson, CaseStage, ConsentDecision, ConsentOutcome
from intake.models import Homicide
from justice.models import EventKind, JourneyEvent
from justice.queries import CRIMINAL_STAGE
from reviews.models import ReviewDecision

# ---- Homicides ------------------------------------------------------------------------------------------------


def closed_q(shows_offence_data: bool) -> Q:
    """Closed: every case finished (`Homicide.cases_finished`, kept by the database: nobody to support, or every
    referred case closed); a domestic homicide stays open until its review is complete.

    "Domestic" is offence data: for a reader who may not see it, the review does not keep a homicide open, or the
    list would tell them which homicides are domestic.
    """
    finished = Q(cases_finished=True)
    if not shows_offence_data:
        return finished
    # The review is over once complete or once the partnership decided not to hold one (reviews.models).
    review_over = Q(dhr__completed_on__isnull=False) | Q(dhr__decision=ReviewDecision.NO_REVIEW)
    return finished & (Q(is_domestic=False) | review_over)


# The stages a homicide's justice journey can be in (DHRs are not a stage of the journey).
JOURNEY_STAGES = [(s.value, s.label) for s in CaseStage if s != CaseStage.DOMESTIC_HOMICIDE_REVIEW]
_INQUEST_KINDS = [
    EventKind.INQUEST_OPENED,
    EventKind.INQUEST_ADJOURNED,
    EventKind.INQUEST_RESUMED,
    EventKind.INQUEST_CONCLUDED,
]


HOMICIDE_SORTS = {
    "date_of_death": ("date_of_death", "id"),
    "reference": ("reference",),
    "victim": ("victim_last_name", "victim_first_name", "id"),
    "lead": ("lead_case_worker__full_name", "id"),
}


def filter_homicides(
    user,
    homicides: QuerySet[Homicide],
    *,
    region: int | None = None,
    unallocated: bool = False,
    status: str = "",
    lead: int | None = None,
    stage: str = "",
    died_from: date | None = None,
    died_to: date | None = None,
) -> QuerySet[Homicide]:
    """The filters of the homicide list (page and API). `stage` applies only for a reader who may see the justice
    journey (criminal offence data); anyone else's stage is ignored, so that it tells them nothing."""
    if region is not None:
        homicides = homicides.filter(region_id=region)
    if unallocated:
        homicides = homicides.filter(lead_case_worker__isnull=True)
    if lead is not None:
        homicides = homicides.filter(lead_case_worker_id=lead)
    shows_offence_data = policies.can_see_offence_data(user)
    if status == "open":
        homicides = homicides.exclude(closed_q(shows_offence_data))
    elif status == "closed":
        homicides = homicides.filter(closed_q(shows_offence_data))
    if died_from is not None:
        homicides = homicides.filter(date_of_death__gte=died_from)
    if died_to is not None:
        homicides = homicides.filter(date_of_death__lte=died_to)
    if stage and shows_offence_data and stage in dict(JOURNEY_STAGES):
        homicides = homicides.annotate(**stage_annotations()).filter(journey_stage=stage)  # type: ignore[misc]
    return homicides


def stage_annotations(today: date | None = None) -> dict:
    """`journey_stage`: `justice.queries.current_stage` written in SQL. The latest criminal-justice event that has
    happened sets the stage, unless an inquest is sitting (its latest event opened or resumed it); two subqueries
    served by the index on journey events (homicide, occurred_on).

    Derived when read rather than stored on the homicide: a listed hearing's day passing changes the stage with no
    action running, so a stored stage would go stale.
    """
    today = today or timezone.localdate()
    happened = JourneyEvent.objects.filter(
        homicide=OuterRef("pk"), entered_in_error=False, occurred_on__lte=today
    ).order_by("-occurred_on", "-created_at", "-pk")
    whens = [
        When(_inquest=kind, then=Value(str(CaseStage.INQUEST)))
        for kind in (EventKind.INQUEST_OPENED, EventKind.INQUEST_RESUMED)
    ]
    whens += [When(_criminal=kind, then=Value(str(stage))) for kind, stage in CRIMINAL_STAGE.items()]
    return {
        "_criminal": Subquery(happened.filter(kind__in=list(CRIMINAL_STAGE)).values("kind")[:1]),
        "_inquest": Subquery(happened.filter(kind__in=_INQUEST_KINDS).values("kind")[:1]),
        "journey_stage": Case(*whens, default=Value(str(CaseStage.INVESTIGATION)), output_field=CharField()),
    }


def lead_workers(user) -> QuerySet[User]:
    """The workers the user may filter homicides and people by: those leading a homicide the user sees."""
    return User.objects.filter(
        role__in=sorted(CASE_HOLDING_ROLES), pk__in=policies.homicides(user).values("lead_case_worker_id")
    ).order_by("full_name", "pk")


# ---- People ---------------------------------------------------------------------------------------------------

PERSON_STATUSES = [
    ("open", _("Open")),
    ("closed", _("Closed")),
    ("declined", _("Declined")),
    ("not_referred", _("Not yet referred")),
]


def _latest_declined() -> Exists:
    """The person's latest consent decision is a decline."""
    latest = (
        ConsentDecision.objects.in_force()
        .filter(person=OuterRef("person_id"))
        .order_by("-decided_at", "-id")
        .values("pk")[:1]
    )
    return Exists(
        ConsentDecision.objects.filter(person=OuterRef("pk"), outcome=ConsentOutcome.DECLINED, pk=Subquery(latest))
    )


def filter_people(people: QuerySet[BereavedPerson], *, worker: int | None = None, status: str = "") -> QuerySet:
    """Open: referred and not closed; closed (not by a decline); declined: their latest decision is a decline (a
    decline ends an open case, so they may have been referred before); not yet referred: never referred and not
    declined. Each person has one status."""
    if worker is not None:
        people = people.filter(homicide__lead_case_worker_id=worker)
    if status == "open":
        people = people.filter(referred_at__isnull=False, closed_on__isnull=True)
    elif status == "closed":
        people = people.filter(closed_on__isnull=False).exclude(_latest_declined())
    elif status == "declined":
        people = people.filter(_latest_declined())
    elif status == "not_referred":
        people = people.filter(referred_at__isnull=True).exclude(_latest_declined())
    return people


PERSON_SORTS = {
    "name": ("last_name", "first_name", "id"),
    "referred": ("referred_at", "id"),
    "closed": ("closed_on", "id"),
}
