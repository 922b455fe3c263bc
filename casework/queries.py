"""Casework reads: the caseload (what is due, most urgent first) and a person's timeline.

Both take their records from `access.policies`, so they show only what the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict, cast

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise, WithAnnotations

from access import policies
from accounts.models import Role, User
from casework.actions import FIRST_CONTACT_TARGET
from casework.models import (
    AgreedAction,
    AgreedActionQuerySet,
    BereavedPerson,
    CaseEpisode,
    ClosureReason,
    ConsentDecision,
    ConsentOutcome,
    Contact,
    ExitPlan,
    NeedsAssessment,
    SupportGiven,
    VolunteerAssignment,
)
from commissioning.models import CicaApplication, CicaStatus
from intake.models import Homicide
from justice.models import LISTED_KINDS, EventKind, JourneyEvent
from reviews.models import (
    DECISION_DUE_AFTER,
    FAMILY_COMMENTS_DUE_AFTER,
    QA_OUTCOME_DUE_AFTER,
    AdvocacyOffer,
    DomesticHomicideReview,
    ReviewDecision,
    open_review_reason,
    review_of,
)
from safeguarding import queries as safeguarding


class UkMidnight(Func):
    """A date as the moment it starts in UK time, so dates and times sort on one scale."""

    template = "((%(expressions)s)::timestamp AT TIME ZONE 'Europe/London')"
    output_field = DateTimeField()


def _held_by(user: User, prefix: str = "") -> Q:
    """Homicides the user leads, or leads in cover for an absent worker (the policy's own test)."""
    return policies._held_homicides_q(user, prefix)  # the same rule, not a second copy


def with_first_contact_due(people: QuerySet[BereavedPerson]) -> QuerySet[BereavedPerson]:
    """Annotate `episode_opened_at` and `first_contact_due`: the first contact is due within 24 hours of the open
    episode's opening (a referral, a reopening) until a member of staff records one (a volunteer's does not count).
    The caseload and the team caseload's overdue counts share this one rule."""
    episode = CaseEpisode.objects.filter(person=OuterRef("pk"), closed_on__isnull=True)
    contact_since_opening = Contact.objects.in_force().filter(
        person=OuterRef("pk"), occurred_at__gte=OuterRef("episode_opened_at"), by_volunteer=False
    )
    return people.annotate(episode_opened_at=Subquery(episode.values("opened_at")[:1])).annotate(
        first_contact_due=Case(
            When(
                Q(episode_opened_at__isnull=False) & ~Exists(contact_since_opening),
                then=ExpressionWrapper(F("episode_opened_at") + FIRST_CONTACT_TARGET, output_field=DateTimeField()),
            ),
            default=None,
            output_field=DateTimeField(),
        )
    )


def caseload(user: User) -> QuerySet[BereavedPerson]:
    """The open cases on homicides the user holds (referred with consent, not closed, not declined since).

    Annotated, in one query, with each thing due and `next_due`, the earliest of them, as a moment. People who
    declined are not open cases: they are in `consent_reviews`.
    """
    open_actions = AgreedAction.objects.still_open().filter(assessment__person=OuterRef("pk"))
    exit_plan = ExitPlan.objects.filter(episode__person=OuterRef("pk"), episode__closed_on__isnull=True)
    cica_steps = CicaApplication.objects.filter(person=OuterRef("pk"), next_step_on__isnull=False).exclude(
        status__in=[CicaStatus.PAID, CicaStatus.WITHDRAWN]
    )
    hearing = _next_hearing(user)
    people = (
        with_first_contact_due(
            policies.casework_people(user).filter(
                _held_by(user, "homicide__"), referred_at__isnull=False, closed_on__isnull=True
            )
        )
        .annotate(
            next_action_review_on=Subquery(open_actions.order_by("review_on").values("review_on")[:1]),
            open_actions=Coalesce(
                Subquery(
                    open_actions.order_by().values("assessment__person").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            exit_planned_on=Subquery(exit_plan.values("planned_on")[:1]),
            cica_next_step_on=Subquery(cica_steps.order_by("next_step_on").values("next_step_on")[:1]),
            next_hearing_on=Subquery(hearing.values("occurred_on")[:1]) if hearing is not None else _NO_DATE,
            next_hearing_kind=Subquery(hearing.values("kind")[:1]) if hearing is not None else _NO_TEXT,
            witness_handover_due_on=_witness_handover_due(user),
            # The current risk check's level (a tag on the row) and review date.
            **safeguarding.current_risk_annotations("risk_level", "review_by"),
        )
        .annotate(
            # A risk check's review is due from a fortnight ahead, and while overdue.
            risk_review_due_on=Case(
                When(risk_review_by__lte=safeguarding.review_due_from(), then=F("risk_review_by")),
                default=None,
                output_field=DateField(),
            ),
            **_review_dues(user),
        )
        .annotate(
            next_due=Least(
                F("first_contact_due"),
                UkMidnight(F("next_action_review_on")),
                UkMidnight(F("exit_planned_on")),
                UkMidnight(F("cica_next_step_on")),
                UkMidnight(F("next_hearing_on")),
                UkMidnight(F("witness_handover_due_on")),
                UkMidnight(F("risk_review_due_on")),
                *(UkMidnight(F(name)) for name in REVIEW_DUES),
            )
        )
        .select_related("homicide", "homicide__lead_case_worker")
        .order_by(F("next_due").asc(nulls_last=True), "last_name", "first_name", "pk")
    )
    return people


def consent_reviews(user: User) -> QuerySet[BereavedPerson]:
    """People on homicides the user holds whose latest consent decision is a decline: when to offer the service
    again (`consent_review_on`), soonest first. Recording their consent opens their case."""
    latest_decision = ConsentDecision.objects.in_force().filter(person=OuterRef("pk")).order_by("-decided_at", "-id")
    return (
        policies.casework_people(user)
        .filter(_held_by(user, "homicide__"))
        .annotate(
            latest_outcome=Subquery(latest_decision.values("outcome")[:1]),
            consent_review_on=Subquery(latest_decision.values("review_on")[:1]),
            declined_at=Subquery(latest_decision.values("decided_at")[:1]),
        )
        .filter(latest_outcome=ConsentOutcome.DECLINED, consent_review_on__isnull=False)
        .select_related("homicide", "homicide__lead_case_worker")
        .order_by("consent_review_on", "last_name", "first_name", "pk")
    )


_NO_DATE = Value(None, output_field=DateField())
_NO_TEXT = Value(None, output_field=CharField())


def _next_hearing(user: User) -> QuerySet[JourneyEvent] | None:
    """The person's homicide's next hearing or trial listed within JOURNEY_DUE_DAYS_AHEAD days (offence data:
    None for a role that may not see it)."""
    if not policies.can_see_offence_data(user):
        return None
    today = timezone.localdate()
    return JourneyEvent.objects.filter(
        homicide=OuterRef("homicide_id"),
        kind__in=LISTED_KINDS,
        entered_in_error=False,
        occurred_on__gte=today,
        occurred_on__lte=today + timedelta(days=settings.JOURNEY_DUE_DAYS_AHEAD),
    ).order_by("occurred_on", "pk")


def _witness_handover_due(user: User) -> Subquery | Value:
    """When the Witness Service hand-over is due: WITNESS_HANDOVER_DAYS_BEFORE days before the person's homicide's
    next listed trial, while no hand-over has been recorded since that trial was listed (a hand-over for an earlier
    trial does not prepare the family for a retrial). Offence data: None for a role that may not see it."""
    if not policies.can_see_offence_data(user):
        return _NO_DATE
    handover_since_listed = JourneyEvent.objects.filter(
        homicide=OuterRef("homicide_id"),
        kind=EventKind.WITNESS_SERVICE_HANDOVER,
        entered_in_error=False,
        created_at__gte=OuterRef("created_at"),
    )
    trials_waiting = JourneyEvent.objects.filter(
        homicide=OuterRef("homicide_id"),
        kind=EventKind.TRIAL_LISTED,
        entered_in_error=False,
        occurred_on__gte=timezone.localdate(),
    ).filter(~Exists(handover_since_listed))
    return Subquery(
        trials_waiting.order_by("occurred_on", "pk")
        .annotate(due=_days_after("occurred_on", -timedelta(days=settings.WITNESS_HANDOVER_DAYS_BEFORE)))
        .values("due")[:1]
    )


# What a homicide's Domestic Homicide Review waits for, as the caseload shows it (the rule and its delays are
# reviews.models'): the partnership's decision, the Home Office panel's outcome, the family's comments on the draft,
# and a declined offer of advocacy to make again (the latest offer's date to offer again).
REVIEW_DUES = {
    "review_decision_due_on": _("Review: the partnership's decision"),
    "review_qa_outcome_due_on": _("Review: the quality assurance outcome"),
    "review_comments_due_on": _("Review: the family's comments on the draft"),
    "review_offer_again_on": _("Review: offer advocacy again"),
}


def _days_after(field_name: str, delay: timedelta) -> ExpressionWrapper:
    # A date plus a whole number of days is a date in PostgreSQL.
    return ExpressionWrapper(F(field_name) + Value(delay.days), output_field=DateField())


def _review_dues(user: User) -> dict:
    """The caseload's review annotations: dates, or None (offence data: None for a role that may not see it)."""
    if not policies.can_see_offence_data(user):
        return dict.fromkeys(REVIEW_DUES, _NO_DATE)
    review = DomesticHomicideReview.objects.filter(homicide=OuterRef("homicide_id"))
    in_progress = review.filter(decision=ReviewDecision.REVIEW, completed_on__isnull=True)
    decided = review.exclude(decision="")
    offers = AdvocacyOffer.objects.filter(
        review__homicide=OuterRef("homicide_id"), review__completed_on__isnull=True
    ).exclude(review__decision=ReviewDecision.NO_REVIEW)
    return {
        "review_decision_due_on": Case(
            When(
                Q(homicide__is_domestic=True) & ~Exists(decided),
                then=_days_after("homicide__date_of_death", DECISION_DUE_AFTER),
            ),
            default=None,
            output_field=DateField(),
        ),
        "review_qa_outcome_due_on": Subquery(
            in_progress.filter(qa_submitted_on__isnull=False, qa_outcome_on__isnull=True)
            .annotate(due=_days_after("qa_submitted_on", QA_OUTCOME_DUE_AFTER))
            .values("due")[:1]
        ),
        "review_comments_due_on": Subquery(
            in_progress.filter(draft_shared_on__isnull=False, family_comments_on__isnull=True)
            .annotate(due=_days_after("draft_shared_on", FAMILY_COMMENTS_DUE_AFTER))
            .values("due")[:1]
        ),
        # Only a declined offer has a date to offer again: the latest offer's, so a new offer answers it.
        "review_offer_again_on": Subquery(offers.order_by("-offered_on", "-id").values("offer_again_on")[:1]),
    }


@dataclass
class Due:
    """One thing due for a person, with how urgent it is."""

    label: StrOrPromise
    moment: datetime | date
    status: str  # "overdue", "today" or ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.moment, datetime)

    @classmethod
    def of(cls, label: StrOrPromise, moment: datetime | date, now: datetime) -> Due:
        today = timezone.localdate(now)
        if isinstance(moment, datetime):
            status = "overdue" if moment < now else ("today" if timezone.localdate(moment) == today else "")
        else:
            status = "overdue" if moment < today else ("today" if moment == today else "")
        return cls(label=label, moment=moment, status=status)


def dues(person: Any, now: datetime | None = None) -> list[Due]:
    """What is due for a caseload row (a person annotated by `caseload`), from its annotations (no queries),
    most urgent first."""
    now = now or timezone.now()
    items = []
    if person.first_contact_due:
        items.append(Due.of(_("First contact"), person.first_contact_due, now))
    if person.next_action_review_on:
        items.append(Due.of(_("Agreed action review"), person.next_action_review_on, now))
    if person.exit_planned_on:
        items.append(Due.of(_("Planned exit"), person.exit_planned_on, now))
    if person.cica_next_step_on:
        items.append(Due.of(_("CICA application: next step"), person.cica_next_step_on, now))
    if getattr(person, "next_hearing_on", None):
        items.append(Due.of(EventKind(person.next_hearing_kind).label, person.next_hearing_on, now))
    if getattr(person, "witness_handover_due_on", None):
        items.append(Due.of(EventKind.WITNESS_SERVICE_HANDOVER.label, person.witness_handover_due_on, now))
    if getattr(person, "risk_review_due_on", None):
        items.append(Due.of(_("Risk check review"), person.risk_review_due_on, now))
    for name, label in REVIEW_DUES.items():
        if getattr(person, name, None):
            items.append(Due.of(label, getattr(person, name), now))
    return sorted(items, key=lambda due: _sort_moment(due.moment))


def consent_review_due(person: Any, now: datetime | None = None) -> Due:
    """When to offer the service again to a row of `consent_reviews`."""
    return Due.of(_("Offer the service again"), person.consent_review_on, now or timezone.now())


def _sort_moment(moment: datetime | date) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return timezone.make_aware(datetime.combine(moment, time.min))


class HeldCounts(TypedDict):
    people_count: int
    open_count: int


def held_homicides(user: User) -> QuerySet[WithAnnotations[Homicide, HeldCounts]]:
    """The homicides the user leads (or covers), with how many people each has and how many are open."""
    return (
        policies.homicides(user)
        .filter(_held_by(user))
        .select_related("lead_case_worker")
        .annotate(
            people_count=Count("bereaved_people"),
            open_count=Count(
                "bereaved_people",
                filter=Q(bereaved_people__referred_at__isnull=False, bereaved_people__closed_on__isnull=True),
            ),
        )
        .order_by("-date_of_death", "-pk")
    )


def assignable_volunteers(person: BereavedPerson) -> QuerySet[User]:
    """Volunteers who may be given a task for this person: active, in the homicide's region."""
    return User.objects.filter(role=Role.VOLUNTEER, is_active=True, region_id=person.homicide.region_id)


# ---- Timeline --------------------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    kind: str  # added, consent, contact, assessment, support, task, task_ended, reopened, closed
    when: datetime | date
    title: StrOrPromise
    record: object = None
    sort_key: tuple = field(default=())


def _key(when: datetime | date, created: datetime | None) -> tuple:
    if isinstance(when, datetime):
        return (timezone.localdate(when), timezone.localtime(when).time(), created or when)
    # A dated entry with no record of when it was written (a closure, a task ending) ends its day: nothing that
    # day is recorded after a case closes.
    return (when, time.max, created or timezone.make_aware(datetime.combine(when, time.max)))


@dataclass
class PersonRecords:
    """Everything about one person the user may see, fetched in a fixed number of queries."""

    consent_decisions: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    support: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    episodes: list = field(default_factory=list)  # oldest first, each with its exit plan
    # Updates sent to volunteers about the person (a volunteer: those sent to them), newest first.
    volunteer_updates: list = field(default_factory=list)

    @property
    def actions_due(self) -> list[AgreedAction]:
        due = [
            a
            for assessment in self.assessments
            if not assessment.entered_in_error
            for a in assessment.actions.all()
            if a.is_open
        ]
        return sorted(due, key=lambda a: (a.review_on, a.pk))

    @property
    def current_episode(self):
        return next((e for e in self.episodes if e.closed_on is None), None)

    @property
    def exit_plan(self) -> ExitPlan | None:
        episode = self.current_episode
        return getattr(episode, "exit_plan", None) if episode is not None else None

    def total_days(self, today: date | None = None) -> int:
        """Length of contact over every episode, to today for an open one."""
        return sum(episode.length_days(today) for episode in self.episodes)


def person_records(user: User, person: BereavedPerson) -> PersonRecords:
    records = PersonRecords(
        consent_decisions=list(
            policies.visible(user, ConsentDecision).filter(person=person).select_related("recorded_by")
        ),
        contacts=list(policies.visible(user, Contact).filter(person=person).select_related("made_by")),
        assessments=list(
            policies.visible(user, NeedsAssessment)
            .filter(person=person)
            .select_related("assessed_by")
            .prefetch_related("needs", "actions")
        ),
        support=list(
            policies.visible(user, SupportGiven).filter(person=person).select_related("support_type", "recorded_by")
        ),
        tasks=list(
            policies.visible(user, VolunteerAssignment).filter(person=person).select_related("volunteer", "assigned_by")
        ),
        episodes=list(policies.visible(user, CaseEpisode).filter(person=person).select_related("exit_plan")),
        volunteer_updates=list(
            policies.volunteer_updates(user)
            .filter(assignment__person=person)
            .select_related("sent_by", "assignment__volunteer")
        ),
    )
    # Each record's person is this one: known without asking again (the correction checks read it).
    for record in (*records.consent_decisions, *records.contacts, *records.assessments, *records.support):
        record.person = person
    return records


def timeline(person: BereavedPerson, records: PersonRecords, *, show_case_events: bool = True) -> list[TimelineEntry]:
    """Everything that happened to the person that the records hold, newest first (no queries)."""
    entries = []
    if show_case_events:
        entries.append(TimelineEntry("added", person.created_at, _("Added to the service"), person))
    for decision in records.consent_decisions:
        entries.append(TimelineEntry("consent", decision.decided_at, decision.get_outcome_display(), decision))
    for contact in records.contacts:
        entries.append(TimelineEntry("contact", contact.occurred_at, contact.get_kind_display(), contact))
    for assessment in records.assessments:
        entries.append(TimelineEntry("assessment", assessment.assessed_on, assessment.get_kind_display(), assessment))
    for support in records.support:
        entries.append(TimelineEntry("support", support.given_on, support.support_type.name, support))
    for task in records.tasks:
        entries.append(TimelineEntry("task", task.assigned_on, _("Volunteer task given"), task))
        if task.ended_on:
            entries.append(TimelineEntry("task_ended", task.ended_on, _("Volunteer task ended"), task))
    for number, episode in enumerate(records.episodes if show_case_events else ()):
        if number and episode.reopened_reason:
            entries.append(TimelineEntry("reopened", episode.opened_at, _("Case reopened"), episode))
        if episode.closed_on:
            declined = episode.closure_reason == ClosureReason.DECLINED
            title = _("Case closed: declined the service") if declined else _("Case closed")
            entries.append(TimelineEntry("closed", episode.closed_on, title, episode))
    closed_days = {entry.when for entry in entries if entry.kind == "closed"}
    for entry in entries:
        created = getattr(entry.record, "created_at", None) if entry.kind not in {"closed", "task_ended"} else None
        entry.sort_key = _key(entry.when, created)
        day = timezone.localdate(entry.when) if isinstance(entry.when, datetime) else entry.when
        if entry.kind == "reopened" and day in closed_days:
            # Reopened on the day an episode closed: the reopening came after the closure, which ends its day.
            closed_key = _key(day, None)
            entry.sort_key = (*closed_key[:2], closed_key[2] + timedelta(microseconds=1))
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)


# ---- Closing a case --------------------------------------------------------------------------------------


@dataclass
class ClosureCheck:
    """What is still open on a case, for the page that closes it: each with what closing will do to it."""

    episode: CaseEpisode | None
    episodes: list
    open_actions: list
    active_tasks: list
    upcoming_hearings: list
    dhr_open: str  # why the review keeps the case open (offence data: "" for a role that may not see it)
    exit_plan: ExitPlan | None

    def days_to(self, closed_on: date) -> int | None:
        """The length of contact of the current episode if it closed on `closed_on`."""
        return (closed_on - self.episode.opened_on).days if self.episode is not None else None

    def total_days_to(self, closed_on: date) -> int:
        """The length of contact over every episode if the current one closed on `closed_on`."""
        return sum((closed_on - e.opened_on).days if e.closed_on is None else e.length_days() for e in self.episodes)


def closure_check(user: User, person: BereavedPerson) -> ClosureCheck:
    """Fetched in a fixed number of queries, from what the user may see."""
    episodes = list(policies.visible(user, CaseEpisode).filter(person=person).select_related("exit_plan"))
    episode = next((e for e in episodes if e.closed_on is None), None)
    hearings: list[JourneyEvent] = []
    dhr_open = ""
    if policies.can_see_offence_data(user):
        homicide = person.homicide
        # The rule `close_case` applies (reviews.models.open_review_reason), to say why before the worker answers.
        dhr_open = open_review_reason(homicide, review_of(homicide) if homicide.is_domestic else None) or ""
        hearings = list(
            policies.journey_events(user)
            .filter(homicide=homicide, entered_in_error=False, occurred_on__gt=timezone.localdate())
            .order_by("occurred_on", "pk")
        )
    return ClosureCheck(
        episode=episode,
        episodes=episodes,
        open_actions=list(
            cast(AgreedActionQuerySet, policies.visible(user, AgreedAction))
            .still_open()
            .filter(assessment__person=person)
            .select_related("assessment")
            .order_by("review_on", "pk")
        ),
        active_tasks=list(
            policies.visible(user, VolunteerAssignment)
            .filter(person=person, ended_on__isnull=True)
            .select_related("volunteer")
        ),
        upcoming_hearings=hearings,
        dhr_open=dhr_open,
        exit_plan=getattr(episode, "exit_plan", None) if episode is not None else None,
    )
