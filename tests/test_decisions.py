"""Decisions made once, in the action or the policy, and proved here: who is recorded as acting, what each action
refuses, what a volunteer keeps after their task ends, and what referrals may reach."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from access import policies
from accounts import actions as accounts
from accounts.tokens import new_token
from api.tests.conftest import Caller
from casework import actions as casework
from casework.models import AgreedAction, BereavedPerson, ConsentOutcome, ContactKind, VolunteerAssignment
from commissioning import actions as commissioning
from commissioning.models import financial_year_of
from commissioning.tests.helpers import waiting_service
from equality import actions as equality
from intake import actions as intake
from intake.models import Homicide, Notification, NotificationSource, OffenceType
from justice import actions as justice
from outcomes import actions as outcomes
from reviews import actions as reviews
from safeguarding import actions as safeguarding
from tests import factories as f
from volunteering import actions as volunteering

TODAY = timezone.localdate


def _notification_fields(cast, **overrides) -> dict:
    return {
        "source": NotificationSource.POLICE,
        "police_force": cast.notification.police_force,
        "notifier_name": "DC Invented",
        "victim_first_name": "Alex",
        "victim_last_name": "Imaginary",
        "date_of_death": TODAY() - timedelta(days=2),
        "offence_type": OffenceType.MURDER,
        **overrides,
    }


REFERRED = {"first_name": "Jo", "last_name": "Imaginary", "age_group": "adult", "relationship_to_victim": "parent"}


# Every action, taken by someone allowed to take it: (who acts, the call).
def _journey_event(c):
    return f.JourneyEventFactory(homicide=c.homicide, recorded_by=c.case_worker)


def _closed_person(c):
    return f.PersonFactory(homicide=c.homicide, closed_on=TODAY() - timedelta(days=3), closure_reason="after_trial")


def _domestic_homicide(c):
    return f.HomicideFactory(region=c.london, lead_case_worker=c.case_worker, is_domestic=True)


def _review(c):
    return f.ReviewFactory(homicide=_domestic_homicide(c), opened_by=c.case_worker)


ACTION_CALLS = {
    "record_notification": (
        "support_worker",
        lambda c, by: intake.record_notification(by=by, **_notification_fields(c)),
    ),
    "submit_referral": (
        "police_referrer",
        lambda c, by: casework.submit_referral(by=by, people=[REFERRED], **_notification_fields(c)),
    ),
    "create_homicide": (
        "support_worker",
        lambda c, by: intake.create_homicide(notification=c.unlinked, by=by),
    ),
    "link_notification": (
        "support_worker",
        lambda c, by: intake.link_notification(notification=c.unlinked, homicide=c.homicide, by=by),
    ),
    "allocate": (
        "team_leader",
        lambda c, by: intake.allocate(homicide=c.homicide, case_worker=c.other_case_worker, by=by),
    ),
    "record_no_referral_reason": (
        "team_leader",
        lambda c, by: intake.record_no_referral_reason(homicide=c.unreferred, reason="family_declined", by=by),
    ),
    "update_homicide": ("case_worker", lambda c, by: intake.update_homicide(homicide=c.homicide, by=by, place="X")),
    "add_person": (
        "case_worker",
        lambda c, by: casework.add_person(homicide=c.homicide, by=by, **{**REFERRED, "first_name": "Ina"}),
    ),
    "update_person": ("support_worker", lambda c, by: casework.update_person(person=c.person, by=by, phone="07700")),
    "record_consent": (
        "support_worker",
        lambda c, by: casework.record_consent(person=c.person, by=by, outcome=ConsentOutcome.REFERRED),
    ),
    "record_contact": (
        "volunteer",
        lambda c, by: casework.record_contact(
            person=c.person,
            by=by,
            kind=ContactKind.VISIT,
            occurred_at=timezone.now() - timedelta(hours=1),
            duration_minutes=30,
        ),
    ),
    "record_assessment": (
        "case_worker",
        lambda c, by: casework.record_assessment(
            person=c.person, by=by, kind="ongoing", case_stage="trial", assessed_on=TODAY()
        ),
    ),
    "record_support": (
        "case_worker",
        lambda c, by: casework.record_support(
            person=c.person, by=by, support_type=c.support.support_type, given_on=TODAY(), case_stage="trial"
        ),
    ),
    "close_case": (
        "case_worker",
        lambda c, by: casework.close_case(
            person=c.person, by=by, closed_on=TODAY(), reason="user_led_exit", open_actions="cancel"
        ),
    ),
    "reopen_case": (
        "case_worker",
        lambda c, by: casework.reopen_case(
            person=_closed_person(c), by=by, reopened_on=TODAY(), reason="The trial was listed again"
        ),
    ),
    "plan_exit": (
        "case_worker",
        lambda c, by: casework.plan_exit(person=c.person, by=by, planned_on=TODAY() + timedelta(days=90)),
    ),
    "complete_action": ("case_worker", lambda c, by: casework.complete_action(action=c.action, by=by)),
    "assign_volunteer": (
        "case_worker",
        lambda c, by: casework.assign_volunteer(person=c.person, volunteer=c.other_volunteer, task="Visit", by=by),
    ),
    "end_volunteer_task": ("team_leader", lambda c, by: casework.end_volunteer_task(assignment=c.assignment, by=by)),
    "send_volunteer_update": (
        "case_worker",
        lambda c, by: volunteering.send_volunteer_update(assignment=c.assignment, by=by, text="Trial moved to June"),
    ),
    "update_deployment_profile": (
        "team_leader",
        lambda c, by: volunteering.update_deployment_profile(
            member=c.volunteer, by=by, languages=["Polish"], available_days=["mon"]
        ),
    ),
    "record_police_liaison": (
        "case_worker",
        lambda c, by: intake.record_police_liaison(homicide=c.homicide, by=by, kind="flo_contacted"),
    ),
    "add_defendant": ("case_worker", lambda c, by: justice.add_defendant(homicide=c.homicide, by=by, name="Invented")),
    "record_journey_event": (
        "case_worker",
        lambda c, by: justice.record_journey_event(
            homicide=c.homicide, by=by, kind="arrest", occurred_on=c.homicide.date_of_death
        ),
    ),
    "correct_journey_event": (
        "team_leader",
        lambda c, by: justice.correct_journey_event(event=_journey_event(c), by=by, reason="Typo", notes="Corrected"),
    ),
    "mark_journey_event_in_error": (
        "team_leader",
        lambda c, by: justice.mark_journey_event_in_error(event=_journey_event(c), by=by, reason="Recorded twice"),
    ),
    "open_review": (
        "case_worker",
        lambda c, by: reviews.open_review(homicide=_domestic_homicide(c), by=by, partnership="Invented CSP"),
    ),
    "update_review": (
        "team_leader",
        lambda c, by: reviews.update_review(review=_review(c), by=by, partnership="Renamed CSP"),
    ),
    "record_advocacy_offer": (
        "case_worker",
        lambda c, by: reviews.record_advocacy_offer(
            review=_review(c), by=by, organisation="aafda", offered_on=TODAY(), outcome="no_answer"
        ),
    ),
    "update_advocacy_offer": (
        "case_worker",
        lambda c, by: reviews.update_advocacy_offer(
            offer=f.AdvocacyOfferFactory(review=_review(c)), by=by, outcome="declined", offer_again_on=TODAY()
        ),
    ),
    "record_chair_meeting": (
        "national_manager",
        lambda c, by: reviews.record_chair_meeting(review=_review(c), by=by, met_on=TODAY(), attendees="Chair"),
    ),
    # corrections, with the reason kept in the history context (casework/tests/test_corrections.py)
    "correct_contact": (
        "case_worker",
        lambda c, by: casework.correct_contact(contact=c.contact, by=by, reason="Longer", duration_minutes=90),
    ),
    "mark_contact_entered_in_error": (
        "volunteer",
        lambda c, by: casework.mark_contact_entered_in_error(contact=c.volunteer_contact, by=by, reason="Twice"),
    ),
    "correct_assessment": (
        "team_leader",
        lambda c, by: casework.correct_assessment(assessment=c.assessment, by=by, reason="Typo", notes="Corrected"),
    ),
    "mark_assessment_entered_in_error": (
        "case_worker",
        lambda c, by: casework.mark_assessment_entered_in_error(assessment=c.assessment, by=by, reason="Twice"),
    ),
    "correct_support": (
        "case_worker",
        lambda c, by: casework.correct_support(support=c.support, by=by, reason="Typo", notes="Corrected"),
    ),
    "mark_support_entered_in_error": (
        "national_manager",
        lambda c, by: casework.mark_support_entered_in_error(support=c.support, by=by, reason="Twice"),
    ),
    "correct_consent": (
        "support_worker",
        lambda c, by: casework.correct_consent(decision=c.consent, by=by, reason="Typo", notes="Corrected"),
    ),
    "mark_consent_entered_in_error": (
        "case_worker",
        lambda c, by: casework.mark_consent_entered_in_error(decision=c.consent, by=by, reason="Wrong person"),
    ),
    "arrange_cover": (
        "team_leader",
        lambda c, by: casework.arrange_cover(
            covering_worker=c.other_case_worker,
            absent_worker=c.case_worker,
            starts_on=TODAY(),
            ends_on=TODAY() + timedelta(days=7),
            reason="leave",
            by=by,
        ),
    ),
    "end_cover_early": (
        "team_leader",
        lambda c, by: casework.end_cover_early(cover=c.cover, ends_on=c.cover.ends_on - timedelta(days=3), by=by),
    ),
    "cancel_cover": (
        "team_leader",
        lambda c, by: casework.cancel_cover(cover=c.cover, by=by),
    ),
    "add_provider": (
        "team_leader",
        lambda c, by: commissioning.add_provider(
            by=by, name="Invented Locks Ltd", services=[c.service.service_type], regions=[c.london]
        ),
    ),
    "update_provider": (
        "team_leader",
        lambda c, by: commissioning.update_provider(
            provider=c.provider, by=by, name="Renamed Ltd", services=[c.service.service_type], regions=[c.london]
        ),
    ),
    "commission_service": (
        "case_worker",
        lambda c, by: commissioning.commission_service(
            person=c.person,
            by=by,
            provider=c.provider,
            service_type=c.service.service_type,
            case_stage="trial",
            agreed_on=TODAY(),
            starts_on=TODAY(),
            agreed_cost="120.00",
        ),
    ),
    "approve_service": (
        "team_leader",
        lambda c, by: commissioning.approve_service(service=waiting_service(c), by=by),
    ),
    "record_actual_cost": (
        "case_worker",
        lambda c, by: commissioning.record_actual_cost(service=c.service, by=by, actual_cost="99.99"),
    ),
    "set_budget": (
        "national_manager",
        lambda c, by: commissioning.set_budget(
            region=c.london, financial_year=financial_year_of(TODAY()), amount="5000", by=by
        ),
    ),
    "record_cica_application": (
        "case_worker",
        lambda c, by: commissioning.record_cica_application(
            person=c.person, by=by, applied_on=TODAY(), helped_by=c.case_worker
        ),
    ),
    "record_cica_status": (
        "case_worker",
        lambda c, by: commissioning.record_cica_status(
            application=c.cica, by=by, status="further_information", changed_on=TODAY()
        ),
    ),
    "record_risk_check": (
        "case_worker",
        lambda c, by: safeguarding.record_risk_check(
            person=c.person,
            by=by,
            suspect_contact="not_known",
            risk_level="low",
            checked_on=TODAY(),
            review_by=TODAY() + timedelta(days=30),
        ),
    ),
    "raise_safeguarding_concern": (
        "team_leader",
        lambda c, by: safeguarding.raise_safeguarding_concern(
            person=c.person, by=by, about="person", description="Invented concern", raised_on=TODAY()
        ),
    ),
    "update_safeguarding_concern": (
        "national_manager",
        lambda c, by: safeguarding.update_safeguarding_concern(
            concern=c.concern, by=by, referred_to="adult_social_care", referred_on=TODAY()
        ),
    ),
    "deactivate_user": ("team_leader", lambda c, by: accounts.deactivate_user(member=c.other_case_worker, by=by)),
    "reset_second_factor": (
        "team_leader",
        lambda c, by: accounts.reset_second_factor(user=c.other_case_worker, by=by),
    ),
    "revoke_api_token": (
        "case_worker",
        # The case worker's own token; nobody else may revoke it.
        lambda c, by: accounts.revoke_api_token(token=new_token(user=c.case_worker, name="Script")[0], by=by),
    ),
    "record_outcome_measure": (
        "case_worker",
        lambda c, by: outcomes.record_outcome_measure(
            person=c.person,
            by=by,
            point="start",
            measured_on=TODAY(),
            scores={category.code: 4 for category in outcomes.active_categories()},
        ),
    ),
    "record_equality_data": (
        "team_leader",
        lambda c, by: equality.record_equality_data(person=c.person, by=by, ethnic_group="white_irish"),
    ),
}


@pytest.fixture
def api_as(signed_in):
    """`api_as(user)`: the API as `user`, as in api/tests."""
    return lambda user: Caller(signed_in(user))


@pytest.fixture
def world(cast):
    cast.unlinked = f.NotificationFactory(region=cast.london, submitted_by=cast.support_worker)
    cast.unreferred = f.HomicideFactory(region=cast.london, lead_case_worker=cast.case_worker)
    return cast


def test_every_action_is_in_the_history_test():
    assert set(ACTION_CALLS) == set(policies.ACTION_CHECKS)


@pytest.mark.parametrize("name", sorted(ACTION_CALLS))
def test_every_action_records_who_took_it_in_the_history_context(world, name):
    role, call = ACTION_CALLS[name]
    by = getattr(world, role)
    before = Context.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    call(world, by)

    contexts = list(Context.objects.filter(pk__gt=before))
    assert contexts, f"{name} wrote no history context"
    assert {context.metadata.get("user") for context in contexts} == {by.pk}


@pytest.mark.parametrize("name", sorted(ACTION_CALLS))
def test_every_action_refuses_someone_outside_it(world, name):
    """The analyst may take no action: each refuses before changing anything."""
    _role, call = ACTION_CALLS[name]
    before = Context.objects.count()

    with pytest.raises(policies.NotAllowed):
        call(world, world.analyst)

    assert Context.objects.count() == before


# ---- What each action refuses -------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "bored", None])
def test_closing_a_case_needs_a_reason_from_the_list(cast, reason):
    with pytest.raises(ValidationError) as refused:
        casework.close_case(person=cast.person, by=cast.case_worker, closed_on=TODAY(), reason=reason)

    assert refused.value.message_dict["reason"] == ["Select a reason for closing the case"]
    cast.person.refresh_from_db()
    assert cast.person.closed_on is None


def test_a_decline_without_a_date_to_offer_again_is_refused_by_the_action(cast):
    with pytest.raises(ValidationError) as refused:
        casework.record_consent(person=cast.person, by=cast.case_worker, outcome="declined", decline_stage="later")

    assert refused.value.message_dict == {"review_on": ["Enter a date to offer the service again"]}


def test_a_decline_without_a_date_is_refused_through_the_api_too(cast, api_as):
    response = api_as(cast.case_worker).post(
        reverse("api:consent-decision-list"),
        {"person": cast.person.pk, "outcome": "declined", "decline_stage": "later"},
    )

    assert response.status_code == 400
    assert response.json() == {"review_on": ["Enter a date to offer the service again"]}


@pytest.mark.parametrize(("minutes", "accepted"), [(0, False), (1, True), (1440, True), (1441, False), (-5, False)])
def test_contact_length_is_the_actions_rule(cast, minutes, accepted):
    def record():
        return casework.record_contact(
            person=cast.person,
            by=cast.case_worker,
            kind=ContactKind.VISIT,
            occurred_at=timezone.now() - timedelta(hours=1),
            duration_minutes=minutes,
        )

    if accepted:
        assert record().duration_minutes == minutes
    else:
        with pytest.raises(ValidationError) as refused:
            record()
        assert refused.value.message_dict == {"duration_minutes": ["Enter the number of minutes, from 1 to 1,440"]}


def test_contact_length_limits_come_from_the_action_on_the_page(cast, signed_in):
    when = timezone.localtime() - timedelta(hours=1)
    response = signed_in(cast.case_worker).post(
        reverse("casework:contact-new", args=[cast.person.pk]),
        {
            "kind": "visit",
            "occurred_at_day": when.day,
            "occurred_at_month": when.month,
            "occurred_at_year": when.year,
            "occurred_at_time": when.strftime("%H:%M"),
            "duration_minutes": "2000",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"] == ["Enter the number of minutes, from 1 to 1,440"]


# ---- Agreed actions (finding 11) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        (lambda a: a.assessment.assessed_on - timedelta(days=1), "must be on or after the date of assessment"),
        (lambda a: date(1900, 1, 1), "must be on or after the date of assessment"),
        (lambda a: TODAY() + timedelta(days=1), "must not be in the future"),
    ],
)
def test_an_agreed_action_is_completed_within_its_assessment_and_today(cast, completed_on, message):
    with pytest.raises(ValidationError) as refused:
        casework.complete_action(action=cast.action, by=cast.case_worker, completed_on=completed_on(cast.action))

    assert message in refused.value.message_dict["completed_on"][0]
    assert AgreedAction.objects.get(pk=cast.action.pk).completed_on is None


def test_an_absurdly_old_completion_is_refused_even_after_an_old_assessment(cast):
    cast.action.assessment.assessed_on = date(1990, 1, 1)
    cast.action.assessment.save()

    with pytest.raises(ValidationError) as refused:
        casework.complete_action(action=cast.action, by=cast.case_worker, completed_on=date(1995, 1, 1))

    assert refused.value.message_dict == {"completed_on": ["The completion date must be within the last 5 years"]}


def test_an_agreed_action_is_completed_on_its_assessment_day(cast):
    day = cast.action.assessment.assessed_on
    assert casework.complete_action(action=cast.action, by=cast.case_worker, completed_on=day).completed_on == day


def test_an_agreed_action_on_a_closed_case_is_not_completed(cast, api_as):
    casework.close_case(
        person=cast.person, by=cast.case_worker, closed_on=TODAY(), reason="user_led_exit", open_actions="cancel"
    )

    response = api_as(cast.case_worker).post(reverse("api:agreed-action-complete", args=[cast.action.pk]), {})

    assert response.status_code == 400
    assert "reopen the case first" in response.json()["non_field_errors"][0]
    assert AgreedAction.objects.get(pk=cast.action.pk).completed_on is None


# ---- Volunteers lose access (finding 4) ---------------------------------------------------------------------


def _volunteer_reaches(cast, client_for) -> dict[str, bool]:
    volunteer = client_for(cast.volunteer)
    search = volunteer.get(reverse("frontend:search"), {"q": cast.person.last_name}).content.decode()
    return {
        "page": volunteer.get(reverse("casework:person-detail", args=[cast.person.pk])).status_code == 200,
        "search": reverse("casework:person-detail", args=[cast.person.pk]) in search,
        "api": volunteer.get(reverse("api:person-detail", args=[cast.person.pk])).status_code == 200,
        "contact": volunteer.get(reverse("casework:contact-new", args=[cast.person.pk])).status_code == 200,
    }


def test_ending_a_task_on_its_page_ends_the_volunteers_access(cast, signed_in):
    assert all(_volunteer_reaches(cast, signed_in).values())
    leader = signed_in(cast.team_leader)
    url = reverse("casework:volunteer-task-end", args=[cast.assignment.pk])
    person_page = leader.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
    assert url in person_page
    assert "End the task" in leader.get(url).content.decode()

    response = leader.post(url)

    assert response.status_code == 302
    assert VolunteerAssignment.objects.get(pk=cast.assignment.pk).ended_on == TODAY()
    assert _volunteer_reaches(cast, signed_in) == {"page": False, "search": False, "api": False, "contact": False}
    tasks = signed_in(cast.volunteer).get(reverse("volunteering:home")).content.decode()
    ended = tasks[tasks.index('id="ended-tasks"') :]
    assert cast.assignment.task in ended
    assert reverse("casework:person-detail", args=[cast.person.pk]) not in tasks


def test_ending_a_task_through_the_api_ends_the_volunteers_access(cast, api_as, signed_in):
    response = api_as(cast.case_worker).post(reverse("api:volunteer-task-end", args=[cast.assignment.pk]), {})

    assert response.status_code == 200
    assert response.json()["ended_on"] == TODAY().isoformat()
    assert _volunteer_reaches(cast, signed_in) == {"page": False, "search": False, "api": False, "contact": False}
    again = api_as(cast.case_worker).post(reverse("api:volunteer-task-end", args=[cast.assignment.pk]), {})
    assert again.status_code == 400


def test_closing_a_case_ends_its_volunteer_tasks(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("casework:case-close", args=[cast.person.pk]),
        {"closed_on_day": TODAY().day, "closed_on_month": TODAY().month, "closed_on_year": TODAY().year}
        | {"reason": "user_led_exit", "open_actions": "cancel", "confirm": "1"},
    )

    assert response.status_code == 302
    assert VolunteerAssignment.objects.get(pk=cast.assignment.pk).ended_on == TODAY()
    assert _volunteer_reaches(cast, signed_in) == {"page": False, "search": False, "api": False, "contact": False}
    tasks = signed_in(cast.volunteer).get(reverse("volunteering:home")).content.decode()
    assert cast.assignment.task in tasks[tasks.index('id="ended-tasks"') :]


def test_the_volunteer_may_not_end_their_own_task(cast, signed_in, api_as):
    page = signed_in(cast.volunteer).post(reverse("casework:volunteer-task-end", args=[cast.assignment.pk]))
    api = api_as(cast.volunteer).post(reverse("api:volunteer-task-end", args=[cast.assignment.pk]), {})

    assert (page.status_code, api.status_code) == (404, 404)
    assert VolunteerAssignment.objects.get(pk=cast.assignment.pk).ended_on is None


# ---- Referrals stay within reach (finding 2) ----------------------------------------------------------------


def _counts():
    return Notification.objects.count(), Homicide.objects.count(), BereavedPerson.objects.count()


def test_a_support_worker_may_not_refer_people_into_another_region(cast, api_as):
    south_east_force = cast.other_homicide.police_force
    payload = {
        "source": "police",
        "police_force": south_east_force.pk,
        "notifier_name": "DS Invented",
        "victim_last_name": cast.other_homicide.victim_last_name,
        "date_of_death": cast.other_homicide.date_of_death.isoformat(),
        "offence_type": "murder",
        "people": [REFERRED],
    }
    before = _counts()

    response = api_as(cast.support_worker).post(reverse("api:notification-list"), payload)

    assert response.status_code == 400
    assert set(response.json()) == {"police_force"}
    body = response.content.decode()
    assert cast.other_homicide.reference not in body and "Sam Eastworker" not in body
    assert _counts() == before
    assert not cast.other_homicide.bereaved_people.filter(first_name="Jo").exists()


def test_a_staff_referral_links_only_to_a_homicide_within_reach(cast, api_as):
    """An exact match in the submitter's region is linked, and named back: it is theirs to see."""
    homicide = cast.homicide
    payload = {
        "source": "police",
        "police_force": homicide.police_force_id,
        "notifier_name": "DS Invented",
        "victim_last_name": homicide.victim_last_name,
        "date_of_death": homicide.date_of_death.isoformat(),
        "offence_type": "murder",
        "people": [REFERRED],
    }

    response = api_as(cast.support_worker).post(reverse("api:notification-list"), payload)

    assert response.status_code == 201
    assert response.json()["homicide_reference"] == homicide.reference
    assert homicide.bereaved_people.filter(first_name="Jo").exists()


