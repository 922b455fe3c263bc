"""Every endpoint, every role of the cast, inside and outside reach: the API answers as the pages do."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.tests.endpoints import operations
from commissioning.tests.helpers import waiting_service
from intake.models import Allocation

EVERYONE = (
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
LONDON_STAFF = {"national_manager", "team_leader", "case_worker", "support_worker"}
LONDON_CASEWORK = {"national_manager", "team_leader", "case_worker"}
SOUTH_EAST_STAFF = {"national_manager", "other_team_leader", "south_east_case_worker", "other_support_worker"}

# (route, record in the cast) -> who may read it. Everyone else gets 404, and does not find it in the list.
READERS = {
    ("notification", "notification"): LONDON_STAFF | {"police_referrer"},
    ("notification", "other_notification"): SOUTH_EAST_STAFF,
    ("homicide", "homicide"): LONDON_STAFF,
    ("homicide", "other_homicide"): SOUTH_EAST_STAFF,
    ("allocation", "allocation"): LONDON_STAFF,
    ("person", "person"): LONDON_STAFF | {"volunteer"},
    ("person", "other_person"): SOUTH_EAST_STAFF,
    ("consent-decision", "consent"): LONDON_STAFF,
    ("consent-decision", "other_consent"): SOUTH_EAST_STAFF,
    ("contact", "contact"): LONDON_CASEWORK,
    ("contact", "volunteer_contact"): LONDON_CASEWORK | {"volunteer"},
    ("contact", "other_contact"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("assessment", "assessment"): LONDON_CASEWORK,
    ("assessment", "other_assessment"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("support-given", "support"): LONDON_CASEWORK,
    ("support-given", "other_support"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("agreed-action", "action"): LONDON_CASEWORK,
    ("agreed-action", "other_action"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("volunteer-task", "assignment"): LONDON_CASEWORK | {"volunteer"},
    ("volunteer-update", "volunteer_update"): LONDON_CASEWORK | {"volunteer"},
    ("volunteer-update", "other_volunteer_update"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("commissioned-service", "service"): LONDON_CASEWORK,
    ("commissioned-service", "other_service"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("cica-application", "cica"): LONDON_CASEWORK,
    ("cica-application", "other_cica"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    # The justice journey is criminal offence data: support workers, who see the homicide, get 404 too.
    ("journey-event", "journey_event"): LONDON_CASEWORK,
    ("journey-event", "other_journey_event"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("case-episode", "episode"): LONDON_CASEWORK,
    ("case-episode", "other_episode"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    # Risk and safeguarding: offence-data roles holding the person's casework (no support worker, no volunteer).
    ("safeguarding-concern", "concern"): LONDON_CASEWORK,
    ("safeguarding-concern", "other_concern"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    # Reviews are criminal offence data, as the justice journey: support workers, who see the homicide, get 404.
    ("advocacy-offer", "advocacy_offer"): LONDON_CASEWORK,
    ("advocacy-offer", "other_advocacy_offer"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    # Cover says who is away and why (sickness among the reasons): team leaders of the region, the national manager.
    ("cover", "cover"): {"national_manager", "team_leader"},
    ("cover", "other_cover"): {"national_manager", "other_team_leader"},
    # A volunteer's availability, area and travel: their own; staff who give tasks in their region; all nationally.
    ("volunteer-profile", "volunteer_profile"): {
        "national_manager",
        "team_leader",
        "case_worker",
        "other_case_worker",
        "volunteer",
    },
    ("volunteer-profile", "other_volunteer_profile"): {
        "national_manager",
        "team_leader",
        "case_worker",
        "other_case_worker",
        "other_volunteer",
    },
}
# Records read one at a time here, and listed under their homicide (NESTED_READERS below).
LISTED_UNDER_A_HOMICIDE = {"journey-event"}
# The providers' directory holds no personal data: staff who work cases read all of it; others get an empty list.
PROVIDER_READERS = {"national_manager", "team_leader", "other_team_leader", "case_worker", "other_case_worker"}
PROVIDER_READERS |= {"south_east_case_worker"}


@pytest.fixture
def cast_with_allocation(cast):
    cast.allocation = Allocation.objects.create(
        homicide=cast.homicide, case_worker=cast.case_worker, allocated_by=cast.team_leader
    )
    return cast


@pytest.mark.parametrize("user_name", EVERYONE)
@pytest.mark.parametrize(("route", "record_name"), list(READERS))
def test_reading_a_record_is_allowed_inside_reach_and_404_outside(
    cast_with_allocation, api_as, user_name, route, record_name
):
    cast = cast_with_allocation
    record = getattr(cast, record_name)
    api = api_as(getattr(cast, user_name))
    may_read = user_name in READERS[(route, record_name)]

    detail = api.get(reverse(f"api:{route}-detail", args=[record.pk]))

    assert detail.status_code == (200 if may_read else 404)
    assert detail["Content-Type"] == "application/json"
    if route in LISTED_UNDER_A_HOMICIDE:
        return
    listed = api.get(reverse(f"api:{route}-list"), {"limit": 500})
    assert listed.status_code == 200
    assert (record.pk in {row["id"] for row in listed.json()["results"]}) is may_read


@pytest.mark.parametrize("user_name", EVERYONE)
@pytest.mark.parametrize("route", ["need-type", "support-type", "outcome-category"])
def test_reference_lists_are_open_to_every_signed_in_user(cast, api_as, user_name, route):
    response = api_as(getattr(cast, user_name)).get(reverse(f"api:{route}-list"))

    assert response.status_code == 200
    assert response.json()


@pytest.mark.parametrize("user_name", EVERYONE)
def test_the_providers_directory_is_read_by_staff_who_work_cases(cast, api_as, user_name):
    response = api_as(getattr(cast, user_name)).get(reverse("api:provider-list"))

    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert names == ({cast.provider.name} if user_name in PROVIDER_READERS else set())


# Reference lists (no personal data) and who reads what in them: everyone signed in reads the regions, police
# forces and service types; the staff who may hold cases are listed to whoever may allocate to them.
REFERENCE_LISTS = ("reference-region", "reference-police-force", "reference-service-type", "reference-case-holder")


@pytest.mark.parametrize("user_name", EVERYONE)
@pytest.mark.parametrize("route", ["reference-region", "reference-police-force", "reference-service-type"])
def test_the_plain_reference_lists_are_read_by_everyone_signed_in(cast, api_as, user_name, route):
    response = api_as(getattr(cast, user_name)).get(reverse(f"api:{route}-list"))

    assert response.status_code == 200
    assert len(response.json()) > 1


CASE_HOLDERS_LISTED = {
    "national_manager": {
        "team_leader",
        "other_team_leader",
        "case_worker",
        "other_case_worker",
        "south_east_case_worker",
    },
    "team_leader": {"team_leader", "case_worker", "other_case_worker"},
    "other_team_leader": {"other_team_leader", "south_east_case_worker"},
}


@pytest.mark.parametrize("user_name", EVERYONE)
def test_the_case_holders_listed_are_those_the_caller_may_allocate_to(cast, api_as, user_name):
    response = api_as(getattr(cast, user_name)).get(reverse("api:reference-case-holder-list"))

    assert response.status_code == 200
    expected = {getattr(cast, name).pk for name in CASE_HOLDERS_LISTED.get(user_name, set())}
    assert {row["id"] for row in response.json()} == expected


@pytest.mark.parametrize("user_name", EVERYONE)
def test_the_team_caseload_is_read_by_team_leaders_and_the_national_manager(cast, api_as, user_name):
    response = api_as(getattr(cast, user_name)).get(reverse("api:team-caseload-list"))

    leaders = {"national_manager": "london", "team_leader": "london", "other_team_leader": "south-east-east"}
    assert response.status_code == (200 if user_name in leaders else 404)
    if user_name in leaders:
        names = {row["name"] for row in response.json()}
        assert ("Casey Worker" in names) is (leaders[user_name] == "london")


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _moment(days_ago: int) -> str:
    return (timezone.now() - timedelta(days=days_ago)).isoformat()


def _unlinked_notification(cast):
    from tests.factories import NotificationFactory

    return NotificationFactory(region=cast.london, submitted_by=cast.support_worker)


def closed_person(cast):
    """A London person whose case closed a week ago (made once per cast), for reopening."""
    if not hasattr(cast, "closed_person"):
        from tests.factories import PersonFactory

        cast.closed_person = PersonFactory(
            homicide=cast.homicide, closed_on=timezone.localdate() - timedelta(days=7), closure_reason="after_trial"
        )
    return cast.closed_person


def _unreviewed_domestic_homicide(cast):
    from tests.factories import HomicideFactory

    return HomicideFactory(region=cast.london, lead_case_worker=cast.case_worker, is_domestic=True)


def _write(cast, name: str) -> tuple[str, str, dict]:
    """(method, url, payload) of each write, aimed at the London records."""
    met = cast.notification.police_force_id
    return {
        "notification-create": (
            "post",
            reverse("api:notification-list"),
            {
                "source": "police",
                "police_force": met,
                "notifier_name": "DS Invented",
                "victim_last_name": "Madeup",
                "date_of_death": _day(2),
                "offence_type": "murder",
            },
        ),
        "person-create": (
            "post",
            reverse("api:person-list"),
            {
                "homicide": cast.homicide.pk,
                "first_name": "Ina",
                "last_name": "Vented",
                "age_group": "adult",
                "relationship_to_victim": "sibling",
            },
        ),
        "person-update": ("patch", reverse("api:person-detail", args=[cast.person.pk]), {"phone": "07700 900123"}),
        "person-close": (
            "post",
            reverse("api:person-close", args=[cast.person.pk]),
            {"closed_on": _day(1), "reason": "user_led_exit", "open_actions": "cancel"},
        ),
        "person-reopen": (
            "post",
            reverse("api:person-reopen", args=[closed_person(cast).pk]),
            {"reopened_on": _day(0), "reason": "The trial was listed again"},
        ),
        "person-exit-plan": (
            "post",
            reverse("api:person-exit-plan", args=[cast.person.pk]),
            {"planned_on": _day(-180), "conditions": "A couple of months after the trial"},
        ),
        "consent-create": (
            "post",
            reverse("api:consent-decision-list"),
            {
                "person": cast.person.pk,
                "outcome": "declined",
                "decline_stage": "later",
                "decided_at": _moment(3),
                "review_on": _day(-30),
            },
        ),
        "contact-create": (
            "post",
            reverse("api:contact-list"),
            {"person": cast.person.pk, "kind": "visit", "occurred_at": _moment(1), "duration_minutes": 45},
        ),
        "assessment-create": (
            "post",
            reverse("api:assessment-list"),
            {
                "person": cast.person.pk,
                "kind": "ongoing",
                "case_stage": "trial",
                "assessed_on": _day(1),
                "actions": [{"description": "Arrange a court visit", "review_on": _day(-7)}],
            },
        ),
        "support-create": (
            "post",
            reverse("api:support-given-list"),
            {
                "person": cast.person.pk,
                "support_type": cast.support.support_type_id,
                "given_on": _day(1),
                "case_stage": "trial",
            },
        ),
        "homicide-update": (
            "patch",
            reverse("api:homicide-detail", args=[cast.homicide.pk]),
            {"place": "Another Street"},
        ),
        "homicide-allocate": (
            "post",
            reverse("api:homicide-allocate", args=[cast.homicide.pk]),
            {"case_worker": cast.other_case_worker.pk},
        ),
        "notification-link": (
            "post",
            reverse("api:notification-link", args=[_unlinked_notification(cast).pk]),
            {},
        ),
        "action-complete": ("post", reverse("api:agreed-action-complete", args=[cast.action.pk]), {}),
        "volunteer-task-end": ("post", reverse("api:volunteer-task-end", args=[cast.assignment.pk]), {}),
        "volunteer-task-create": (
            "post",
            reverse("api:volunteer-task-list"),
            {
                "person": cast.person.pk,
                "volunteer": cast.other_volunteer.pk,
                "task": "Help with the CICA form",
                "assigned_on": _day(1),
                "phone_shared": True,
            },
        ),
        "volunteer-update-create": (
            "post",
            reverse("api:volunteer-update-list"),
            {"task": cast.assignment.pk, "text": "The trial date has moved to June."},
        ),
        "homicide-police-liaison": (
            "post",
            reverse("api:homicide-police-liaison", args=[cast.homicide.pk]),
            {"kind": "flo_contacted"},
        ),
        "journey-event-create": (
            "post",
            reverse("api:homicide-journey-events", args=[cast.homicide.pk]),
            {"kind": "arrest", "occurred_on": cast.homicide.date_of_death.isoformat()},
        ),
        "defendant-create": (
            "post",
            reverse("api:homicide-defendants", args=[cast.homicide.pk]),
            {"name": "Invented Accused"},
        ),
        "review-open": (
            "post",
            reverse("api:homicide-review-dhr", args=[_unreviewed_domestic_homicide(cast).pk]),
            {"partnership": "Invented CSP", "decision": "review", "decided_on": _day(1)},
        ),
        "review-update": (
            "patch",
            reverse("api:homicide-review-dhr", args=[cast.homicide.pk]),
            {"partnership": "Renamed Community Safety Partnership"},
        ),
        "advocacy-offer-create": (
            "post",
            reverse("api:homicide-review-advocacy-offers", args=[cast.homicide.pk]),
            {"organisation": "aafda", "offered_on": _day(1), "outcome": "accepted"},
        ),
        "advocacy-offer-update": (
            "patch",
            reverse("api:advocacy-offer-detail", args=[cast.advocacy_offer.pk]),
            {"outcome": "declined", "offer_again_on": _day(-30)},
        ),
        "chair-meeting-create": (
            "post",
            reverse("api:homicide-review-chair-meetings", args=[cast.homicide.pk]),
            {"met_on": _day(0), "attendees": "The chair and the case worker"},
        ),
        "homicide-no-referral-reason": (
            "post",
            reverse("api:homicide-no-referral-reason", args=[cast.homicide.pk]),
            {"no_referral_reason": ""},
        ),
        "provider-create": (
            "post",
            reverse("api:provider-list"),
            {"name": "Invented Glaziers", "services": [cast.service.service_type_id], "regions": [cast.london.pk]},
        ),
        "commissioned-service-create": (
            "post",
            reverse("api:commissioned-service-list"),
            {
                "person": cast.person.pk,
                "provider": cast.provider.pk,
                "service_type": cast.service.service_type_id,
                "case_stage": "trial",
                "agreed_on": _day(2),
                "starts_on": _day(1),
                "agreed_cost": "250.00",
            },
        ),
        "commissioned-service-approve": (
            "post",
            reverse("api:commissioned-service-approve", args=[waiting_service(cast).pk]),
            {},
        ),
        "commissioned-service-actual-cost": (
            "post",
            reverse("api:commissioned-service-actual-cost", args=[cast.service.pk]),
            {"actual_cost": "310.00"},
        ),
        "cica-application-create": (
            "post",
            reverse("api:cica-application-list"),
            {"person": cast.person.pk, "applied_on": _day(3), "helped_by": cast.case_worker.pk},
        ),
        "cica-application-status": (
            "post",
            reverse("api:cica-application-status", args=[cast.cica.pk]),
            {"status": "decision", "changed_on": _day(0), "award_amount": "2500.00"},
        ),
        **_corrections(cast),
        "outcome-measure-create": (
            "post",
            reverse("api:person-outcome-measures", args=[cast.person.pk]),
            {"point": "review", "measured_on": _day(1), "scores": _every_category_scored()},
        ),
        "person-equality-update": (
            "patch",
            reverse("api:person-equality", args=[cast.person.pk]),
            {"ethnic_group": "white_irish", "disabled": "not_said"},
        ),
        "risk-check-create": (
            "post",
            reverse("api:person-risk-checks", args=[cast.person.pk]),
            {
                "checked_on": _day(1),
                "suspect_contact": "no",
                "risk_level": "medium",
                "safety_measures": "Visit in pairs",
                "review_by": _day(-60),
            },
        ),
        "safeguarding-concern-create": (
            "post",
            reverse("api:person-safeguarding-concerns", args=[cast.person.pk]),
            {"about": "person", "description": "Threats from a neighbour", "raised_on": _day(2)},
        ),
        "safeguarding-concern-update": (
            "patch",
            reverse("api:safeguarding-concern-detail", args=[cast.concern.pk]),
            {"referred_to": "police", "referred_on": _day(1)},
        ),
        "cover-create": (
            "post",
            reverse("api:cover-list"),
            {
                "absent_worker": cast.case_worker.pk,
                "covering_worker": cast.other_case_worker.pk,
                "starts_on": _day(0),
                "ends_on": _day(-6),
                "reason": "training",
            },
        ),
        "cover-end-early": (
            "post",
            reverse("api:cover-end-early", args=[cast.cover.pk]),
            {"ends_on": (cast.cover.ends_on - timedelta(days=2)).isoformat()},
        ),
        "cover-cancel": ("post", reverse("api:cover-cancel", args=[cast.cover.pk]), {}),
        "volunteer-profile-update": (
            "patch",
            reverse("api:volunteer-profile-detail", args=[cast.volunteer_profile.pk]),
            {"available_days": ["mon", "fri"], "area_notes": "By bus"},
        ),
    }[name]


def _corrections(cast) -> dict[str, tuple[str, str, dict]]:
    """Correcting each kind of record (PATCH with a reason) and marking it entered in error."""
    event = cast.journey_event  # api/tests/conftest.py adds one to the cast; the action-access world its own
    records = {
        "consent-decision": (cast.consent, {"notes": "Corrected", "reason": "Typed on the wrong record"}),
        "contact": (cast.contact, {"duration_minutes": 50, "reason": "The visit was longer"}),
        "volunteer-contact": (cast.volunteer_contact, {"duration_minutes": 50, "reason": "The visit was longer"}),
        "assessment": (cast.assessment, {"notes": "Corrected", "reason": "Typed on the wrong record"}),
        "support-given": (cast.support, {"notes": "Corrected", "reason": "Typed on the wrong record"}),
        "journey-event": (event, {"notes": "Corrected", "reason": "Typed on the wrong record"}),
    }
    writes = {}
    for name, (record, change) in records.items():
        route = "contact" if name == "volunteer-contact" else name
        writes[f"{name}-correct"] = ("patch", reverse(f"api:{route}-detail", args=[record.pk]), change)
        writes[f"{name}-error"] = (
            "post",
            reverse(f"api:{route}-entered-in-error", args=[record.pk]),
            {"reason": "Recorded twice"},
        )
    return writes


def _every_category_scored() -> dict:
    from outcomes.actions import active_categories

    return {category.code: 3 for category in active_categories()}


NOTIFYING = {"national_manager", "team_leader", "other_team_leader", "support_worker", "other_support_worker"}
NOTIFYING |= {"police_referrer", "other_police_referrer"}
OUTSIDE_STAFF = {"other_team_leader", "other_case_worker", "south_east_case_worker", "other_support_worker"}


def _outcomes(allowed: set, code: int, **others: set) -> dict[str, int]:
    """Status per user: `code` for `allowed`, the named codes for the others, 404 for the rest (a refused action
    reads as a record that does not exist)."""
    table = dict.fromkeys(EVERYONE, 404)
    for status_name, users in others.items():
        table.update(dict.fromkeys(users, int(status_name.removeprefix("s"))))
    table.update(dict.fromkeys(allowed, code))
    return table


# A role that may not take the action at all gets 404. A role that may, naming a record it may not see in the
# payload, gets 400 (it reads as one that does not exist); in the URL, 404.
WRITES = {
    "notification-create": _outcomes(NOTIFYING, 201),
    "person-create": _outcomes(LONDON_STAFF, 201, s400=OUTSIDE_STAFF),
    "consent-create": _outcomes(LONDON_STAFF, 201, s400=OUTSIDE_STAFF),
    "contact-create": _outcomes(
        LONDON_CASEWORK | {"volunteer"},
        201,
        s400={"other_team_leader", "other_case_worker", "south_east_case_worker", "other_volunteer"},
    ),
    "assessment-create": _outcomes(
        LONDON_CASEWORK, 201, s400={"other_team_leader", "other_case_worker", "south_east_case_worker"}
    ),
    "support-create": _outcomes(
        LONDON_CASEWORK, 201, s400={"other_team_leader", "other_case_worker", "south_east_case_worker"}
    ),
    "person-update": _outcomes(LONDON_STAFF, 200),
    "person-close": _outcomes(LONDON_CASEWORK, 200),
    "person-reopen": _outcomes(LONDON_CASEWORK, 201),
    "person-exit-plan": _outcomes(LONDON_CASEWORK, 200),
    "homicide-update": _outcomes(LONDON_CASEWORK, 200),
    "homicide-allocate": _outcomes({"national_manager", "team_leader"}, 201),
    "homicide-no-referral-reason": _outcomes({"national_manager", "team_leader"}, 200),
    # Police liaison: whoever may allocate the homicide, or its case holder.
    "homicide-police-liaison": _outcomes(LONDON_CASEWORK, 201),
    "notification-link": _outcomes({"national_manager", "team_leader", "support_worker"}, 200),
    "action-complete": _outcomes(LONDON_CASEWORK, 200),
    "volunteer-task-end": _outcomes(LONDON_CASEWORK, 200),
    "volunteer-task-create": _outcomes(
        LONDON_CASEWORK, 201, s400={"other_team_leader", "other_case_worker", "south_east_case_worker"}
    ),
    "volunteer-update-create": _outcomes(
        LONDON_CASEWORK, 201, s400={"other_team_leader", "other_case_worker", "south_east_case_worker"}
    ),
    "provider-create": _outcomes({"national_manager", "team_leader", "other_team_leader"}, 201),
    "commissioned-service-create": _outcomes(
        LONDON_CASEWORK, 201, s400={"other_team_leader", "other_case_worker", "south_east_case_worker"}
    ),
    "commissioned-service-approve": _outcomes({"national_manager", "team_leader"}, 200),
    "commissioned-service-actual-cost": _outcomes(LONDON_CASEWORK, 200),
    "cica-application-create": _outcomes(
        LONDON_CASEWORK, 201, s400={"other_team_leader", "other_case_worker", "south_east_case_worker"}
    ),
    "cica-application-status": _outcomes(LONDON_CASEWORK, 200),
    # The justice journey is criminal offence data: support workers, who see the homicide, get 404 too.
    "journey-event-create": _outcomes(LONDON_CASEWORK, 201),
    "defendant-create": _outcomes(LONDON_CASEWORK, 201),
    # Corrections: whoever may record that kind of record for the person; a volunteer only their own contacts.
    "consent-decision-correct": _outcomes(LONDON_STAFF, 200),
    "consent-decision-error": _outcomes(LONDON_STAFF, 200),
    "contact-correct": _outcomes(LONDON_CASEWORK, 200),
    "contact-error": _outcomes(LONDON_CASEWORK, 200),
    "volunteer-contact-correct": _outcomes(LONDON_CASEWORK | {"volunteer"}, 200),
    "volunteer-contact-error": _outcomes(LONDON_CASEWORK | {"volunteer"}, 200),
    "assessment-correct": _outcomes(LONDON_CASEWORK, 200),
    "assessment-error": _outcomes(LONDON_CASEWORK, 200),
    "support-given-correct": _outcomes(LONDON_CASEWORK, 200),
    "support-given-error": _outcomes(LONDON_CASEWORK, 200),
    "journey-event-correct": _outcomes(LONDON_CASEWORK, 200),
    "journey-event-error": _outcomes(LONDON_CASEWORK, 200),
    "outcome-measure-create": _outcomes(LONDON_CASEWORK, 201),
    "person-equality-update": _outcomes(LONDON_CASEWORK, 200),
    # Risk and safeguarding: offence-data roles with the person's casework; the person is in the address.
    "risk-check-create": _outcomes(LONDON_CASEWORK, 201),
    "safeguarding-concern-create": _outcomes(LONDON_CASEWORK, 201),
    "safeguarding-concern-update": _outcomes(LONDON_CASEWORK, 200),
    # Domestic Homicide Reviews: as the justice journey.
    "review-open": _outcomes(LONDON_CASEWORK, 201),
    "review-update": _outcomes(LONDON_CASEWORK, 200),
    "advocacy-offer-create": _outcomes(LONDON_CASEWORK, 201),
    "advocacy-offer-update": _outcomes(LONDON_CASEWORK, 200),
    "chair-meeting-create": _outcomes(LONDON_CASEWORK, 201),
    # The other region's team leader may arrange cover, but London's workers read as ones that do not exist.
    "cover-create": _outcomes({"national_manager", "team_leader"}, 201, s400={"other_team_leader"}),
    "cover-end-early": _outcomes({"national_manager", "team_leader"}, 200),
    "cover-cancel": _outcomes({"national_manager", "team_leader"}, 200),
    # Case workers read their region's volunteers' profiles but change only their own.
    "volunteer-profile-update": _outcomes({"national_manager", "team_leader", "volunteer"}, 200),
}

# Lists under a homicide (the justice journey: offence-data roles who see the homicide), by route name.
NESTED_READERS = {
    # Police liaison: whoever sees the homicide (support workers too: it is not offence data).
    ("homicide-police-liaison", "homicide"): LONDON_STAFF,
    ("homicide-police-liaison", "other_homicide"): SOUTH_EAST_STAFF,
    ("homicide-journey-events", "homicide"): LONDON_CASEWORK,
    ("homicide-journey-events", "other_homicide"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("homicide-defendants", "homicide"): LONDON_CASEWORK,
    ("homicide-defendants", "other_homicide"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    # Under a person: outcome measures (casework readers) and equality answers (their own permission, the same
    # people here: never support workers, volunteers, police or analysts).
    ("person-outcome-measures", "person"): LONDON_CASEWORK,
    ("person-outcome-measures", "other_person"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("person-equality", "person"): LONDON_CASEWORK,
    ("person-equality", "other_person"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    # ... and under a person, their risk checks and safeguarding concerns (volunteers and support workers: 404).
    ("person-risk-checks", "person"): LONDON_CASEWORK,
    ("person-risk-checks", "other_person"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("person-safeguarding-concerns", "person"): LONDON_CASEWORK,
    ("person-safeguarding-concerns", "other_person"): {
        "national_manager",
        "other_team_leader",
        "south_east_case_worker",
    },
    ("homicide-review-dhr", "homicide"): LONDON_CASEWORK,
    ("homicide-review-dhr", "other_homicide"): {"national_manager", "other_team_leader", "south_east_case_worker"},
    ("homicide-review-advocacy-offers", "homicide"): LONDON_CASEWORK,
    ("homicide-review-advocacy-offers", "other_homicide"): {
        "national_manager",
        "other_team_leader",
        "south_east_case_worker",
    },
    ("homicide-review-chair-meetings", "homicide"): LONDON_CASEWORK,
    ("homicide-review-chair-meetings", "other_homicide"): {
        "national_manager",
        "other_team_leader",
        "south_east_case_worker",
    },
}


@pytest.mark.parametrize("user_name", EVERYONE)
@pytest.mark.parametrize(("route", "record_name"), list(NESTED_READERS))
def test_lists_under_a_homicide_are_read_only_inside_reach(cast, api_as, user_name, route, record_name):
    response = api_as(getattr(cast, user_name)).get(reverse(f"api:{route}", args=[getattr(cast, record_name).pk]))

    assert response.status_code == (200 if user_name in NESTED_READERS[(route, record_name)] else 404)
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("user_name", EVERYONE)
@pytest.mark.parametrize("write", list(WRITES))
def test_each_write_is_allowed_only_to_the_roles_that_may_make_it(cast, api_as, write, user_name):
    method, url, payload = _write(cast, write)
    api = api_as(getattr(cast, user_name))

    response = getattr(api, method)(url, payload)

    assert response.status_code == WRITES[write][user_name], response.content
    assert response["Content-Type"] == "application/json"


REPORT_CODES = (
    "b1",
    "b2",
    "b3",
    "b4",
    "b5",
    "b6",
    "b7",
    "b8",
    "b9",
    "b10",
    "m1",
    "m2",
    "m3",
    "m4",
    "m7",
    "police-coverage",
    "dhr",
    *("b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "m1", "m2", "m5", "m6", "m7"),
    "police-coverage",
)
REPORT_READERS = {"national_manager", "team_leader", "other_team_leader", "analyst"}


@pytest.mark.parametrize("user_name", EVERYONE)
@pytest.mark.parametrize("code", REPORT_CODES)
def test_the_report_tables_are_read_by_the_roles_that_read_the_report_pages(cast, api_as, code, user_name):
    response = api_as(getattr(cast, user_name)).get(reverse(f"api:report-{code}"))

    readers = REPORT_READERS - {"analyst"} if code == "dhr" else REPORT_READERS  # offence data: not analysts
    assert response.status_code == (200 if user_name in readers else 403)
    assert response["Content-Type"] == "application/json"


def test_the_api_root_lists_the_endpoints(cast, api_as):
    response = api_as(cast.case_worker).get(reverse("api:api-root"), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert {"people", "homicides", "notifications", "contacts"} <= set(response.json())


def test_every_api_endpoint_is_in_its_matrix(cast):
    """A new endpoint must be added to READERS or WRITES above (the page matrix leaves the API to this one)."""
    covered = {
        ("get", reverse(f"api:{route}-list")) for route in ("need-type", "support-type", "provider", "outcome-category")
    }
    covered |= {("get", reverse(f"api:{route}-list")) for route in REFERENCE_LISTS}
    covered.add(("get", reverse("api:team-caseload-list")))
    for route, _record in READERS:
        if route not in LISTED_UNDER_A_HOMICIDE:
            covered.add(("get", reverse(f"api:{route}-list")))
        covered.add(("get", reverse(f"api:{route}-detail", args=[0]).replace("/0/", "/{id}/")))
    covered |= {("get", reverse(f"api:report-{code}")) for code in REPORT_CODES}
    for route, _record in NESTED_READERS:
        covered.add(("get", reverse(f"api:{route}", args=[0]).replace("/0/", "/{id}/")))
    for write in WRITES:
        method, url, _payload = _write(cast, write)
        covered.add((method, re.sub(r"/\d+/", "/{id}/", url)))

    assert set(operations()) - covered == set()
