"""Who may see and change what: the one place that decides.

Every page, API endpoint and report asks these functions for its queryset or its yes/no; nothing else filters
records by role. Outsiders get 404 (see `get_visible_or_404`) so that a record's existence is never revealed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_save
from django.http import Http404
from django.utils import timezone

from accounts.models import CASE_HOLDING_ROLES, Role, User
from casework.models import (
    AgreedAction,
    BereavedPerson,
    CaseEpisode,
    ConsentDecision,
    Contact,
    Cover,
    ExitPlan,
    NeedsAssessment,
    SupportGiven,
    VolunteerAssignment,
)
from commissioning.models import Budget, CicaApplication, CommissionedService, Provider
from equality.models import EqualityRecord
from intake.models import Allocation, Homicide, Notification, PoliceLiaison
from justice.models import Defendant, JourneyEvent
from outcomes.models import OutcomeMeasure
from reviews.models import AdvocacyOffer, ChairMeeting, DomesticHomicideReview
from safeguarding.models import RiskCheck, SafeguardingConcern
from volunteering.models import VolunteerProfile, VolunteerUpdate

# Criminal offence data (suspect flags, investigation notes) is shown to these roles only.
OFFENCE_DATA_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER, Role.CASE_WORKER}
# Roles that take notifications in (pages); police referrers submit theirs too.
INTAKE_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER, Role.SUPPORT_WORKER}
NOTIFYING_ROLES = INTAKE_ROLES | {Role.POLICE_REFERRER}
ALLOCATING_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER}
# Staff who hold and work cases.
CASEWORK_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER, Role.CASE_WORKER}
AUDIT_READER_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER}
REPORT_READER_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER, Role.ANALYST}
# Roles that see case records at all (people, homicides, casework), as opposed to their own submissions.
CASE_RECORD_ROLES = CASEWORK_ROLES | {Role.SUPPORT_WORKER, Role.VOLUNTEER}
FULL_RECORD_ROLES = CASE_RECORD_ROLES - {Role.VOLUNTEER}


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _role(user) -> str | None:
    return user.role if is_signed_in(user) else None


def covered_worker_ids(user: User, on: date | None = None) -> QuerySet:
    """Ids of the workers whose cases `user` is covering today."""
    on = on or timezone.localdate()
    return (
        Cover.objects.in_force()
        .filter(covering_worker=user, starts_on__lte=on, ends_on__gte=on)
        .values("absent_worker_id")
    )


def _held_homicides_q(user: User, prefix: str = "") -> Q:
    """Homicides this worker leads, or leads in cover for someone absent.

    The covered workers' ids are resolved first (one small query): a plain `lead IN (ids)` is one condition the
    lead's index serves and the planner estimates well. Written as `OR lead IN (subquery)` no index served it (seconds
    at scale); as `= ANY(ARRAY(subquery))` the planner could not see how few rows it keeps and walked a whole
    list's index looking for them (the case worker's contacts API: 11 s at 100x).
    """
    return Q(**{f"{prefix}lead_case_worker_id__in": _held_worker_ids(user)})


# Within one request the covered workers are looked up once, however many querysets a page builds (the person page
# built eight). Outside a request (commands, tests calling policies directly) nothing is remembered.
_request_reach: ContextVar[dict[tuple[int, date], list[int]] | None] = ContextVar("request_reach", default=None)


def _held_worker_ids(user: User) -> list[int]:
    remembered = _request_reach.get()
    key = (user.pk, timezone.localdate())
    if remembered is not None and key in remembered:
        return remembered[key]
    ids = [user.pk, *covered_worker_ids(user).values_list("absent_worker_id", flat=True)]
    if remembered is not None:
        remembered[key] = ids
    return ids


@contextmanager
def reach_remembered_for_request() -> Iterator[None]:
    token = _request_reach.set({})
    try:
        yield
    finally:
        _request_reach.reset(token)


def forget_reach(**_kwargs) -> None:
    """A cover arranged or changed in this request changes reach from then on."""
    remembered = _request_reach.get()
    if remembered is not None:
        remembered.clear()


post_save.connect(forget_reach, sender=Cover, dispatch_uid="policies.forget_reach")


# ---- Querysets -------------------------------------------------------------------------------------------


def homicides(user) -> QuerySet[Homicide]:
    qs = Homicide.objects.all()
    role = _role(user)
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role in {Role.TEAM_LEADER, Role.SUPPORT_WORKER}:
        return qs.filter(region_id=user.region_id)
    if role == Role.CASE_WORKER:
        return qs.filter(_held_homicides_q(user))
    return qs.none()


def casework_people(user) -> QuerySet[BereavedPerson]:
    """People whose casework (contacts, assessments, support, closure) this user may read and record."""
    qs = BereavedPerson.objects.all()
    role = _role(user)
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role == Role.TEAM_LEADER:
        return qs.filter(homicide__region_id=user.region_id)
    if role == Role.CASE_WORKER:
        return qs.filter(_held_homicides_q(user, "homicide__"))
    if role == Role.SUPPORT_WORKER:
        # Support workers see confidential casework only while covering for someone.
        return qs.filter(homicide__lead_case_worker__in=covered_worker_ids(user))
    return qs.none()


def people(user) -> QuerySet[BereavedPerson]:
    role = _role(user)
    qs = BereavedPerson.objects.all()
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role in {Role.TEAM_LEADER, Role.SUPPORT_WORKER}:
        return qs.filter(homicide__region_id=user.region_id)
    if role == Role.CASE_WORKER:
        return qs.filter(_held_homicides_q(user, "homicide__"))
    if role == Role.VOLUNTEER:
        # Only while the task lasts: ending it, or closing the case (which ends it), ends access.
        return qs.filter(
            closed_on__isnull=True,
            id__in=VolunteerAssignment.objects.filter(volunteer=user, ended_on__isnull=True).values("person_id"),
        )
    return qs.none()


def notifications(user) -> QuerySet[Notification]:
    qs = Notification.objects.all()
    role = _role(user)
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role in {Role.TEAM_LEADER, Role.SUPPORT_WORKER}:
        return qs.filter(region_id=user.region_id)
    if role == Role.CASE_WORKER:
        return qs.filter(homicide__in=homicides(user))
    if role == Role.POLICE_REFERRER:
        return qs.filter(submitted_by=user)
    return qs.none()


def allocations(user) -> QuerySet[Allocation]:
    return Allocation.objects.filter(homicide__in=homicides(user))


def police_liaison(user) -> QuerySet[PoliceLiaison]:
    """Police liaison (the SIO told the name, the FLO contacted): whoever sees the homicide."""
    return PoliceLiaison.objects.filter(homicide__in=homicides(user))


def consent_decisions(user) -> QuerySet[ConsentDecision]:
    role = _role(user)
    if role == Role.SUPPORT_WORKER:
        # Recording consent is intake work, so support workers see their region's decisions.
        return ConsentDecision.objects.filter(person__in=people(user))
    return ConsentDecision.objects.filter(person__in=casework_people(user))


def case_episodes(user) -> QuerySet[CaseEpisode]:
    """Periods of support, with their closure notes and exit plans: casework, the case holders'."""
    return CaseEpisode.objects.filter(person__in=casework_people(user))