def test_a_police_referral_matching_a_homicide_hears_back_only_its_own_submission(cast, api_as):
    Homicide.objects.filter(pk=cast.homicide.pk).update(police_force=cast.police_referrer.police_force)
    homicide = Homicide.objects.get(pk=cast.homicide.pk)
    payload = {
        "notifier_name": "DS Invented",
        "victim_last_name": homicide.victim_last_name,
        "date_of_death": homicide.date_of_death.isoformat(),
        "offence_type": "murder",
        "suspect_in_family": True,
        "people": [REFERRED],
    }

    response = api_as(cast.police_referrer).post(reverse("api:notification-list"), payload)

    assert response.status_code == 201
    answer = response.json()
    # Linked to the existing record in the force's region, without naming it: only the case worker's name.
    assert Notification.objects.get(pk=answer["id"]).homicide == homicide
    assert homicide.bereaved_people.filter(first_name="Jo", referred_at__isnull=False).exists()
    assert answer["case_worker_name"] == "Casey Worker"
    assert not {"homicide", "homicide_reference", "suspect_in_family"} & set(answer)
    assert homicide.reference not in response.content.decode()


# ---- Offence data (finding 5 and the police page) -----------------------------------------------------------


def test_the_notification_page_does_not_show_the_suspect_flag_to_the_police(cast, signed_in):
    cast.notification.suspect_in_family = True
    cast.notification.save()

    police = signed_in(cast.police_referrer).get(reverse("intake:notification-detail", args=[cast.notification.pk]))
    staff = signed_in(cast.case_worker).get(reverse("intake:notification-detail", args=[cast.notification.pk]))

    assert police.status_code == staff.status_code == 200
    assert "A family member is a suspect" not in police.content.decode()
    assert "A family member is a suspect" in staff.content.decode()


def test_domestic_homicide_is_shown_only_to_those_who_see_offence_data(cast, signed_in, api_as):
    Homicide.objects.filter(pk=cast.homicide.pk).update(is_domestic=True)

    def shown(user) -> dict[str, bool]:
        client = signed_in(user)
        homicide_page = client.get(reverse("intake:homicide-detail", args=[cast.homicide.pk])).content.decode()
        person_page = client.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
        api = api_as(user).get(reverse("api:homicide-detail", args=[cast.homicide.pk])).json()
        return {
            "homicide page": "Domestic homicide" in homicide_page,
            "person page": "Domestic Homicide Review" in person_page,
            "api": "is_domestic" in api and "dhr_completed_on" in api,
        }

    assert shown(cast.case_worker) == {"homicide page": True, "person page": True, "api": True}
    assert shown(cast.support_worker) == {"homicide page": False, "person page": False, "api": False}
