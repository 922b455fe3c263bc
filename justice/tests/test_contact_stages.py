"""Each contact's stage of the case is kept by the database (casework.models.Contact.case_stage): the stage
`justice.queries.current_stage` gives for the contact's day, as contacts are written and moved and as the journey
changes. M7 (reporting/stages.py) reads it."""

import random
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from casework.models import CONTACT_STAGES_SQL, CaseStage, Contact, contact_stages_sql
from justice import actions
from justice.models import EventKind, JourneyEvent
from justice.queries import current_stage
from tests import factories as f

pytestmark = pytest.mark.django_db
DIED = date(2025, 1, 10)


def _at(day: date, hour: int = 12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _stage(contact: Contact) -> str:
    contact.refresh_from_db(fields=["case_stage"])
    return contact.case_stage


@pytest.fixture
def homicide():
    return f.HomicideFactory(date_of_death=DIED)


@pytest.fixture
def person(homicide):
    return f.PersonFactory(homicide=homicide, referred_at=_at(DIED + timedelta(days=2)))


def test_a_contact_takes_the_stage_of_its_day_as_it_is_written_and_moved(homicide, person):
    f.JourneyEventFactory(homicide=homicide, kind=EventKind.CHARGE, occurred_on=DIED + timedelta(days=5))
    f.JourneyEventFactory(homicide=homicide, kind=EventKind.TRIAL_STARTED, occurred_on=DIED + timedelta(days=100))
    before = f.ContactFactory(person=person, occurred_at=_at(DIED + timedelta(days=3)))
    between = f.ContactFactory(person=person, occurred_at=_at(DIED + timedelta(days=5), 9))
    during = f.ContactFactory(person=person, occurred_at=_at(DIED + timedelta(days=120)))

    assert [_stage(c) for c in (before, between, during)] == [
        CaseStage.INVESTIGATION,
        CaseStage.PRE_TRIAL,
        CaseStage.TRIAL,
    ]
    before.occurred_at = _at(DIED + timedelta(days=101))
    before.save()
    assert _stage(before) == CaseStage.TRIAL


def test_the_contacts_follow_the_journey_as_it_is_recorded_corrected_and_marked_in_error(homicide, person):
    worker = f.UserFactory(role="case_worker", region=homicide.region)
    homicide.lead_case_worker = worker
    homicide.save()
    contact = f.ContactFactory(person=person, occurred_at=_at(DIED + timedelta(days=30)))
    assert _stage(contact) == CaseStage.INVESTIGATION

    event = actions.record_journey_event(
        homicide=homicide, by=worker, kind=EventKind.FIRST_HEARING, occurred_on=DIED + timedelta(days=20)
    )
    assert _stage(contact) == CaseStage.PRE_TRIAL

    actions.correct_journey_event(event=event, by=worker, reason="Wrong day", occurred_on=DIED + timedelta(days=40))
    assert _stage(contact) == CaseStage.INVESTIGATION

    inquest = actions.record_journey_event(
        homicide=homicide, by=worker, kind=EventKind.INQUEST_OPENED, occurred_on=DIED + timedelta(days=25)
    )
    assert _stage(contact) == CaseStage.INQUEST

    actions.mark_journey_event_in_error(event=inquest, by=worker, reason="Another family's")
    assert _stage(contact) == CaseStage.INVESTIGATION


def test_a_stage_kept_by_the_database_is_not_a_change_in_the_contacts_history(homicide, person):
    contact = f.ContactFactory(person=person, occurred_at=_at(DIED + timedelta(days=30)))
    events = Contact.pgh_event_model.objects.filter(pgh_obj_id=contact.pk)
    before = events.count()

    f.JourneyEventFactory(homicide=homicide, kind=EventKind.CHARGE, occurred_on=DIED + timedelta(days=20))

    assert _stage(contact) == CaseStage.PRE_TRIAL
    assert events.count() == before


def test_the_kept_stages_equal_current_stage_on_random_journeys():
    """Many homicides with random events (several on one day, inquests, events in error) and contacts on random days:
    every contact's stage is what `current_stage` says for its day."""
    rng = random.Random(7)
    kinds = list(EventKind)
    contacts = []
    for _ in range(12):
        homicide = f.HomicideFactory(date_of_death=DIED)
        person = f.PersonFactory(homicide=homicide, referred_at=_at(DIED))
        for _ in range(rng.randint(0, 8)):
            f.JourneyEventFactory(
                homicide=homicide,
                kind=rng.choice(kinds),
                occurred_on=DIED + timedelta(days=rng.choice([3, 3, 10, 40, 40, 90, 200])),
                entered_in_error=rng.random() < 0.15,
                error_reason="Test",
            )
        for _ in range(6):
            contacts.append(
                f.ContactFactory(person=person, occurred_at=_at(DIED + timedelta(days=rng.randint(0, 260))))
            )

    for contact in contacts:
        events = JourneyEvent.objects.filter(homicide=contact.person.homicide_id)
        assert _stage(contact) == current_stage(events, today=timezone.localdate(contact.occurred_at)), contact.pk


def test_the_bulk_update_sets_what_the_triggers_would(homicide, person):
    f.JourneyEventFactory(homicide=homicide, kind=EventKind.VERDICT, occurred_on=DIED + timedelta(days=50))
    contact = f.ContactFactory(person=person, occurred_at=_at(DIED + timedelta(days=60)))
    Contact.objects.filter(pk=contact.pk).update(case_stage="")

    with connection.cursor() as cursor:
        cursor.execute(contact_stages_sql("c2.id = %s"), [contact.pk])

    assert _stage(contact) == CaseStage.POST_TRIAL
    assert "IS DISTINCT FROM" in CONTACT_STAGES_SQL  # rows already right are not written again