def exit_plans(user) -> QuerySet[ExitPlan]:
    """Exit plans are casework: the case holders'."""
    return ExitPlan.objects.filter(episode__person__in=casework_people(user))


def contacts(user) -> QuerySet[Contact]:
    if _role(user) == Role.VOLUNTEER:
        return Contact.objects.filter(made_by=user, person__in=people(user))
    return Contact.objects.filter(person__in=casework_people(user))


def assessments(user) -> QuerySet[NeedsAssessment]:
    return NeedsAssessment.objects.filter(person__in=casework_people(user))


def agreed_actions(user) -> QuerySet[AgreedAction]:
    return AgreedAction.objects.filter(assessment__person__in=casework_people(user))


def support_given(user) -> QuerySet[SupportGiven]:
    return SupportGiven.objects.filter(person__in=casework_people(user))


def volunteer_assignments(user) -> QuerySet[VolunteerAssignment]:
    if _role(user) == Role.VOLUNTEER:
        return VolunteerAssignment.objects.filter(volunteer=user)
    return VolunteerAssignment.objects.filter(person__in=casework_people(user))


def covers(user) -> QuerySet[Cover]:
    """Cover arrangements: a team leader's region's (by the absent worker), all for the national manager."""
    role = _role(user)
    if role == Role.NATIONAL_MANAGER:
        return Cover.objects.all()
    if role == Role.TEAM_LEADER:
        return Cover.objects.filter(absent_worker__region_id=user.region_id)
    return Cover.objects.none()


