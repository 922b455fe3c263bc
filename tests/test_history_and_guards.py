"""Change history and access log: written by the actions, and unchangeable in the database itself."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from audit.access_log import log_access
from audit.models import AccessLog
from casework import actions
from casework.models import BereavedPersonEvent, ContactEvent
from waypoint.database import as_owner

# The application's role may not change these rows at all (tests/test_database_role.py); the triggers below refuse
# it to the tables' owner too, so these tests run as the owner.


def test_an_action_writes_history_with_who_made_the_change(cast):
    actions.update_person(person=cast.person, by=cast.case_worker, phone="07700 900123")

    event = BereavedPersonEvent.objects.filter(pgh_obj=cast.person).order_by("-pgh_id").first()
    assert event.pgh_label == "update"
    assert event.phone == "07700 900123"
    assert event.pgh_context.metadata["user"] == cast.case_worker.pk
    assert event.pgh_context.metadata["action"] == "update_person"


def test_a_deleted_record_keeps_its_history(cast):
    contact_id = cast.contact.pk
    cast.contact.delete()

    labels = list(ContactEvent.objects.filter(pgh_obj_id=contact_id).values_list("pgh_label", flat=True))
    assert "delete" in labels


@pytest.mark.parametrize("statement", ["UPDATE {table} SET pgh_label = 'x'", "DELETE FROM {table}"])
def test_history_rows_cannot_be_changed_or_deleted_in_the_database(cast, statement):
    actions.update_person(person=cast.person, by=cast.case_worker, phone="07700 900124")
    with (
        as_owner(connection),
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(table=BereavedPersonEvent._meta.db_table))


@pytest.mark.parametrize("statement", ["UPDATE {table} SET view_name = 'x'", "DELETE FROM {table}"])
def test_access_log_rows_cannot_be_changed_or_deleted_in_the_database(cast, statement):
    log_access(cast.case_worker, person=cast.person, view_name="person-detail")
    with (
        as_owner(connection),
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(table=AccessLog._meta.db_table))


def test_access_log_rows_cannot_be_changed_through_the_orm(cast):
    log_access(cast.case_worker, person=cast.person, view_name="person-detail")
    row = AccessLog.objects.get()
    row.view_name = "tampered"
    with as_owner(connection):
        with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
            row.save()
        with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
            AccessLog.objects.all().delete()


def test_access_log_holds_ids_not_personal_data(cast):
    log_access(cast.case_worker, person=cast.person, view_name="person-detail")
    row = AccessLog.objects.values().get()
    assert cast.person.first_name not in str(row)
    assert row["homicide_id"] == cast.homicide.pk
    assert row["accessed_at"] <= timezone.now() + timedelta(seconds=1)


def test_needs_found_by_an_assessment_are_in_the_history(cast):
    from casework.models import AssessmentNeedEvent, NeedType

    need = NeedType.objects.first()
    assessment = actions.record_assessment(
        person=cast.person,
        by=cast.case_worker,
        kind="initial",
        case_stage="investigation",
        assessed_on=timezone.localdate(),
        needs=[need],
    )

    event = AssessmentNeedEvent.objects.get(assessment_id=assessment.pk)
    assert event.pgh_label == "insert" and event.need_id == need.pk
    assert event.pgh_context.metadata["user"] == cast.case_worker.pk
