"""Who may take each action: the page and the API allow exactly the same roles, the ones `access.policies`
names for it (ACTION_CHECKS).

Each action is taken through its page and through its endpoint by every member of the cast, each attempt rolled
back so that the next starts from the same records. A role refused gets 404 from the page; from the API, 404 too,
except for a role that may take the action elsewhere naming a record it may not see in the body (400, "does not
exist"). This replaces the per-app page-access tests: a check made in one place only shows here as a difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access import policies
from api.tests.conftest import Caller
from api.tests.test_access_matrix import _write, closed_person
from commissioning.models import financial_year_of
from commissioning.tests.helpers import waiting_service
from conftest import sign_in
from intake.tests.helpers import notification_data, people_data
from outcomes.actions import active_categories, score_field
from reviews.tests.helpers import add_reviews
from tests import factories as f

ROLES = (
    "national_manager",
    "team_leader",
    "other_team_leader",
    "case_worker",
    "other_case_worker",
    "south_east_case_worker",
    "support_worker",
    "other_support_worker",
    "volunteer",
    "other_volunteer",
    "police_referrer",
    "other_police_referrer",
    "analyst",
)
LONDON_STAFF = frozenset({"national_manager", "team_leader", "case_worker", "support_worker"})
LONDON_CASEWORK = frozenset({"national_manager", "team_leader", "case_worker"})
LEADERS = frozenset({"national_manager", "team_leader"})
NOTIFYING = frozenset(
    {"national_manager", "team_leader", "other_team_leader", "support_worker", "other_support_worker"}
    | {"police_referrer", "other_police_referrer"}
)


def _day(name: str, value: date) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def _moment(name: str, value) -> dict:
    local = timezone.localtime(value)
    return {**_day(name, local.date()), f"{name}_time": local.strftime("%H:%M")}


PERSON = {
    "first_name": "Invented",
    "last_name": "Relative",
    "age_group": "adult",
    "relationship_to_victim": "sibling",
    "preferred_language": "English",
}


# Writes that name their record (the person, the homicide) in the body rather than the address.
NAMES_A_RECORD_IN_THE_BODY = {
    "person-create",
    "consent-create",
    "contact-create",
    "assessment-create",
    "support-create",
    "commissioned-service-create",
    "cica-application-create",
    "volunteer-task-create",
    "volunteer-update-create",
}


@dataclass(frozen=True)
class Action:
    """An action's page (url name, argument, form data) and API write (a name in the API matrix's `_write`)."""

    page: str
    page_arg: Callable
    page_data: Callable
    api: str | None
    allowed: frozenset
    check_on: Callable  # the record the policy table is asked about, for the pinned set to match it


def _today():
    return timezone.localdate()


ACTIONS: dict[str, Action] = {
    "record_notification": Action(
        "intake:notification-new",
        lambda c: None,
        lambda c: {**notification_data(police_force=c.notification.police_force_id), **people_data()},
        "notification-create",
        NOTIFYING,
        lambda c: (),
    ),
    "link_notification": Action(
        "intake:notification-link",
        lambda c: c.unlinked.pk,
        lambda c: {"homicide": "new"},
        "notification-link",
        LEADERS | {"support_worker"},
        lambda c: (c.unlinked,),
    ),
    "allocate": Action(
        "intake:homicide-allocate",
        lambda c: c.homicide.pk,
        lambda c: {"case_worker": c.other_case_worker.pk, "note": ""},
        "homicide-allocate",
        LEADERS,
        lambda c: (c.homicide,),
    ),
    "record_no_referral_reason": Action(
        "intake:homicide-no-referral",
        lambda c: c.unreferred_homicide.pk,
        lambda c: {"no_referral_reason": "family_declined"},
        "homicide-no-referral-reason",
        LEADERS,
        lambda c: (c.homicide,),
    ),
    "record_police_liaison": Action(
        "intake:homicide-police-liaison",
        lambda c: c.homicide.pk,
        lambda c: {"kind": "flo_contacted", **_moment("occurred_at", timezone.now() - timedelta(hours=1))},
        "homicide-police-liaison",
        LONDON_CASEWORK,
        lambda c: (c.homicide,),
    ),
    "update_homicide": Action(
        "intake:homicide-edit",
        lambda c: c.homicide.pk,
        lambda c: {
            "victim_first_name": "Renamed",
            "victim_last_name": "Testperson",
            **_day("date_of_death", c.homicide.date_of_death),
            "offence_type": "murder",
            "place": "Another Invented Street",
            "is_domestic": "on",  # the cast's homicides are domestic, each with a review (which keeps them so)
        },
        "homicide-update",
        LONDON_CASEWORK,
        lambda c: (c.homicide,),
    ),
    "add_person": Action(
        "casework:person-new",
        lambda c: c.homicide.pk,
        lambda c: {**PERSON, "outcome": "not_asked"},
        "person-create",
        LONDON_STAFF,
        lambda c: (c.homicide,),
    ),
    "update_person": Action(
        "casework:person-edit",
        lambda c: c.person.pk,
        lambda c: {**PERSON, "phone": "07700 900123"},
        "person-update",
        LONDON_STAFF,
        lambda c: (c.person,),
    ),
    "record_consent": Action(
        "casework:consent-new",
        lambda c: c.person.pk,
        lambda c: {"outcome": "declined", "decline_stage": "later", **_day("review_on", _today() + timedelta(30))},
        "consent-create",
        LONDON_STAFF,
        lambda c: (c.person,),
    ),
    "record_contact": Action(
        "casework:contact-new",
        lambda c: c.person.pk,
        lambda c: {
            "kind": "visit",
            **_moment("occurred_at", timezone.now() - timedelta(hours=2)),
            "duration_minutes": 45,
        },
        "contact-create",
        LONDON_CASEWORK | {"volunteer"},
        lambda c: (c.person,),
    ),
    "record_assessment": Action(
        "casework:assessment-new",
        lambda c: c.person.pk,
        lambda c: {"kind": "ongoing", "case_stage": "trial", **_day("assessed_on", _today() - timedelta(1))},
        "assessment-create",
        LONDON_CASEWORK,
        lambda c: (c.person,),
    ),
    "record_support": Action(
        "casework:support-new",
        lambda c: c.person.pk,
        lambda c: {
            "support_type": c.support.support_type_id,
            **_day("given_on", _today() - timedelta(1)),
            "case_stage": "trial",
        },
        "support-create",
        LONDON_CASEWORK,
        lambda c: (c.person,),
    ),
    "close_case": Action(
        "casework:case-close",
        lambda c: c.person.pk,
        # The answers, confirmed on the check-your-answers page.
        lambda c: {
            **_day("closed_on", _today() - timedelta(1)),
            "reason": "user_led_exit",
            "open_actions": "cancel",
            "confirm": "1",
        },
        "person-close",
        LONDON_CASEWORK,
        lambda c: (c.person,),
    ),
    "reopen_case": Action(
        "casework:case-reopen",
        lambda c: closed_person(c).pk,
        lambda c: {**_day("reopened_on", _today()), "reason": "The trial was listed again"},
        "person-reopen",
        LONDON_CASEWORK,
        lambda c: (closed_person(c),),
    ),
    "plan_exit": Action(
        "casework:exit-plan",
        lambda c: c.person.pk,
        lambda c: {**_day("planned_on", _today() + timedelta(180)), "conditions": "After the trial"},
        "person-exit-plan",
        LONDON_CASEWORK,
        lambda c: (c.person,),
    ),
    "complete_action": Action(
        "casework:action-complete",
        lambda c: c.action.pk,
        lambda c: {},
        "action-complete",
        LONDON_CASEWORK,
        lambda c: (c.action,),
    ),
    "end_volunteer_task": Action(
        "casework:volunteer-task-end",
        lambda c: c.assignment.pk,
        lambda c: {},
        "volunteer-task-end",
        LONDON_CASEWORK,
        lambda c: (c.assignment,),
    ),
    "assign_volunteer": Action(
        "casework:volunteer-assign",
        lambda c: c.person.pk,
        lambda c: {
            "volunteer": c.other_volunteer.pk,
            "task": "Help with the CICA form",
            **_day("assigned_on", _today() - timedelta(1)),
        },
        "volunteer-task-create",
        LONDON_CASEWORK,
        lambda c: (c.person,),
    ),
    "send_volunteer_update": Action(
        "volunteering:update-new",
        lambda c: c.assignment.pk,
        lambda c: {"text": "The trial date has moved to June."},
        "volunteer-update-create",
        LONDON_CASEWORK,
        lambda c: (c.assignment,),
    ),
    # commissioning
    "add_provider": Action(
        "commissioning:provider-new",
        lambda c: None,
        lambda c: {"name": "Invented Locksmiths", "services": [c.locks.pk], "regions": [c.london.pk]},
        "provider-create",
        LEADERS | {"other_team_leader"},
        lambda c: (),
    ),
    # Page only: providers are changed on their page.
    "update_provider": Action(
        "commissioning:provider-edit",
        lambda c: c.provider.pk,
        lambda c: {"name": "Renamed Provider", "services": [c.locks.pk], "regions": [c.london.pk], "is_active": "on"},
        None,
        LEADERS | {"other_team_leader"},
        lambda c: (c.provider,),
    ),
    "commission_service": Action(
        "commissioning:service-new",
        lambda c: c.person.pk,
        lambda c: {
            "service_type": c.locks.pk,
            "provider": c.provider.pk,
            "case_stage": "trial",
            **_day("agreed_on", _today() - timedelta(1)),
            **_day("starts_on", _today()),
            "agreed_cost": "250.00",
        },
        "commissioned-service-create",
        LONDON_CASEWORK,
        lambda c: (c.person,),
    ),
    "approve_service": Action(
        "commissioning:service-approve",
        lambda c: c.waiting_service.pk,
        lambda c: {},
        "commissioned-service-approve",
        LEADERS,
        lambda c: (c.waiting_service,),
    ),
    "record_actual_cost": Action(
        "commissioning:service-cost",
        lambda c: c.service.pk,
        lambda c: {"actual_cost": "280.00", **_day("costed_on", _today())},
        "commissioned-service-actual-cost",
        LONDON_CASEWORK,
        lambda c: (c.service,),
    ),
    # Page only: budgets are set on their page, by the national manager.
    "set_budget": Action(
        "commissioning:budget-set",
        lambda c: c.london.pk,
        lambda c: {"financial_year": financial_year_of(_today()), "amount": "15000"},
        None,
        frozenset({"national_manager"}),
        lambda c: (c.london,),
    ),
    "record_cica_application": Action(
        "commissioning:cica-new",
        lambda c: c.person.pk,
        lambda c: {**_day("applied_on", _today()), "status": "submitted", "helped_by": c.case_worker.pk},
        "cica-application-create",
        LONDON_CASEWORK,
        lambda c: (c.person,),
    ),
    "record_cica_status": Action(
        "commissioning:cica-status",
        lambda c: c.cica.pk,
        lambda c: {"status": "further_information", **_day("changed_on", _today())},
        "cica-application-status",
        LONDON_CASEWORK,
        lambda c: (c.cica,),
    ),
}
ACTIONS.update(
    {
        "add_defendant": Action(
            "justice:defendant-new",
            lambda c: c.homicide.pk,
            lambda c: {"name": "Invented Accused"},
            "defendant-create",
            LONDON_CASEWORK,
            lambda c: (c.homicide,),
        ),
        "record_journey_event": Action(
            "justice:event-new",
            lambda c: c.homicide.pk,
            lambda c: {"kind": "arrest", **_day("occurred_on", c.homicide.date_of_death)},
            "journey-event-create",
            LONDON_CASEWORK,
            lambda c: (c.homicide,),
        ),
        "correct_journey_event": Action(
            "justice:event-correct",
            lambda c: c.journey_event.pk,
            lambda c: {
                "kind": "arrest",
                **_day("occurred_on", c.homicide.date_of_death),
                "notes": "Corrected",
                "reason": "Typo",
            },
            "journey-event-correct",
            LONDON_CASEWORK,
            lambda c: (c.journey_event,),
        ),
        "mark_journey_event_in_error": Action(
            "justice:event-error",
            lambda c: c.journey_event.pk,
            lambda c: {"reason": "Recorded twice"},
            "journey-event-error",
            LONDON_CASEWORK,
            lambda c: (c.journey_event,),
        ),
    }
)
ERROR = {"reason": "Recorded twice"}
# Corrections of casework records (the case worker's contact: a volunteer corrects only their own, see
# casework/tests/test_corrections.py).
ACTIONS.update(
    {
        "correct_contact": Action(
            "casework:contact-correct",
            lambda c: c.contact.pk,
            lambda c: {
                "kind": "visit",
                **_moment("occurred_at", c.contact.occurred_at),
                "duration_minutes": 50,
                "reason": "The visit was longer",
            },
            "contact-correct",
            LONDON_CASEWORK,
            lambda c: (c.contact,),
        ),
        "mark_contact_entered_in_error": Action(
            "casework:contact-error",
            lambda c: c.contact.pk,
            lambda c: ERROR,
            "contact-error",
            LONDON_CASEWORK,
            lambda c: (c.contact,),
        ),
        "correct_assessment": Action(
            "casework:assessment-correct",
            lambda c: c.assessment.pk,
            lambda c: {
                "kind": "ongoing",
                "case_stage": "trial",
                **_day("assessed_on", c.assessment.assessed_on),
                "reason": "It was an ongoing assessment",
            },
            "assessment-correct",
            LONDON_CASEWORK,
            lambda c: (c.assessment,),
        ),
        "mark_assessment_entered_in_error": Action(
            "casework:assessment-error",
            lambda c: c.assessment.pk,
            lambda c: ERROR,
            "assessment-error",
            LONDON_CASEWORK,
            lambda c: (c.assessment,),
        ),
        "correct_support": Action(
            "casework:support-correct",
            lambda c: c.support.pk,
            lambda c: {
                "support_type": c.support.support_type_id,
                **_day("given_on", c.support.given_on),
                "case_stage": "trial",
                "notes": "Corrected",
                "reason": "The stage was wrong",
            },
            "support-given-correct",
            LONDON_CASEWORK,
            lambda c: (c.support,),
        ),
        "mark_support_entered_in_error": Action(
            "casework:support-error",
            lambda c: c.support.pk,
            lambda c: ERROR,
            "support-given-error",
            LONDON_CASEWORK,
            lambda c: (c.support,),
        ),
        "correct_consent": Action(
            "casework:consent-correct",
            lambda c: c.consent.pk,
            lambda c: {
                "outcome": "referred",
                **_moment("decided_at", c.consent.decided_at),
                "consent_notes": "Corrected",
                "reason": "The notes were for someone else",
            },
            "consent-decision-correct",
            LONDON_STAFF,
            lambda c: (c.consent,),
        ),
        "mark_consent_entered_in_error": Action(
            "casework:consent-error",
            lambda c: c.consent.pk,
            lambda c: ERROR,
            "consent-decision-error",
            LONDON_STAFF,
            lambda c: (c.consent,),
        ),
    }
)
ACTIONS.update(
    {
        "record_outcome_measure": Action(
            "outcomes:measure-new",
            lambda c: c.person.pk,
            lambda c: {
                "point": "review",
                **_day("measured_on", _today() - timedelta(1)),
                **{score_field(category): "3" for category in active_categories()},
            },
            "outcome-measure-create",
            LONDON_CASEWORK,
            lambda c: (c.person,),
        ),
        # Equality data has its own permission: never support workers (not even covering), volunteers or police.
        "record_equality_data": Action(
            "equality:person-equality",
            lambda c: c.person.pk,
            lambda c: {"ethnic_group": "white_irish", "religion": "not_said"},
            "person-equality-update",
            LONDON_CASEWORK,
            lambda c: (c.person,),
        ),
        "record_risk_check": Action(
            "safeguarding:risk-check-new",
            lambda c: c.person.pk,
            lambda c: {
                **_day("checked_on", _today()),
                "suspect_contact": "no",
                "risk_level": "low",
                **_day("review_by", _today() + timedelta(90)),
            },
            "risk-check-create",
            LONDON_CASEWORK,
            lambda c: (c.person,),
        ),
        "raise_safeguarding_concern": Action(
            "safeguarding:concern-new",
            lambda c: c.person.pk,
            lambda c: {"about": "person", "description": "Threats from a neighbour", **_day("raised_on", _today())},
            "safeguarding-concern-create",
            LONDON_CASEWORK,
            lambda c: (c.person,),
        ),
        "update_safeguarding_concern": Action(
            "safeguarding:concern-update",
            lambda c: c.concern.pk,
            lambda c: {"referred_to": "police", **_day("referred_on", _today())},
            "safeguarding-concern-update",
            LONDON_CASEWORK,
            lambda c: (c.concern,),
        ),
        "open_review": Action(
            "reviews:review-open",
            lambda c: c.unreviewed_domestic.pk,
            lambda c: {
                "partnership": "Invented CSP",
                "decision": "review",
                **_day("decided_on", c.unreviewed_domestic.date_of_death + timedelta(days=1)),
            },
            "review-open",
            LONDON_CASEWORK,
            lambda c: (c.homicide,),
        ),
        "update_review": Action(
            "reviews:review-step",
            lambda c: (c.homicide.pk, "chair"),
            lambda c: {"chair_name": "Dr Invented Chair", **_day("chair_appointed_on", _today())},
            "review-update",
            LONDON_CASEWORK,
            lambda c: (c.review,),
        ),
        "record_advocacy_offer": Action(
            "reviews:offer-new",
            lambda c: c.homicide.pk,
            lambda c: {"organisation": "aafda", "outcome": "accepted", **_day("offered_on", _today())},
            "advocacy-offer-create",
            LONDON_CASEWORK,
            lambda c: (c.review,),
        ),
        "update_advocacy_offer": Action(
            "reviews:offer-answer",
            lambda c: c.advocacy_offer.pk,
            lambda c: {"outcome": "declined", **_day("offer_again_on", _today() + timedelta(days=30))},
            "advocacy-offer-update",
            LONDON_CASEWORK,
            lambda c: (c.advocacy_offer,),
        ),
        "record_chair_meeting": Action(
            "reviews:meeting-new",
            lambda c: c.homicide.pk,
            lambda c: {"attendees": "The chair and the case worker", **_day("met_on", _today())},
            "chair-meeting-create",
            LONDON_CASEWORK,
            lambda c: (c.review,),
        ),
    }
)
ACTIONS["end_cover_early"] = Action(
    "casework:cover-end",
    lambda c: c.cover.pk,
    lambda c: _day("ends_on", c.cover.ends_on - timedelta(days=1)),
    "cover-end-early",
    LEADERS,
    lambda c: (c.cover,),
)
ACTIONS["cancel_cover"] = Action(
    "casework:cover-cancel",
    lambda c: c.cover.pk,
    lambda c: {},
    "cover-cancel",
    LEADERS,
    lambda c: (c.cover,),
)
# Taken inside the ones above (a police referral; linking to a new record), or checked by the page matrix and the
# accounts tests (staff accounts have no endpoint). Arranging cover names its workers in the form, so another
# region's team leader gets the form back (not 404): casework/tests/test_cover.py and the API matrix pin it.
COVERED_ELSEWHERE = {
    "submit_referral",
    "create_homicide",
    "arrange_cover",
    "deactivate_user",
    "reset_second_factor",
    "revoke_api_token",  # a holder's own tokens: accounts/tests/test_api_tokens.py
    # Your own, or a team member's (two pages, and the API): volunteering/tests/test_profiles.py
    "update_deployment_profile",
}


def test_every_action_in_the_policy_table_is_driven_here():
    assert set(ACTIONS) | COVERED_ELSEWHERE == set(policies.ACTION_CHECKS)


def _rolled_back(attempt: Callable):
    """Run one attempt and undo whatever it changed, so that every role starts from the same records."""
    with transaction.atomic():
        response = attempt()
        transaction.set_rollback(True)
    return response


def _by_page(client, user, action: Action, world) -> int:
    arg = action.page_arg(world)
    url = reverse(action.page, args=None if arg is None else list(arg) if isinstance(arg, tuple) else [arg])

    def attempt():
        client.logout()
        return sign_in(client, user).post(url, action.page_data(world))

    return _rolled_back(attempt).status_code


def _by_api(client, user, action: Action, world) -> int:
    method, url, payload = _write(world, action.api)

    def attempt():
        client.logout()
        return getattr(Caller(sign_in(client, user)), method)(url, payload)

    return _rolled_back(attempt).status_code


@pytest.fixture
def world(cast):
    cast.unlinked = f.NotificationFactory(region=cast.london, submitted_by=cast.support_worker)
    # A homicide nobody has been referred for, so that a reason can be recorded (the cast's person is referred).
    cast.unreferred_homicide = f.HomicideFactory(region=cast.london, lead_case_worker=cast.case_worker)
    cast.waiting_service = waiting_service(cast)
    cast.locks = cast.service.service_type
    cast.journey_event = f.JourneyEventFactory(homicide=cast.homicide, recorded_by=cast.case_worker)
    add_reviews(cast)
    cast.unreviewed_domestic = f.HomicideFactory(
        region=cast.london, lead_case_worker=cast.case_worker, is_domestic=True
    )
    return cast


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_page_and_api_allow_the_same_roles(world, client, name):
    action = ACTIONS[name]
    page_allowed, api_allowed, problems = set(), set(), []
    for role in ROLES:
        user = getattr(world, role)
        page = _by_page(client, user, action, world)
        if page == 302:
            page_allowed.add(role)
        elif page != 404:
            problems.append(f"page as {role}: {page}, expected 302 or 404")
        if action.api is None:
            continue
        api = _by_api(client, user, action, world)
        if api in {200, 201}:
            api_allowed.add(role)
        elif api != (400 if action.api in NAMES_A_RECORD_IN_THE_BODY and policies.may(name, user) else 404):
            problems.append(f"API as {role}: {api}")

    assert not problems, "\n".join(problems)
    assert page_allowed == action.allowed
    if action.api is not None:
        assert api_allowed == action.allowed
    # The pinned set is the policy table's answer, not a restatement of one caller.
    checks = action.check_on(world)
    assert {role for role in ROLES if policies.may(name, getattr(world, role), *checks)} == action.allowed