def can_read_providers(user) -> bool:
    return _role(user) in CASEWORK_ROLES


def providers(user) -> QuerySet[Provider]:
    """The directory of providers (no personal data): read by staff who hold and work cases, nationally."""
    if can_read_providers(user):
        return Provider.objects.all()
    return Provider.objects.none()


def commissioned_services(user) -> QuerySet[CommissionedService]:
    return CommissionedService.objects.filter(person__in=casework_people(user))


def cica_applications(user) -> QuerySet[CicaApplication]:
    return CicaApplication.objects.filter(person__in=casework_people(user))


def budgets(user) -> QuerySet[Budget]:
    return Budget.objects.filter(region__in=budget_regions(user))


def budget_regions(user) -> QuerySet:
    """The regions whose commissioning budget this user may read: a team leader's own, all for the national
    manager."""
    from organisation.models import Region

    role = _role(user)
    if role == Role.NATIONAL_MANAGER:
        return Region.objects.all()
    if role == Role.TEAM_LEADER:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def defendants(user) -> QuerySet[Defendant]:
    """Criminal offence data: offence-data roles only, on the homicides they see."""
    if not can_see_offence_data(user):
        return Defendant.objects.none()
    return Defendant.objects.filter(homicide__in=homicides(user))


def journey_events(user) -> QuerySet[JourneyEvent]:
    """The justice journey is criminal offence data too (charges, verdicts): offence-data roles only."""
    if not can_see_offence_data(user):
        return JourneyEvent.objects.none()
    return JourneyEvent.objects.filter(homicide__in=homicides(user))


def volunteer_updates(user) -> QuerySet[VolunteerUpdate]:
    """Updates sent to volunteers: a volunteer reads those of their own current tasks (ending the task, or closing
    the case, ends it); staff read all the updates about the people whose casework they may read."""
    if _role(user) == Role.VOLUNTEER:
        return VolunteerUpdate.objects.filter(
            assignment__volunteer=user, assignment__ended_on__isnull=True, assignment__person__closed_on__isnull=True
        )
    return VolunteerUpdate.objects.filter(assignment__person__in=casework_people(user))


def volunteer_profiles(user) -> QuerySet[VolunteerProfile]:
    """Volunteers' availability, area and travel: the holder's own, their region's for staff who give tasks
    (case workers, team leaders), everyone's for the national manager. No personal data of bereaved people."""
    role = _role(user)
    qs = VolunteerProfile.objects.all()
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role in {Role.TEAM_LEADER, Role.CASE_WORKER}:
        return qs.filter(Q(volunteer__region_id=user.region_id) | Q(volunteer=user))
    if is_signed_in(user):
        return qs.filter(volunteer=user)
    return qs.none()


def outcome_measures(user) -> QuerySet[OutcomeMeasure]:
    """Outcome measures are casework: whoever reads and records the person's casework."""
    return OutcomeMeasure.objects.filter(person__in=casework_people(user))


# Equality data (special category data) is seen and recorded by the case holder, their team leader and the national
# manager only: never volunteers, police referrers or support workers (not even in cover); analysts read it only in
# aggregate (report M5), through the report policies.
EQUALITY_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER, Role.CASE_WORKER}


def equality_people(user) -> QuerySet[BereavedPerson]:
    """The people whose equality data this user may see and record (supported or not: declines count too)."""
    if _role(user) not in EQUALITY_ROLES:
        return BereavedPerson.objects.none()
    return casework_people(user)


def equality_records(user) -> QuerySet[EqualityRecord]:
    if _role(user) not in EQUALITY_ROLES:
        return EqualityRecord.objects.none()
    return EqualityRecord.objects.filter(person__in=casework_people(user))


def can_see_equality_data(user, person: BereavedPerson | None = None) -> bool:
    """Whether the user may see (and record) equality data: at all, or a given person's."""
    if _role(user) not in EQUALITY_ROLES:
        return False
    return person is None or casework_people(user).filter(pk=person.pk).exists()


def can_read_safeguarding(user, person: BereavedPerson | None = None) -> bool:
    """Risk checks and safeguarding concerns: roles that may see criminal offence data (a check says whether the
    suspect or their family is in contact with the person), on the people whose casework they hold: the case holder
    and a case worker covering, the team leader, the national manager. A support worker covering, and a volunteer,
    see a person's visit safety only (`visit_safety`)."""
    if not can_see_offence_data(user):
        return False
    return person is None or casework_people(user).filter(pk=person.pk).exists()


