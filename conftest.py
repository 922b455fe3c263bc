"""Shared test fixtures: a fixed cast of users (one per role, inside and outside a record's reach)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

# WAYPOINT_ENV=test and DATABASE_URL (the running PostgreSQL, never the embedded one) are set in pyproject.toml.


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is made (and migrated) as its owner; the tests then work as the application's restricted
    role, like the web server (waypoint/wsgi.py), so code needing more rights than the application has fails here."""
    from waypoint.database import use_application_role, use_owner_role

    with django_db_blocker.unblock():
        use_application_role()
    yield
    with django_db_blocker.unblock():
        use_owner_role()


def verified_device(user):
    """A confirmed TOTP device for `user` (created once)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, user, *, second_factor: bool = True):
    """Sign `client` in as `user`, with the one-time code step done unless `second_factor` is False."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.middleware import REFRESHED_AT, SIGNED_IN_AT

    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = session[REFRESHED_AT] = time.time()  # as the sign-in page does
    if second_factor:
        session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
    return client


@pytest.fixture
def signed_in(client):
    """`signed_in(user)` gives a test client signed in with both factors."""

    def _sign_in(user, *, second_factor: bool = True):
        return sign_in(client, user, second_factor=second_factor)

    return _sign_in


@pytest.fixture
def cast(db):
    """One user of every role, and records inside and outside their reach.

    Inside: `homicide` (London, led by `case_worker`) with `person`, their consent, contact, assessment,
    agreed action, support, a task for `volunteer`, and a police `notification` by `police_referrer`.
    Outside: `other_homicide` (South East) with `other_person` and the same records.
    """
    return make_cast()


def make_cast() -> SimpleNamespace:
    """The records behind `cast`, for fixtures of a wider scope (the browser tests share one committed cast)."""
    from accounts.models import Role
    from tests import factories as f

    london, south_east = f.region("london"), f.region("south-east-east")
    c = SimpleNamespace(london=london, south_east=south_east)
    c.national_manager = f.UserFactory(role=Role.NATIONAL_MANAGER, region=None, full_name="Nina National")
    c.team_leader = f.UserFactory(role=Role.TEAM_LEADER, region=london, full_name="Tara Leader")
    c.other_team_leader = f.UserFactory(role=Role.TEAM_LEADER, region=south_east, full_name="Otto Leader")
    c.case_worker = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Casey Worker")
    c.other_case_worker = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Olly Worker")
    c.south_east_case_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east, full_name="Sam Eastworker")
    c.support_worker = f.UserFactory(role=Role.SUPPORT_WORKER, region=london, full_name="Sue Support")
    c.other_support_worker = f.UserFactory(role=Role.SUPPORT_WORKER, region=south_east, full_name="Seb Support")
    c.volunteer = f.UserFactory(role=Role.VOLUNTEER, region=london, full_name="Val Volunteer")
    c.other_volunteer = f.UserFactory(role=Role.VOLUNTEER, region=london, full_name="Vic Volunteer")
    met = london.police_forces.get(name="Metropolitan Police")
    c.police_referrer = f.UserFactory(role=Role.POLICE_REFERRER, region=None, police_force=met, full_name="Pat Police")
    c.other_police_referrer = f.UserFactory(
        role=Role.POLICE_REFERRER, region=None, police_force=met, full_name="Phil Police"
    )
    c.analyst = f.UserFactory(role=Role.ANALYST, region=None, full_name="Ana Lyst")

    for prefix, reg, lead in (("", london, c.case_worker), ("other_", south_east, c.south_east_case_worker)):
        homicide = f.HomicideFactory(
            region=reg, lead_case_worker=lead, suspect_in_family=True, investigation_notes="OFFENCE-DATA-MARKER"
        )
        person = f.PersonFactory(homicide=homicide)
        setattr(c, f"{prefix}homicide", homicide)
        setattr(c, f"{prefix}person", person)
        setattr(c, f"{prefix}consent", f.ConsentFactory(person=person, recorded_by=lead))
        setattr(c, f"{prefix}contact", f.ContactFactory(person=person, made_by=lead))
        assessment = f.AssessmentFactory(person=person, assessed_by=lead)
        setattr(c, f"{prefix}assessment", assessment)
        setattr(c, f"{prefix}action", f.AgreedActionFactory(assessment=assessment))
        setattr(c, f"{prefix}support", f.SupportFactory(person=person, recorded_by=lead))
        setattr(c, f"{prefix}episode", person.episodes.get())
    c.assignment = f.VolunteerAssignmentFactory(volunteer=c.volunteer, person=c.person, assigned_by=c.case_worker)
    c.volunteer_contact = f.ContactFactory(person=c.person, made_by=c.volunteer, by_volunteer=True)
    c.notification = f.NotificationFactory(
        region=london, police_force=met, homicide=c.homicide, submitted_by=c.police_referrer
    )
    c.other_notification = f.NotificationFactory(
        region=south_east,
        police_force=f.police_force_in(south_east),
        homicide=c.other_homicide,
        submitted_by=c.other_support_worker,
    )
    # The cast's volunteer's availability, area and travel (the volunteer profiles' endpoint acts on it).
    c.volunteer_profile = f.VolunteerProfileFactory(volunteer=c.volunteer)
    c.other_volunteer_profile = f.VolunteerProfileFactory(
        volunteer=c.other_volunteer,
        available_days=["mon"],
        availability_notes="Evenings",
        area_notes="Walks only",
    )
    # Upcoming cover (it gives nobody any reach today), one per region: the covers' pages and endpoints act on them.
    c.cover = f.CoverFactory(
        absent_worker=c.other_case_worker, covering_worker=c.team_leader, arranged_by=c.team_leader
    )
    c.other_cover = f.CoverFactory(
        absent_worker=c.south_east_case_worker, covering_worker=c.other_team_leader, arranged_by=c.other_team_leader
    )
    from commissioning.tests.helpers import add_commissioning

    add_commissioning(c)
    # Updates sent to volunteers: to the cast's volunteer, and to a South East volunteer about `other_person`.
    c.volunteer_update = f.VolunteerUpdateFactory(assignment=c.assignment, sent_by=c.case_worker)
    c.other_volunteer_update = f.VolunteerUpdateFactory(
        assignment=f.VolunteerAssignmentFactory(
            volunteer=f.UserFactory(role=Role.VOLUNTEER, region=south_east, full_name="Sol Volunteer"),
            person=c.other_person,
            assigned_by=c.south_east_case_worker,
        ),
        sent_by=c.south_east_case_worker,
    )
    from safeguarding.tests.helpers import add_safeguarding

    add_safeguarding(c)
    return c
