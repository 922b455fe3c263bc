"""Factories for synthetic test records. Every name here is invented."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Role, User
from casework.models import (
    AgeGroup,
    AgreedAction,
    BereavedPerson,
    CaseEpisode,
    CaseStage,
    ConsentDecision,
    ConsentOutcome,
    Contact,
    ContactKind,
    NeedsAssessment,
    Relationship,
    SupportGiven,
    SupportType,
    VolunteerAssignment,
)
from intake.models import Homicide, Notification, NotificationSource, OffenceType
from justice.models import Defendant, JourneyEvent
from organisation.models import PoliceForce, Region

TEST_PASSWORD = "correct horse battery staple 42"


def region(code: str = "london") -> Region:
    return Region.objects.get(code=code)


def police_force_in(region_obj: Region) -> PoliceForce:
    return region_obj.police_forces.order_by("name").first()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@waypoint.test")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    role = Role.CASE_WORKER
    region = factory.LazyFunction(region)
    password = factory.django.Password(TEST_PASSWORD)


class HomicideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Homicide

    reference = factory.Sequence(lambda n: f"HOM-T-{n:05d}")
    region = factory.LazyFunction(region)
    police_force = factory.LazyAttribute(lambda o: police_force_in(o.region))
    victim_first_name = factory.Sequence(lambda n: f"Victim{n}")
    victim_last_name = "Testperson"
    date_of_death = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    place = "Invented Street, Testtown"
    offence_type = OffenceType.MURDER


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    reference = factory.Sequence(lambda n: f"NOT-T-{n:05d}")
    source = NotificationSource.POLICE
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=59))
    region = factory.LazyFunction(region)
    police_force = factory.LazyAttribute(lambda o: police_force_in(o.region))
    notifier_name = "DS Invented Officer"
    victim_first_name = "Victim"
    victim_last_name = "Testperson"
    date_of_death = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    offence_type = OffenceType.MURDER
    submitted_by = factory.SubFactory(UserFactory, role=Role.SUPPORT_WORKER)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BereavedPerson
        skip_postgeneration_save = True

    homicide = factory.SubFactory(HomicideFactory)
    first_name = factory.Sequence(lambda n: f"Bereaved{n}")
    last_name = "Testperson"
    age_group = AgeGroup.ADULT
    relationship_to_victim = Relationship.PARENT
    phone = "07700 900000"
    referred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=55))

    @factory.post_generation
    def episode(obj, create, extracted, **kwargs):
        """A referred person has the episode the consent action opens (closed as their case is), unless
        `episode=False`."""
        if create and obj.referred_at is not None and extracted is not False:
            CaseEpisode.objects.create(
                person=obj,
                opened_at=obj.referred_at,
                closed_on=obj.closed_on,
                closure_reason=(obj.closure_reason or "other") if obj.closed_on else "",
                closure_notes=obj.closure_notes,
            )


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentDecision

    person = factory.SubFactory(PersonFactory)
    outcome = ConsentOutcome.REFERRED
    decided_at = factory.LazyAttribute(lambda o: o.person.referred_at or timezone.now())
    recorded_by = factory.SubFactory(UserFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    person = factory.SubFactory(PersonFactory)
    kind = ContactKind.VISIT
    made_by = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=50))
    duration_minutes = 60
    notes = "Synthetic contact note"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsAssessment

    person = factory.SubFactory(PersonFactory)
    kind = "initial"
    case_stage = CaseStage.PRE_TRIAL
    assessed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=50))
    assessed_by = factory.SubFactory(UserFactory)


class AgreedActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreedAction

    assessment = factory.SubFactory(AssessmentFactory)
    description = "Synthetic agreed action"
    review_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportGiven

    person = factory.SubFactory(PersonFactory)
    support_type = factory.LazyFunction(lambda: SupportType.objects.get(code="emotional-support"))
    given_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=45))
    case_stage = CaseStage.PRE_TRIAL
    recorded_by = factory.SubFactory(UserFactory)


class VolunteerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerAssignment

    volunteer = factory.SubFactory(UserFactory, role=Role.VOLUNTEER)
    person = factory.SubFactory(PersonFactory)
    task = "Home visit"
    assigned_by = factory.SubFactory(UserFactory)


class DefendantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Defendant

    homicide = factory.SubFactory(HomicideFactory)
    name = factory.Sequence(lambda n: f"Invented Defendant{n}")
    added_by = factory.SubFactory(UserFactory)


class JourneyEventFactory(factory.django.DjangoModelFactory):
    """An event written straight to the database (tests of the rules go through justice.actions)."""

    class Meta:
        model = JourneyEvent

    homicide = factory.SubFactory(HomicideFactory)
    kind = "arrest"
    occurred_on = factory.LazyAttribute(lambda o: o.homicide.date_of_death + timedelta(days=1))
    recorded_by = factory.SubFactory(UserFactory)


# ---- Domestic Homicide Reviews (reviews) ----------------------------------------------------------------------


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review decided on, written straight to the database (tests of the rules go through reviews.actions). The
    homicide is marked domestic."""

    class Meta:
        model = "reviews.DomesticHomicideReview"

    homicide = factory.SubFactory(HomicideFactory, is_domestic=True)
    partnership = "Invented Community Safety Partnership"
    decision = "review"
    decided_on = factory.LazyAttribute(lambda o: o.homicide.date_of_death + timedelta(days=20))
    opened_by = factory.SubFactory(UserFactory)


class AdvocacyOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.AdvocacyOffer"

    review = factory.SubFactory(ReviewFactory)
    organisation = "aafda"
    offered_on = factory.LazyAttribute(lambda o: o.review.homicide.date_of_death + timedelta(days=25))
    outcome = "accepted"
    recorded_by = factory.SubFactory(UserFactory)


class ChairMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.ChairMeeting"

    review = factory.SubFactory(ReviewFactory)
    met_on = factory.LazyAttribute(lambda o: o.review.homicide.date_of_death + timedelta(days=40))
    attendees = "The chair, the victim's sister, the case worker"
    recorded_by = factory.SubFactory(UserFactory)


class CoverFactory(factory.django.DjangoModelFactory):
    """Cover written straight to the database, upcoming by default (tests of the rules go through the actions)."""

    class Meta:
        model = "casework.Cover"

    covering_worker = factory.SubFactory(UserFactory)
    absent_worker = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=7))
    arranged_by = factory.SubFactory(UserFactory, role=Role.TEAM_LEADER)
    reason = "leave"


# ---- Volunteering -------------------------------------------------------------------------------------------


class VolunteerUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteering.VolunteerUpdate"

    assignment = factory.SubFactory(VolunteerAssignmentFactory)
    text = "The family would welcome a visit next week."
    sent_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    sent_by = factory.SubFactory(UserFactory)


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteering.VolunteerProfile"

    volunteer = factory.SubFactory(UserFactory, role=Role.VOLUNTEER)
    available_days = factory.LazyFunction(lambda: ["tue", "thu"])
    availability_notes = "Mornings"
    area_notes = "Drives; within 15 miles of home"


# ---- Outcomes and equality ----------------------------------------------------------------------------------


class OutcomeMeasureFactory(factory.django.DjangoModelFactory):
    """A measure written straight to the database, with the same score (`score`, default 3) in every category in
    use. Tests of the rules go through outcomes.actions."""

    class Meta:
        model = "outcomes.OutcomeMeasure"
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    point = "start"
    measured_on = factory.LazyAttribute(lambda o: timezone.localdate(o.person.referred_at) + timedelta(days=1))
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def score(self, create, extracted, **kwargs):
        from outcomes.models import OutcomeCategory, OutcomeScore

        value = 3 if extracted is None else extracted
        OutcomeScore.objects.bulk_create(
            OutcomeScore(measure=self, category=category, score=value)
            for category in OutcomeCategory.objects.filter(is_active=True)
        )


class EqualityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "equality.EqualityRecord"

    person = factory.SubFactory(PersonFactory)
    ethnic_group = "asian_indian"
    age_band = "45_54"
    sex = "female"
    gender_same_as_at_birth = "yes"
    disabled = "no"
    religion = "hindu"
    sexual_orientation = "straight"
    first_language = "english"