def risk_checks(user) -> QuerySet[RiskCheck]:
    if not can_see_offence_data(user):
        return RiskCheck.objects.none()
    return RiskCheck.objects.filter(person__in=casework_people(user))


def safeguarding_concerns(user) -> QuerySet[SafeguardingConcern]:
    if not can_see_offence_data(user):
        return SafeguardingConcern.objects.none()
    return SafeguardingConcern.objects.filter(person__in=casework_people(user))


# What anyone who sees a person may see of their current risk check, volunteers included (they visit: lone-working
# safety needs it): the level and the agreed safety measures, with the check's dates; never the risks themselves.
# Read as annotations on the people this user sees (safeguarding.queries.current_risk_annotations).
VISIT_SAFETY_FIELDS = ("risk_level", "safety_measures", "checked_on", "review_by")


def homicide_reviews(user) -> QuerySet[DomesticHomicideReview]:
    """Domestic Homicide Reviews: about a criminal offence and the family, so offence-data roles only, as the
    justice journey."""
    if not can_see_offence_data(user):
        return DomesticHomicideReview.objects.none()
    return DomesticHomicideReview.objects.filter(homicide__in=homicides(user))


def advocacy_offers(user) -> QuerySet[AdvocacyOffer]:
    return AdvocacyOffer.objects.filter(review__in=homicide_reviews(user))


def chair_meetings(user) -> QuerySet[ChairMeeting]:
    return ChairMeeting.objects.filter(review__in=homicide_reviews(user))


POLICIES: dict[type[Model], Callable[[object], QuerySet]] = {
    Homicide: homicides,
    BereavedPerson: people,
    Notification: notifications,
    Allocation: allocations,
    PoliceLiaison: police_liaison,
    ConsentDecision: consent_decisions,
    Contact: contacts,
    NeedsAssessment: assessments,
    AgreedAction: agreed_actions,
    SupportGiven: support_given,
    VolunteerAssignment: volunteer_assignments,
    Cover: covers,
    CaseEpisode: case_episodes,
    ExitPlan: exit_plans,
    Provider: providers,
    CommissionedService: commissioned_services,
    CicaApplication: cica_applications,
    Budget: budgets,
    Defendant: defendants,
    JourneyEvent: journey_events,
    VolunteerUpdate: volunteer_updates,
    VolunteerProfile: volunteer_profiles,
    OutcomeMeasure: outcome_measures,
    EqualityRecord: equality_records,
    RiskCheck: risk_checks,
    SafeguardingConcern: safeguarding_concerns,
    DomesticHomicideReview: homicide_reviews,
    AdvocacyOffer: advocacy_offers,
    ChairMeeting: chair_meetings,
}


def visible(user, model: type[Model]) -> QuerySet:
    """The records of `model` that `user` may see."""
    return POLICIES[model](user)


def get_visible_or_404(user, model_or_queryset, **lookup):
    """Fetch one record the user may see; anything else, existing or not, is a 404."""
    qs = model_or_queryset if isinstance(model_or_queryset, QuerySet) else visible(user, model_or_queryset)
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# ---- Capabilities ----------------------------------------------------------------------------------------


def can_see_offence_data(user) -> bool:
    return _role(user) in OFFENCE_DATA_ROLES


def can_take_notifications(user) -> bool:
    return _role(user) in INTAKE_ROLES


def can_submit_notifications(user) -> bool:
    return _role(user) in NOTIFYING_ROLES


def can_allocate(user, homicide: Homicide | None = None) -> bool:
    role = _role(user)
    if role == Role.NATIONAL_MANAGER:
        return True
    if role == Role.TEAM_LEADER:
        return homicide is None or homicide.region_id == user.region_id
    return False


def holds_homicide(user, homicide: Homicide | None = None) -> bool:
    """The homicide's case holder: staff who may hold cases and lead it, or cover its lead today."""
    if _role(user) not in CASE_HOLDING_ROLES:
        return False
    return homicide is None or Homicide.objects.filter(_held_homicides_q(user), pk=homicide.pk).exists()


def can_record_police_liaison(user, homicide: Homicide | None = None) -> bool:
    """Recording police liaison: whoever may allocate the homicide, or its case holder."""
    return can_allocate(user, homicide) or holds_homicide(user, homicide)


