"""The permission matrix: every URL, as every role, on records inside and outside that role's reach.

A role that may use a page gets 200; any other signed-in role gets 404, as if nothing were there. A URL pattern
missing from the matrix fails the suite, so no new page or endpoint escapes it. Anonymous visitors and
password-only sessions (no second factor) are checked on every URL too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import sign_in

ROLES = [
    "national_manager",
    "team_leader",
    "other_team_leader",
    "case_worker",
    "other_case_worker",
    "support_worker",
    "other_support_worker",
    "volunteer",
    "other_volunteer",
    "police_referrer",
    "other_police_referrer",
    "analyst",
]
EVERYONE = frozenset(ROLES)
NATIONAL = frozenset({"national_manager"})
# Who reaches the London records in the cast (cast.homicide, cast.person, ...).
LONDON_CASE_RECORDS = frozenset({"national_manager", "team_leader", "case_worker", "support_worker"})
LONDON_CASEWORK = frozenset({"national_manager", "team_leader", "case_worker"})
# ... and the South East ones (cast.other_homicide, cast.other_person, ...).
SOUTH_EAST_CASE_RECORDS = frozenset({"national_manager", "other_team_leader", "other_support_worker"})
SOUTH_EAST_CASEWORK = frozenset({"national_manager", "other_team_leader"})
INTAKE = frozenset({"national_manager", "team_leader", "other_team_leader", "support_worker", "other_support_worker"})
LEADERS_ANYWHERE = frozenset({"national_manager", "team_leader", "other_team_leader"})
REPORT_READERS = frozenset({"national_manager", "team_leader", "other_team_leader", "analyst"})
# Roles that must never be shown criminal offence data: suspect flags, investigation details, whether a homicide is
# domestic (the cast plants a marker in each).
OFFENCE_BLIND = frozenset({"support_worker", "other_support_worker", "volunteer", "other_volunteer", "analyst"})


def _shows_offence_data(response, name: str = "") -> bool:
    page = response.content.decode(errors="replace").lower()
    markers = ("offence-data-marker", "suspect", "domestic")
    if name.startswith("reporting:"):
        # Reports hold de-identified figures, not records: a report of Domestic Homicide Reviews names them.
        markers = ("offence-data-marker", "suspect")
    return any(marker in page for marker in markers)


@dataclass(frozen=True)
class Access:
    """Who may GET a URL, for a record inside (London) and outside (South East) the cast's London team's reach."""

    inside: frozenset
    kwargs: Callable | None = None
    outside_kwargs: Callable | None = None
    outside: frozenset = field(default_factory=frozenset)
    ok: frozenset = frozenset({200})
    query: str = ""
    method: str = "get"
    refused: int = 404  # what every other signed-in role gets


def person(c):
    return {"pk": c.person.pk}


def other_person(c):
    return {"pk": c.other_person.pk}


def homicide(c):
    return {"pk": c.homicide.pk}


def other_homicide(c):
    return {"pk": c.other_homicide.pk}


def _record(name: str) -> Callable:
    return lambda c: {"pk": getattr(c, name).pk}


PERSON_PAGE = Access(LONDON_CASE_RECORDS | {"volunteer"}, person, other_person, SOUTH_EAST_CASE_RECORDS)
CASEWORK_FORM = Access(LONDON_CASEWORK, person, other_person, SOUTH_EAST_CASEWORK)
AUDIT_PAGE = Access(
    frozenset({"national_manager", "team_leader"}),
    person,
    other_person,
    frozenset({"national_manager", "other_team_leader"}),
)
HOMICIDE_PAGE = Access(LONDON_CASE_RECORDS, homicide, other_homicide, SOUTH_EAST_CASE_RECORDS)
HOMICIDE_EDIT = Access(LONDON_CASEWORK, homicide, other_homicide, SOUTH_EAST_CASEWORK)
ALLOCATING = Access(
    frozenset({"national_manager", "team_leader"}),
    homicide,
    other_homicide,
    frozenset({"national_manager", "other_team_leader"}),
)
# The justice journey: whoever may edit the homicide (offence-data roles all).
JOURNEY_FORM = Access(
    LONDON_CASEWORK,
    lambda c: {"homicide_pk": c.homicide.pk},
    lambda c: {"homicide_pk": c.other_homicide.pk},
    SOUTH_EAST_CASEWORK,
)
JOURNEY_EVENT_FORM = Access(
    LONDON_CASEWORK,
    lambda c: {"pk": c.journey_event.pk},
    lambda c: {"pk": c.other_journey_event.pk},
    SOUTH_EAST_CASEWORK,
)

# Pages, by URL name. Sign-in pages are checked apart (they are for people not yet signed in).
PAGES: dict[str, Access] = {
    "frontend:home": Access(EVERYONE, ok=frozenset({302})),
    "frontend:search": Access(EVERYONE, query="?q=Testperson"),
    "accounts:account": Access(EVERYONE),
    "accounts:change-password": Access(EVERYONE),
    "accounts:backup-codes": Access(EVERYONE),
    "accounts:api-tokens": Access(EVERYONE),
    # Only the holder reaches their own token (the cast's case worker holds `api_token`).
    "accounts:api-token-revoke": Access(frozenset({"case_worker"}), lambda c: {"pk": c.api_token.pk}),
    "accounts:users": Access(frozenset({"national_manager", "team_leader", "other_team_leader"})),
    "accounts:user-deactivate": Access(
        frozenset({"national_manager", "team_leader"}),
        lambda c: {"pk": c.other_case_worker.pk},
        lambda c: {"pk": c.south_east_case_worker.pk},
        frozenset({"national_manager", "other_team_leader"}),
    ),
    "accounts:user-reset-second-factor": Access(
        frozenset({"national_manager", "team_leader"}),
        lambda c: {"pk": c.other_case_worker.pk},
        lambda c: {"pk": c.south_east_case_worker.pk},
        frozenset({"national_manager", "other_team_leader"}),
    ),
    "intake:notifications": Access(
        INTAKE | {"police_referrer", "other_police_referrer", "case_worker", "other_case_worker"}
    ),
    "intake:notification-new": Access(INTAKE | {"police_referrer", "other_police_referrer"}),
    "intake:notification-detail": Access(
        LONDON_CASE_RECORDS | {"police_referrer"},
        lambda c: {"pk": c.notification.pk},
        lambda c: {"pk": c.other_notification.pk},
        SOUTH_EAST_CASE_RECORDS,
    ),
    "intake:notification-link": Access(
        frozenset({"national_manager", "team_leader", "support_worker"}),
        lambda c: {"pk": c.unlinked_notification.pk},
        lambda c: {"pk": c.other_unlinked_notification.pk},
        frozenset({"national_manager", "other_team_leader", "other_support_worker"}),
    ),
    "intake:homicides": Access(LONDON_CASE_RECORDS | SOUTH_EAST_CASE_RECORDS | {"other_case_worker"}),
    "intake:homicide-detail": HOMICIDE_PAGE,
    "intake:homicide-edit": HOMICIDE_EDIT,
    "intake:homicide-allocate": ALLOCATING,
    "intake:homicide-no-referral": ALLOCATING,
    # Police liaison: whoever may allocate the homicide, or its case holder.
    "intake:homicide-police-liaison": HOMICIDE_EDIT,
    "casework:caseload": Access(frozenset({"team_leader", "other_team_leader", "case_worker", "other_case_worker"})),
    "casework:people": Access(LONDON_CASE_RECORDS | SOUTH_EAST_CASE_RECORDS | {"other_case_worker"}),
    "casework:person-new": Access(
        LONDON_CASE_RECORDS,
        lambda c: {"homicide_pk": c.homicide.pk},
        lambda c: {"homicide_pk": c.other_homicide.pk},
        SOUTH_EAST_CASE_RECORDS,
    ),
    "casework:person-detail": PERSON_PAGE,
    "casework:person-edit": Access(LONDON_CASE_RECORDS, person, other_person, SOUTH_EAST_CASE_RECORDS),
    "casework:consent-new": Access(LONDON_CASE_RECORDS, person, other_person, SOUTH_EAST_CASE_RECORDS),
    "casework:contact-new": Access(LONDON_CASEWORK | {"volunteer"}, person, other_person, SOUTH_EAST_CASEWORK),
    "casework:assessment-new": CASEWORK_FORM,
    "casework:support-new": CASEWORK_FORM,
    "casework:case-close": CASEWORK_FORM,
    "casework:case-reopen": CASEWORK_FORM,
    "casework:exit-plan": CASEWORK_FORM,
    "casework:volunteer-assign": CASEWORK_FORM,
    "casework:volunteer-task-end": Access(
        LONDON_CASEWORK,
        lambda c: {"pk": c.assignment.pk},
        lambda c: {"pk": c.other_assignment.pk},
        SOUTH_EAST_CASEWORK,
    ),
    "casework:action-complete": Access(
        LONDON_CASEWORK,
        lambda c: {"pk": c.action.pk},
        lambda c: {"pk": c.other_action.pk},
        SOUTH_EAST_CASEWORK,
        ok=frozenset({302}),
        method="post",
    ),
    "casework:covers": Access(frozenset({"national_manager", "team_leader", "other_team_leader"})),
    "casework:cover-new": Access(frozenset({"national_manager", "team_leader", "other_team_leader"})),
    "casework:cover-end": Access(
        frozenset({"national_manager", "team_leader"}),
        lambda c: {"pk": c.cover.pk},
        lambda c: {"pk": c.other_cover.pk},
        frozenset({"national_manager", "other_team_leader"}),
    ),
    "casework:cover-cancel": Access(
        frozenset({"national_manager", "team_leader"}),
        lambda c: {"pk": c.cover.pk},
        lambda c: {"pk": c.other_cover.pk},
        frozenset({"national_manager", "other_team_leader"}),
    ),
    "commissioning:providers": Access(LEADERS_ANYWHERE | {"case_worker", "other_case_worker"}),
    "commissioning:provider-new": Access(LEADERS_ANYWHERE),
    "commissioning:provider-edit": Access(LEADERS_ANYWHERE, lambda c: {"pk": c.provider.pk}),
    "commissioning:person-money": CASEWORK_FORM,
    "commissioning:service-new": CASEWORK_FORM,
    "commissioning:service-approve": Access(
        frozenset({"national_manager", "team_leader"}),
        lambda c: {"pk": c.service.pk},
        lambda c: {"pk": c.other_service.pk},
        frozenset({"national_manager", "other_team_leader"}),
    ),
    "commissioning:service-cost": Access(
        LONDON_CASEWORK, lambda c: {"pk": c.service.pk}, lambda c: {"pk": c.other_service.pk}, SOUTH_EAST_CASEWORK
    ),
    "commissioning:cica-new": CASEWORK_FORM,
    "commissioning:cica-status": Access(
        LONDON_CASEWORK, lambda c: {"pk": c.cica.pk}, lambda c: {"pk": c.other_cica.pk}, SOUTH_EAST_CASEWORK
    ),
    "commissioning:budgets": Access(LEADERS_ANYWHERE),
    "commissioning:budget": Access(
        frozenset({"national_manager", "team_leader"}),
        lambda c: {"region_pk": c.london.pk},
        lambda c: {"region_pk": c.south_east.pk},
        frozenset({"national_manager", "other_team_leader"}),
    ),
    "commissioning:budget-set": Access(
        NATIONAL, lambda c: {"region_pk": c.london.pk}, lambda c: {"region_pk": c.south_east.pk}, NATIONAL
    ),
    "justice:event-new": JOURNEY_FORM,
    "justice:defendant-new": JOURNEY_FORM,
    "justice:event-correct": JOURNEY_EVENT_FORM,
    "justice:event-error": JOURNEY_EVENT_FORM,
    # Corrections: whoever may record that kind of record for the person. The volunteer reaches their own contact
    # (cast.volunteer_contact, on the correction page) and not a case worker's (cast.contact, on the error page).
    "casework:contact-correct": Access(
        LONDON_CASEWORK | {"volunteer"}, _record("volunteer_contact"), _record("other_contact"), SOUTH_EAST_CASEWORK
    ),
    "casework:contact-error": Access(
        LONDON_CASEWORK, _record("contact"), _record("other_contact"), SOUTH_EAST_CASEWORK
    ),
    "casework:assessment-correct": Access(
        LONDON_CASEWORK, _record("assessment"), _record("other_assessment"), SOUTH_EAST_CASEWORK
    ),
    "casework:assessment-error": Access(
        LONDON_CASEWORK, _record("assessment"), _record("other_assessment"), SOUTH_EAST_CASEWORK
    ),
    "casework:support-correct": Access(
        LONDON_CASEWORK, _record("support"), _record("other_support"), SOUTH_EAST_CASEWORK
    ),
    "casework:support-error": Access(
        LONDON_CASEWORK, _record("support"), _record("other_support"), SOUTH_EAST_CASEWORK
    ),
    "casework:consent-correct": Access(
        LONDON_CASE_RECORDS, _record("consent"), _record("other_consent"), SOUTH_EAST_CASE_RECORDS
    ),
    "casework:consent-error": Access(
        LONDON_CASE_RECORDS, _record("consent"), _record("other_consent"), SOUTH_EAST_CASE_RECORDS
    ),
    # Risk and safeguarding: offence-data roles holding the person's casework (a volunteer sees the current level
    # and safety measures on the person's page only).
    "safeguarding:person-risk": CASEWORK_FORM,
    "safeguarding:risk-check-new": CASEWORK_FORM,
    "safeguarding:person-concerns": CASEWORK_FORM,
    "safeguarding:concern-new": CASEWORK_FORM,
    "safeguarding:concern-update": Access(
        LONDON_CASEWORK, lambda c: {"pk": c.concern.pk}, lambda c: {"pk": c.other_concern.pk}, SOUTH_EAST_CASEWORK
    ),
    # Domestic Homicide Reviews: as the justice journey (the cast's homicides are domestic, each with a review).
    "reviews:review": JOURNEY_FORM,
    "reviews:review-open": JOURNEY_FORM,
    "reviews:review-step": Access(
        LONDON_CASEWORK,
        lambda c: {"homicide_pk": c.homicide.pk, "step": "chair"},
        lambda c: {"homicide_pk": c.other_homicide.pk, "step": "chair"},
        SOUTH_EAST_CASEWORK,
    ),
    "reviews:offer-new": JOURNEY_FORM,
    "reviews:offer-answer": Access(
        LONDON_CASEWORK,
        lambda c: {"pk": c.advocacy_offer.pk},
        lambda c: {"pk": c.other_advocacy_offer.pk},
        SOUTH_EAST_CASEWORK,
    ),
    "reviews:meeting-new": JOURNEY_FORM,
    "audit:person-history": AUDIT_PAGE,
    "audit:person-access-log": AUDIT_PAGE,
    # Reports hold no record whose existence could leak: a role that may not read them is told so (403).
    "reporting:index": Access(REPORT_READERS, refused=403),
    "reporting:b1": Access(REPORT_READERS, refused=403),
    "reporting:b9": Access(REPORT_READERS, refused=403),
    "reporting:b2": Access(REPORT_READERS, refused=403),
    "reporting:b3": Access(REPORT_READERS, refused=403),
    "reporting:b4": Access(REPORT_READERS, refused=403),
    "reporting:b5": Access(REPORT_READERS, refused=403),
    "reporting:b6": Access(REPORT_READERS, refused=403),
    "reporting:b7": Access(REPORT_READERS, refused=403),
    "reporting:b8": Access(REPORT_READERS, refused=403),
    "reporting:m1": Access(REPORT_READERS, refused=403),
    "reporting:m2": Access(REPORT_READERS, refused=403),
    "reporting:m3": Access(REPORT_READERS, refused=403),
    # Counts of domestic homicides (offence data): not for analysts.
    "reporting:dhr": Access(REPORT_READERS - {"analyst"}, refused=403),
    "reporting:m4": Access(REPORT_READERS, refused=403),
    "reporting:police-coverage": Access(REPORT_READERS, refused=403),
    # Outcome measures are casework; equality data is the case holder's, their team leader's and the national
    # manager's only (support workers and volunteers never; analysts only in report M5).
    "outcomes:person-outcomes": CASEWORK_FORM,
    "outcomes:measure-new": CASEWORK_FORM,
    "equality:person-equality": CASEWORK_FORM,
    "reporting:m5": Access(REPORT_READERS, refused=403),
    "reporting:m6": Access(REPORT_READERS, refused=403),
    "reporting:police-figures-upload": Access(NATIONAL, refused=403),
    # Volunteering: the volunteer's own pages; updates and finding a volunteer for whoever gives the tasks.
    "volunteering:home": Access(frozenset({"volunteer", "other_volunteer"})),
    "volunteering:contact-new": Access(frozenset({"volunteer", "other_volunteer"})),
    "volunteering:update-new": Access(
        LONDON_CASEWORK,
        lambda c: {"pk": c.assignment.pk},
        lambda c: {"pk": c.other_assignment.pk},
        SOUTH_EAST_CASEWORK,
    ),
    "volunteering:find": CASEWORK_FORM,
    # Languages and availability: everyone who may be matched to a family keeps their own; leaders their team's.
    "volunteering:profile": Access(EVERYONE - {"police_referrer", "other_police_referrer", "analyst"}),
    "volunteering:member-profile": Access(
        frozenset({"national_manager", "team_leader"}),
        lambda c: {"pk": c.volunteer.pk},
        lambda c: {"pk": c.south_east_case_worker.pk},
        frozenset({"national_manager", "other_team_leader"}),
    ),
    "reporting:b10": Access(REPORT_READERS, refused=403),
    "reporting:m7": Access(REPORT_READERS, refused=403),
    "reporting:board-pack": Access(REPORT_READERS, refused=403),
    # Case workers read their own figures on the dashboard.
    "reporting:dashboard": Access(REPORT_READERS | {"case_worker", "other_case_worker"}, refused=403),
    "teams:home": Access(LEADERS_ANYWHERE),
    "teams:caseload": Access(LEADERS_ANYWHERE),
}

# Pages for everyone, signed in or not: signing in, and the API's description.
PUBLIC = {
    "accounts:sign-in",
    "accounts:sign-out",
    "accounts:second-factor",
    "accounts:set-up-second-factor",
    "api:schema",
    "api:docs",
}

NOT_CHECKED_HERE = {"api"}  # the API has its own matrix in api/tests; see test_every_api_endpoint_is_in_its_matrix


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                continue
            names |= _url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _page_names() -> set[str]:
    return {name for name in _url_names() if name.split(":")[0] not in NOT_CHECKED_HERE}


def test_every_page_is_in_the_matrix():
    missing = _page_names() - set(PAGES) - PUBLIC
    assert not missing, f"URL names not covered by the permission matrix: {sorted(missing)}"


def test_the_matrix_names_only_real_pages():
    assert not (set(PAGES) | PUBLIC) - _url_names()


def add_page_records(cast) -> None:
    """What the pages of the matrix need beside the cast: unlinked notifications for the linking page, a South East
    volunteer task, journey events in each region (the London one carrying the offence-data marker, so that a
    journey shown to a blind role is caught), the case worker's API token and a review in each region. The access-log
    test uses it too."""
    from accounts.actions import create_api_token
    from intake.tests.helpers import add_police_liaison
    from reviews.tests.helpers import add_reviews
    from tests import factories as f

    cast.unlinked_notification = f.NotificationFactory(region=cast.london, submitted_by=cast.support_worker)
    cast.other_unlinked_notification = f.NotificationFactory(
        region=cast.south_east,
        police_force=f.police_force_in(cast.south_east),
        submitted_by=cast.other_support_worker,
    )
    south_east_volunteer = f.UserFactory(role="volunteer", region=cast.south_east)
    cast.other_assignment = f.VolunteerAssignmentFactory(
        volunteer=south_east_volunteer, person=cast.other_person, assigned_by=cast.south_east_case_worker
    )
    cast.journey_event = f.JourneyEventFactory(
        homicide=cast.homicide, recorded_by=cast.case_worker, notes="OFFENCE-DATA-MARKER"
    )
    cast.other_journey_event = f.JourneyEventFactory(
        homicide=cast.other_homicide, recorded_by=cast.south_east_case_worker
    )
    cast.api_token, _ = create_api_token(user=cast.case_worker, name="Script")
    add_reviews(cast)
    add_police_liaison(cast)
    for person, by in ((cast.person, cast.case_worker), (cast.other_person, cast.south_east_case_worker)):
        f.OutcomeMeasureFactory(person=person, recorded_by=by)
        f.EqualityRecordFactory(person=person)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The cast, built once for the module inside a transaction rolled back after it (each test runs in a savepoint
    of it), plus the pages' records (`add_page_records`) and both homicides marked domestic (offence data the blind
    roles must not see)."""
    from django.db import transaction

    from conftest import make_cast
    from intake.models import Homicide

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cast = make_cast()
            add_page_records(cast)
            Homicide.objects.update(is_domestic=True)
            yield cast
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(module_world, db):
    return module_world


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_role_reaches_only_what_it_may(world, client, name):
    """All roles on one URL in one test (the cast is built once): every leak is listed, not just the first."""
    access = PAGES[name]
    problems = []
    for reach, build, allowed in (
        ("inside", access.kwargs, access.inside),
        ("outside", access.outside_kwargs, access.outside),
    ):
        if reach == "outside" and build is None:
            continue
        url = reverse(name, kwargs=build(world) if build else None) + access.query
        for role in ROLES:
            client.logout()
            response = getattr(sign_in(client, getattr(world, role)), access.method)(url)
            if role in OFFENCE_BLIND and _shows_offence_data(response, name):
                problems.append(f"{role} was shown criminal offence data at {url}")
            if role in allowed and response.status_code not in access.ok:
                problems.append(f"{role} should reach {url} ({reach}), got {response.status_code}")
            elif role not in allowed and response.status_code != access.refused:
                problems.append(f"{role} must get {access.refused} at {url} ({reach}), got {response.status_code}")
    assert not problems, "\n".join(problems)


def _any_url(world, name):
    access = PAGES[name]
    return reverse(name, kwargs=access.kwargs(world) if access.kwargs else None)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(world, client, name):
    response = client.get(_any_url(world, name))
    assert response.status_code in {302, 405}
    if response.status_code == 302 and name != "frontend:home":
        assert response.headers["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_password_alone_opens_no_page(world, signed_in, name):
    client = signed_in(world.national_manager, second_factor=False)
    response = client.get(_any_url(world, name))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:second-factor"))
