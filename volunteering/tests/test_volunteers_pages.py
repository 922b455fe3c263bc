"""A volunteer's own pages (their people, recording a visit or call), what they see of a person, and updates from
the case holder: rules proved at the level a volunteer and a case worker touch them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework import actions as casework
from casework import queries as casework_queries
from casework.models import Contact
from reporting import queries as reports
from reporting.queries import Period
from tests import factories as f
from volunteering import actions
from volunteering.models import VolunteerUpdate


def _moment(name: str, value) -> dict:
    local = timezone.localtime(value)
    return {
        f"{name}_day": local.day,
        f"{name}_month": local.month,
        f"{name}_year": local.year,
        f"{name}_time": local.strftime("%H:%M"),
    }


# ---- The volunteer's people ---------------------------------------------------------------------------------


def test_the_landing_page_lists_the_volunteers_people_with_a_big_button(cast, signed_in, django_assert_num_queries):
    for _ in range(4):
        f.VolunteerAssignmentFactory(volunteer=cast.volunteer, person=f.PersonFactory(homicide=cast.homicide))
    f.VolunteerAssignmentFactory(volunteer=cast.other_volunteer, person=f.PersonFactory(first_name="Elsewhere"))
    client = signed_in(cast.volunteer)
    assert client.get(reverse("frontend:home")).headers["Location"] == reverse("volunteering:home")
    client.get(reverse("volunteering:home"))
    # Session, user, device; the tasks with their people and update counts (one query); the ended tasks; the access
    # log (one INSERT); the header region.
    with django_assert_num_queries(7):
        response = client.get(reverse("volunteering:home"))
    html = response.content.decode()
    assert len(response.context["tasks"]) == 5
    assert 'id="record-visit-or-call"' in html and "Record a visit or call" in html
    assert cast.assignment.task in html
    assert "1 update, the latest on" in html  # the cast's update to this volunteer
    assert f"{reverse('volunteering:contact-new')}?person={cast.person.pk}" in html
    for hidden in ("Elsewhere", "OFFENCE-DATA-MARKER", cast.person.phone, cast.homicide.reference):
        assert hidden not in html, hidden


def test_the_landing_page_shows_the_phone_number_only_where_the_task_shares_it(cast, signed_in):
    client = signed_in(cast.volunteer)
    assert cast.person.phone not in client.get(reverse("volunteering:home")).content.decode()
    cast.assignment.phone_shared = True
    cast.assignment.save()
    assert 'href="tel:07700900000"' in client.get(reverse("volunteering:home")).content.decode()


# ---- Recording a visit or call ------------------------------------------------------------------------------


def test_the_form_offers_only_the_volunteers_people_and_starts_at_now(cast, signed_in):
    f.VolunteerAssignmentFactory(volunteer=cast.other_volunteer, person=f.PersonFactory(homicide=cast.homicide))
    response = signed_in(cast.volunteer).get(reverse("volunteering:contact-new"))

    form = response.context["form"]
    assert list(form.fields["person"].queryset) == [cast.person]
    assert form["person"].value() == str(cast.person.pk)  # the only one: already chosen
    assert abs(form["occurred_at"].value() - timezone.now()) < timedelta(minutes=2)
    assert list(form.fields) == ["person", "kind", "occurred_at", "duration_minutes", "notes"]


def test_a_volunteer_records_a_visit_in_one_step_counted_as_a_volunteers(cast, signed_in):
    when = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    response = signed_in(cast.volunteer).post(
        reverse("volunteering:contact-new"),
        {"person": cast.person.pk, "kind": "visit", **_moment("occurred_at", when), "duration_minutes": "50"}
        | {"notes": "Tea and a chat"},
    )

    assert response.status_code == 302 and response.headers["Location"] == reverse("volunteering:home")
    contact = Contact.objects.get(notes="Tea and a chat")
    assert (contact.person, contact.made_by, contact.by_volunteer) == (cast.person, cast.volunteer, True)
    assert (contact.occurred_at, contact.duration_minutes, contact.kind) == (when, 50, "visit")
    # The case holder sees it on the person's timeline, marked as the volunteer's.
    page = signed_in(cast.case_worker).get(reverse("casework:person-detail", args=[cast.person.pk]))
    entry = next(e for e in page.context["timeline"] if e.record == contact)
    assert entry.kind == "contact"
    assert "Tea and a chat" in page.content.decode() and "By Val Volunteer, 50 minutes." in page.content.decode()


def test_a_volunteers_visit_is_not_a_staff_visit_nor_the_case_workers_first_contact(cast, signed_in):
    person = f.PersonFactory(homicide=cast.homicide, referred_at=timezone.now() - timedelta(hours=30))
    f.VolunteerAssignmentFactory(volunteer=cast.volunteer, person=person)
    signed_in(cast.volunteer).post(
        reverse("volunteering:contact-new"),
        {"person": person.pk, "kind": "visit", **_moment("occurred_at", timezone.now()), "duration_minutes": "30"},
    )
    today = timezone.localdate()
    table = reports.b9_case_worker_workload([cast.london], Period(today, today))

    assert table.row("volunteer_visits").values == (1,)
    assert table.row("staff_visits").values == (0,)
    row = next(p for p in casework_queries.caseload(cast.case_worker) if p.pk == person.pk)
    assert row.first_contact_due is not None  # still due: a volunteer's visit is not the case worker's contact


def test_a_person_not_assigned_is_refused_and_what_was_typed_is_kept(cast, signed_in):
    client = signed_in(cast.volunteer)
    response = client.post(
        reverse("volunteering:contact-new"),
        {"person": cast.other_person.pk, "kind": "call_to_person", "duration_minutes": "20", "notes": "Kept"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Select one of the people you help" in html and "govuk-error-summary" in html
    assert "Enter the date and time of the visit or call" in html
    assert ">Kept</textarea>" in html
    assert not Contact.objects.filter(notes="Kept").exists()


def test_the_actions_rules_show_on_the_volunteers_form(cast, signed_in):
    tomorrow = timezone.now() + timedelta(days=1)
    response = signed_in(cast.volunteer).post(
        reverse("volunteering:contact-new"),
        {"person": cast.person.pk, "kind": "visit", **_moment("occurred_at", tomorrow), "duration_minutes": "0"},
    )

    errors = response.context["form"].errors
    assert errors["occurred_at"] == ["The date of contact must not be in the future"]
    assert errors["duration_minutes"] == ["Enter the number of minutes, from 1 to 1,440"]


def test_a_volunteer_without_tasks_is_told_so(cast, signed_in):
    html = signed_in(cast.other_volunteer).get(reverse("volunteering:contact-new")).content.decode()
    assert "You have no people to record a visit or call for" in html


# ---- Updates from the case holder ----------------------------------------------------------------------------


def test_the_case_worker_sends_an_update_that_only_that_volunteer_reads(cast, signed_in):
    other_task = f.VolunteerAssignmentFactory(volunteer=cast.other_volunteer, person=cast.person)
    worker = signed_in(cast.case_worker)
    person_page = worker.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
    url = reverse("volunteering:update-new", args=[cast.assignment.pk])
    assert url in person_page

    response = worker.post(url, {"text": "The trial has moved to 9 June."})

    assert response.status_code == 302
    update = VolunteerUpdate.objects.get(text="The trial has moved to 9 June.")
    assert (update.assignment, update.sent_by) == (cast.assignment, cast.case_worker)
    assert abs(update.sent_at - timezone.now()) < timedelta(minutes=1)
    mine = signed_in(cast.volunteer).get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
    assert "The trial has moved to 9 June." in mine and "Updates from the case worker" in mine
    actions.send_volunteer_update(assignment=other_task, by=cast.case_worker, text="Only for Vic")
    assert "Only for Vic" not in mine
    theirs = signed_in(cast.other_volunteer).get(reverse("casework:person-detail", args=[cast.person.pk]))
    assert "Only for Vic" in theirs.content.decode()
    assert "The trial has moved to 9 June." not in theirs.content.decode()
    # The case holder reads all of them, with whom each went to.
    holder = signed_in(cast.case_worker).get(reverse("casework:person-detail", args=[cast.person.pk]))
    html = holder.content.decode()
    assert "Only for Vic" in html and "The trial has moved to 9 June." in html
    assert "from Casey Worker to Vic Volunteer" in html


def test_an_empty_update_is_refused_and_nothing_is_sent(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("volunteering:update-new", args=[cast.assignment.pk]), {"text": "   "}
    )
    assert "Enter the update" in response.content.decode()
    assert VolunteerUpdate.objects.filter(assignment=cast.assignment).count() == 1  # the cast's own


def test_no_update_for_an_ended_task_and_the_volunteer_no_longer_reads_them(cast, api_as):
    casework.end_volunteer_task(assignment=cast.assignment, by=cast.case_worker)
    cast.assignment.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        actions.send_volunteer_update(assignment=cast.assignment, by=cast.case_worker, text="Too late")
    assert refused.value.message_dict == {"__all__": ["This task has ended: the volunteer no longer sees the person"]}
    listed = api_as(cast.volunteer).get(reverse("api:volunteer-update-list")).json()["results"]
    assert listed == []
    assert [u["id"] for u in api_as(cast.case_worker).get(reverse("api:volunteer-update-list")).json()["results"]] == [
        cast.volunteer_update.pk
    ]


def test_updates_through_the_api(cast, api_as):
    sent = api_as(cast.case_worker).post(
        reverse("api:volunteer-update-list"), {"task": cast.assignment.pk, "text": "Bring the CICA form"}
    )
    assert sent.status_code == 201
    assert sent.json()["person"] == cast.person.pk and sent.json()["sent_by_name"] == "Casey Worker"
    read = api_as(cast.volunteer).get(reverse("api:volunteer-update-list")).json()["results"]
    assert [u["text"] for u in read] == ["Bring the CICA form", cast.volunteer_update.text]
    blank = api_as(cast.case_worker).post(
        reverse("api:volunteer-update-list"), {"task": cast.assignment.pk, "text": ""}
    )
    assert blank.status_code == 400


# ---- Giving a task through the API -------------------------------------------------------------------------


def test_a_task_through_the_api_takes_its_own_day_and_the_phone_choice(cast, api_as):
    url = reverse("api:volunteer-task-list")
    body = {"person": cast.person.pk, "volunteer": cast.other_volunteer.pk, "task": "Visit on Tuesdays"}
    given = timezone.localdate() - timedelta(days=3)

    tomorrow = timezone.localdate() + timedelta(1)
    future = api_as(cast.case_worker).post(url, {**body, "assigned_on": tomorrow.isoformat()})
    early = api_as(cast.case_worker).post(
        url, {**body, "assigned_on": (cast.homicide.date_of_death - timedelta(1)).isoformat()}
    )
    made = api_as(cast.case_worker).post(url, {**body, "assigned_on": given.isoformat(), "phone_shared": True})

    assert future.status_code == 400
    assert future.json()["assigned_on"] == ["The day the task was given must not be in the future"]
    assert early.status_code == 400 and "on or after the date of death" in early.json()["assigned_on"][0]
    assert made.status_code == 201
    assert (made.json()["assigned_on"], made.json()["phone_shared"]) == (given.isoformat(), True)
    assert made.json()["person_phone"] == cast.person.phone
    ended = api_as(cast.case_worker).post(
        reverse("api:volunteer-task-end", args=[made.json()["id"]]), {"ended_on": (given - timedelta(1)).isoformat()}
    )
    assert ended.status_code == 400
    assert ended.json()["ended_on"] == ["The day the task ended must be on or after the day it was given"]