def can_tell_sio(user, homicide: Homicide | None = None) -> bool:
    """Telling the senior investigating officer the allocated case worker's name is the team leader's step: whoever
    may allocate the homicide (`record_police_liaison` refuses that kind to anyone else, as a field error)."""
    return can_allocate(user, homicide)


def can_edit_homicide(user, homicide: Homicide | None = None) -> bool:
    """Changing a homicide's details: team leaders, the national manager, and case workers who hold it."""
    if _role(user) not in CASEWORK_ROLES:
        return False
    return homicide is None or homicides(user).filter(pk=homicide.pk).exists()


def can_add_people(user, homicide: Homicide | None = None) -> bool:
    """Adding bereaved people and recording consent: intake staff and whoever holds the homicide."""
    role = _role(user)
    if role not in INTAKE_ROLES | CASEWORK_ROLES:
        return False
    return homicide is None or homicides(user).filter(pk=homicide.pk).exists()


def can_record_casework(user, person: BereavedPerson | None = None) -> bool:
    if _role(user) not in CASEWORK_ROLES | {Role.SUPPORT_WORKER}:
        return False
    if person is None:
        return _role(user) in CASEWORK_ROLES
    return casework_people(user).filter(pk=person.pk).exists()


def can_record_contact(user, person: BereavedPerson | None = None) -> bool:
    if _role(user) == Role.VOLUNTEER:
        return person is None or people(user).filter(pk=person.pk).exists()
    return can_record_casework(user, person)


def can_read_audit(user, person: BereavedPerson | None = None) -> bool:
    role = _role(user)
    if role not in AUDIT_READER_ROLES:
        return False
    return person is None or casework_people(user).filter(pk=person.pk).exists()


def can_read_reports(user) -> bool:
    return _role(user) in REPORT_READER_ROLES


def team_regions(user) -> QuerySet:
    """The regions whose team this user runs (caseloads, intake waiting): a team leader's own, all for the national
    manager."""
    from organisation.models import Region

    role = _role(user)
    if role == Role.NATIONAL_MANAGER:
        return Region.objects.all()
    if role == Role.TEAM_LEADER:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


# The dashboard: readers of the reports, and case workers for their own figures.
DASHBOARD_READER_ROLES = REPORT_READER_ROLES | {Role.CASE_WORKER}


def can_read_dashboard(user) -> bool:
    return _role(user) in DASHBOARD_READER_ROLES


def report_regions(user) -> QuerySet:
    """The regions whose figures this user may read."""
    from organisation.models import Region

    role = _role(user)
    if role in {Role.NATIONAL_MANAGER, Role.ANALYST}:
        return Region.objects.all()
    if role == Role.TEAM_LEADER:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def can_record_police_figures(user) -> bool:
    """Only the national manager uploads the police's published recorded homicides (used by every region)."""
    return _role(user) == Role.NATIONAL_MANAGER


def report_suppression_threshold(user, *, outside: bool = False) -> int | None:
    """Figures under this number are suppressed for this reader (None: the real figures).

    Analysts, and anyone exporting to share outside the service, get small numbers suppressed so that no
    family can be identified; staff reading inside the service see the real figures.
    """
    from django.conf import settings

    if outside or _role(user) == Role.ANALYST:
        return settings.WAYPOINT_SUPPRESS_BELOW
    return None


def report_workers(user) -> QuerySet[User]:
    """The case-holding staff whose own figures this user may read in the reports (supervision).

    A team leader: their team's; the national manager: everyone's. Analysts read figures without names.
    """
    role = _role(user)
    qs = User.objects.filter(role__in=CASE_HOLDING_ROLES, is_active=True, region__isnull=False)
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role == Role.TEAM_LEADER:
        return qs.filter(region_id=user.region_id)
    return qs.none()


def allocatable_workers(user) -> QuerySet[User]:
    """The active staff who may hold cases that this user may allocate homicides to: a team leader's team, every
    region's for the national manager; nobody for anyone else."""
    role = _role(user)
    qs = User.objects.filter(role__in=CASE_HOLDING_ROLES, is_active=True, region__isnull=False)
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role == Role.TEAM_LEADER:
        return qs.filter(region_id=user.region_id)
    return qs.none()


