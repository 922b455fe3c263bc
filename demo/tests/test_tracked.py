"""Writing demo records in bulk keeps the same change history as writing them one by one: an event per record, under
a context naming who seeded it, holding the record as written; other triggers still run."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import BereavedPerson, ClosureReason, Contact, ContactKind
from demo import tracked
from tests import factories as f


def _contacts(cast, number):
    return [
        Contact(
            person=cast.person,
            kind=ContactKind.VISIT,
            made_by=cast.case_worker,
            occurred_at=timezone.now(),
            duration_minutes=10 + n,
        )
        for n in range(number)
    ]


def test_create_writes_one_insert_event_per_record_under_one_context(cast):
    created = tracked.create(_contacts(cast, 30), batch_size=7, user=cast.case_worker.pk, action="seed_demo")

    events = Contact.pgh_event_model.objects.filter(pgh_obj_id__in=[c.pk for c in created])
    assert sorted(events.values_list("pgh_obj_id", "pgh_label", "duration_minutes")) == sorted(
        (c.pk, "insert", c.duration_minutes) for c in created
    )
    assert list(events.values_list("pgh_context__metadata", flat=True).distinct()) == [
        {"user": cast.case_worker.pk, "action": "seed_demo"}
    ]


def test_the_row_triggers_do_not_write_history_while_records_are_created(cast):
    with CaptureQueriesContext(connection) as queries:
        tracked.create(_contacts(cast, 5), action="seed_demo")

    # Each event written once, by the one INSERT ... SELECT (the row trigger would have written it a second time).
    assert Contact.pgh_event_model.objects.filter(pgh_label="insert", duration_minutes__lt=15).count() == 5
    assert sum("pghistory_context" in q["sql"] for q in queries.captured_queries) == 1


def test_update_writes_an_update_event_and_leaves_the_other_triggers_running(cast):
    f.PersonFactory(homicide=cast.homicide, referred_at=timezone.now())
    people = list(BereavedPerson.objects.filter(homicide=cast.homicide))
    for each in people:
        each.closed_on, each.closure_reason = timezone.localdate(), ClosureReason.OTHER

    tracked.update(people, ["closed_on", "closure_reason"], action="seed_demo")

    updates = BereavedPerson.pgh_event_model.objects.filter(pgh_label="update", pgh_obj_id__in=[p.pk for p in people])
    assert sorted(updates.values_list("pgh_obj_id", "closed_on")) == sorted(
        (p.pk, timezone.localdate()) for p in people
    )
    assert updates.filter(pgh_context__metadata={"action": "seed_demo"}).count() == len(people)
    # The homicide's own trigger still saw every case finish.
    cast.homicide.refresh_from_db()
    assert cast.homicide.cases_finished is True


def test_update_where_records_only_the_rows_it_changed(cast):
    kept, marked = tracked.create(_contacts(cast, 2), action="seed_demo")

    changed = tracked.update_where(
        Contact.objects.filter(pk=marked.pk), {"entered_in_error": True, "error_reason": "Twice"}, action="seed_demo"
    )

    assert changed == 1
    assert list(
        Contact.pgh_event_model.objects.filter(pgh_label="update").values_list("pgh_obj_id", "entered_in_error")
    ) == [(marked.pk, True)]