def report_volunteers(user) -> QuerySet[User]:
    """The volunteers whose own figures this user may read in the volunteer deployment measure (M4): a team
    leader's region's, everyone's for the national manager, nobody's for analysts (figures without names)."""
    role = _role(user)
    qs = User.objects.filter(role=Role.VOLUNTEER, is_active=True, region__isnull=False)
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role == Role.TEAM_LEADER:
        return qs.filter(region_id=user.region_id)
    return qs.none()


def has_case_records(user) -> bool:
    return _role(user) in CASE_RECORD_ROLES


def has_caseload(user) -> bool:
    """Staff who hold cases as lead case worker and so have a caseload page."""
    return _role(user) in CASE_HOLDING_ROLES


def has_volunteer_tasks(user) -> bool:
    return _role(user) == Role.VOLUNTEER


def can_see_full_record(user) -> bool:
    """Homicides and whole person records (case status, consent); volunteers see only what their task needs."""
    return _role(user) in FULL_RECORD_ROLES


# ---- Staff accounts --------------------------------------------------------------------------------------

TEAM_MANAGING_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER}
# Whom a team leader may deactivate: their own region's staff and volunteers, not other leaders.
TEAM_LEADER_DEACTIVATES = {Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.VOLUNTEER}


def can_manage_team(user) -> bool:
    return _role(user) in TEAM_MANAGING_ROLES


def team_members(user) -> QuerySet[User]:
    """The user accounts this user manages: everyone for the national manager, a team leader's region's team."""
    role = _role(user)
    qs = User.objects.all()
    if role == Role.NATIONAL_MANAGER:
        return qs
    if role == Role.TEAM_LEADER:
        return qs.filter(region_id=user.region_id)
    return qs.none()


# Staff who may cover for an absent colleague, and be covered.
COVER_ROLES = {Role.TEAM_LEADER, Role.CASE_WORKER, Role.SUPPORT_WORKER}


def can_arrange_cover(user) -> bool:
    return _role(user) in TEAM_MANAGING_ROLES


def cover_workers(user) -> QuerySet[User]:
    """Whom this user may choose as absent or covering worker: active staff of their region (any, nationally)."""
    if not can_arrange_cover(user):
        return User.objects.none()
    return team_members(user).filter(is_active=True, role__in=COVER_ROLES, region__isnull=False)


def can_end_cover(user, cover: Cover | None = None) -> bool:
    """Ending cover early: whoever may arrange it, for cover they see (a team leader's region's)."""
    if not can_arrange_cover(user):
        return False
    return cover is None or covers(user).filter(pk=cover.pk).exists()


def can_cancel_cover(user, cover: Cover | None = None) -> bool:
    """Cancelling cover before it starts: whoever may arrange it, for cover they see (a team leader's region's)."""
    return can_end_cover(user, cover)


def can_record_historical_cover(user) -> bool:
    """Cover from an older system's records, with past dates: the national manager only (see `arrange_cover`)."""
    return _role(user) == Role.NATIONAL_MANAGER


def can_deactivate(user, member: User) -> bool:
    """No query: decided from the two accounts alone. Nobody deactivates themselves."""
    role = _role(user)
    if not member.is_active or member.pk == user.pk:
        return False
    if role == Role.NATIONAL_MANAGER:
        return True
    if role == Role.TEAM_LEADER:
        return member.region_id == user.region_id and member.role in TEAM_LEADER_DEACTIVATES
    return False


def can_reset_second_factor(user, member: User) -> bool:
    """Resetting a lost authenticator: the same people who may deactivate the account."""
    return can_deactivate(user, member)


# ---- Who may take each action ----------------------------------------------------------------------------


class NotAllowed(Exception):
    """An action refused for who is asking. Pages and the API answer 404, as for a record that does not exist."""

    def __init__(self, action: str):
        super().__init__(f"Not allowed: {action}")
        self.action = action


def _person_holder(check: Callable) -> Callable:
    """A check on a homicide, applied to a person's homicide."""

    def on_person(user, person: BereavedPerson | None = None) -> bool:
        return check(user, person.homicide if person is not None else None)

    return on_person


def can_take_in(user, notification: Notification | None = None) -> bool:
    """Opening a homicide record from a notification: intake staff who see the notification."""
    if not can_take_notifications(user):
        return False
    return notification is None or notifications(user).filter(pk=notification.pk).exists()


def can_link_notification(user, notification: Notification | None = None, homicide: Homicide | None = None) -> bool:
    """Linking a notification to an existing homicide: both must be within the user's reach."""
    if not can_take_in(user, notification):
        return False
    return homicide is None or homicides(user).filter(pk=homicide.pk).exists()


def can_complete_action(user, action: AgreedAction | None = None) -> bool:
    return can_record_casework(user, action.assessment.person if action is not None else None)


def can_end_volunteer_task(user, assignment: VolunteerAssignment | None = None) -> bool:
    """Ending a volunteer's task: whoever may give one (the case holder, the team leader, the national manager)."""
    return can_record_casework(user, assignment.person if assignment is not None else None)


def can_send_volunteer_update(user, assignment: VolunteerAssignment | None = None) -> bool:
    """Sending a volunteer news of the case: whoever may give them the task (the case holder, the team leader, the
    national manager)."""
    return can_record_casework(user, assignment.person if assignment is not None else None)


# Whose languages and availability a user keeps: staff and volunteers keep their own (police referrers and
# analysts match no family); team leaders keep their team's, the national manager everyone's.
PROFILE_ROLES = {Role.NATIONAL_MANAGER, Role.TEAM_LEADER, Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.VOLUNTEER}


def can_update_deployment_profile(user, member: User | None = None) -> bool:
    role = _role(user)
    if role not in PROFILE_ROLES:
        return False
    if member is None or member.pk == user.pk:
        return True
    if member.role not in PROFILE_ROLES or not member.is_active:
        return False
    if role == Role.NATIONAL_MANAGER:
        return True
    return role == Role.TEAM_LEADER and member.region_id == user.region_id and member.role != Role.NATIONAL_MANAGER


def can_manage_providers(user, provider: Provider | None = None) -> bool:
    """Adding and changing providers: team leaders and the national manager (the directory is national)."""
    return _role(user) in TEAM_MANAGING_ROLES


def can_approve_service(user, service: CommissionedService | None = None) -> bool:
    """Approving a commissioned service above the limit: a team leader of the person's region, or the national
    manager."""
    role = _role(user)
    if role == Role.NATIONAL_MANAGER:
        return True
    if role != Role.TEAM_LEADER:
        return False
    return service is None or service.person.homicide.region_id == user.region_id


def _on_service_person(user, service: CommissionedService | None = None) -> bool:
    return can_record_casework(user, service.person if service is not None else None)


def _on_application_person(user, application: CicaApplication | None = None) -> bool:
    return can_record_casework(user, application.person if application is not None else None)


def can_set_budget(user, region=None) -> bool:
    return _role(user) == Role.NATIONAL_MANAGER


def _event_holder(check: Callable) -> Callable:
    """A check on a homicide, applied to a journey event's homicide."""

    def on_event(user, event: JourneyEvent | None = None) -> bool:
        return check(user, event.homicide if event is not None else None)

    return on_event


def can_record_journey(user, homicide: Homicide | None = None) -> bool:
    """Recording the justice journey: whoever may edit the homicide, and only if they may see offence data."""
    return can_see_offence_data(user) and can_edit_homicide(user, homicide)


def can_correct_contact(user, contact: Contact | None = None) -> bool:
    """Correcting a contact or marking it entered in error: whoever may record contacts for the person; a volunteer
    only their own contacts, while their task lasts."""
    if contact is None:
        return can_record_contact(user)
    if _role(user) == Role.VOLUNTEER:
        return contact.made_by_id == user.pk and can_record_contact(user, contact.person)
    return can_record_casework(user, contact.person)


def _on_record_person(check: Callable) -> Callable:
    """A check on a person, applied to a casework record's person (correcting or marking it entered in error)."""

    def on_record(user, record=None) -> bool:
        return check(user, record.person if record is not None else None)

    return on_record


def can_record_safeguarding(user, person: BereavedPerson | None = None) -> bool:
    """Recording risk checks and safeguarding concerns: whoever may read them and record the person's casework."""
    return can_see_offence_data(user) and can_record_casework(user, person)


def _on_concern_person(user, concern: SafeguardingConcern | None = None) -> bool:
    return can_record_safeguarding(user, concern.person if concern is not None else None)


def can_record_review(user, homicide: Homicide | None = None) -> bool:
    """Recording a Domestic Homicide Review: as the justice journey, whoever may edit the homicide and see offence
    data (its case holder, their team leader, the national manager)."""
    return can_record_journey(user, homicide)


def can_read_review_reports(user) -> bool:
    """The Domestic Homicide Review report counts domestic homicides (offence data) by region: report readers who may
    see offence data (not analysts)."""
    return can_read_reports(user) and can_see_offence_data(user)


def _review_holder(user, review: DomesticHomicideReview | None = None) -> bool:
    return can_record_review(user, review.homicide if review is not None else None)


def _offer_holder(user, offer: AdvocacyOffer | None = None) -> bool:
    return can_record_review(user, offer.review.homicide if offer is not None else None)


def _can_deactivate(user, member: User | None = None) -> bool:
    return can_manage_team(user) if member is None else can_deactivate(user, member)


def _can_reset_second_factor(user, member: User | None = None) -> bool:
    return can_manage_team(user) if member is None else can_reset_second_factor(user, member)


# Every action, by name, and the check it makes first. Called with the record acted on, or with none to ask
# whether the role may take the action at all (to show a link or a button).
ACTION_CHECKS: dict[str, Callable[..., bool]] = {
    # intake
    "record_notification": lambda user, *_: can_submit_notifications(user),
    "submit_referral": lambda user, *_: can_submit_notifications(user),
    "create_homicide": can_take_in,
    "link_notification": can_link_notification,
    "allocate": can_allocate,
    "record_no_referral_reason": can_allocate,
    "update_homicide": can_edit_homicide,
    "record_police_liaison": can_record_police_liaison,
    # casework
    "add_person": can_add_people,
    "update_person": _person_holder(can_add_people),
    "record_consent": _person_holder(can_add_people),
    "record_contact": can_record_contact,
    "record_assessment": can_record_casework,
    "record_support": can_record_casework,
    "close_case": can_record_casework,
    "complete_action": can_complete_action,
    "assign_volunteer": can_record_casework,
    "end_volunteer_task": can_end_volunteer_task,
    "arrange_cover": lambda user, *_: can_arrange_cover(user),
    "end_cover_early": can_end_cover,
    "cancel_cover": can_cancel_cover,
    # corrections: whoever may record the kind of record on that person
    "correct_contact": can_correct_contact,
    "mark_contact_entered_in_error": can_correct_contact,
    "correct_assessment": _on_record_person(can_record_casework),
    "mark_assessment_entered_in_error": _on_record_person(can_record_casework),
    "correct_support": _on_record_person(can_record_casework),
    "mark_support_entered_in_error": _on_record_person(can_record_casework),
    "correct_consent": _on_record_person(_person_holder(can_add_people)),
    "mark_consent_entered_in_error": _on_record_person(_person_holder(can_add_people)),
    "reopen_case": can_record_casework,
    "plan_exit": can_record_casework,
    # volunteering
    "send_volunteer_update": can_send_volunteer_update,
    "update_deployment_profile": can_update_deployment_profile,
    # commissioning
    "add_provider": can_manage_providers,
    "update_provider": can_manage_providers,
    "commission_service": can_record_casework,
    "approve_service": can_approve_service,
    "record_actual_cost": _on_service_person,
    "set_budget": can_set_budget,
    "record_cica_application": can_record_casework,
    "record_cica_status": _on_application_person,
    # justice
    "add_defendant": can_record_journey,
    "record_journey_event": can_record_journey,
    "correct_journey_event": _event_holder(can_record_journey),
    "mark_journey_event_in_error": _event_holder(can_record_journey),
    # outcomes and equality
    "record_outcome_measure": can_record_casework,
    "record_equality_data": can_see_equality_data,
    # safeguarding
    "record_risk_check": can_record_safeguarding,
    "raise_safeguarding_concern": can_record_safeguarding,
    "update_safeguarding_concern": _on_concern_person,
    # reviews
    "open_review": can_record_review,
    "update_review": _review_holder,
    "record_advocacy_offer": _review_holder,
    "update_advocacy_offer": _offer_holder,
    "record_chair_meeting": _review_holder,
    # accounts
    "deactivate_user": _can_deactivate,
    "reset_second_factor": _can_reset_second_factor,
    "revoke_api_token": lambda user, token: token.user_id == user.pk,
}


def may(action: str, user, *objects) -> bool:
    """Whether `user` may take `action` (on `objects`, when given): for showing a link or a button."""
    return is_signed_in(user) and ACTION_CHECKS[action](user, *objects)


def authorize(action: str, user, *objects) -> None:
    """Refuse with NotAllowed unless `user` may take `action`. Every action calls this first."""
    if not may(action, user, *objects):
        raise NotAllowed(action)
