"""A person's page: summary, homicide, consent, actions due and the timeline, cut to what the viewer may see."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from casework import actions
from casework.models import ClosureReason, NeedType
from tests import factories as f


def _page(client, person) -> str:
    response = client.get(reverse("casework:person-detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_case_worker_sees_the_whole_record_with_offence_data(cast, signed_in):
    html = _page(signed_in(cast.case_worker), cast.person)
    assert "OFFENCE-DATA-MARKER" in html
    assert "A family member is a suspect" in html
    assert cast.homicide.reference in html
    assert cast.homicide.victim_name in html
    assert "Casey Worker" in html  # lead case worker
    assert "Open since" in html
    assert "Emotional support" in html
    assert 'id="actions-due"' in html
    assert cast.action.description in html


def test_volunteer_sees_only_the_name_their_task_and_their_own_contacts(cast, signed_in):
    cast.person.email, cast.person.address = "EMAIL-MARKER@example.org", "ADDRESS-MARKER"
    cast.person.risk_notes, cast.person.preferred_language = "RISK-MARKER", "LANGUAGE-MARKER"
    cast.person.save()
    html = _page(signed_in(cast.volunteer), cast.person)
    assert cast.person.full_name in html
    assert cast.assignment.task in html
    assert "By Val Volunteer" in html
    for hidden in (
        "OFFENCE-DATA-MARKER",
        "suspect",
        cast.homicide.reference,
        cast.homicide.victim_name,
        "By Casey Worker",  # the case worker's contact
        "Emotional support",  # support given
        "Initial (urgent",  # the assessment
        "Positive",
        cast.action.description,
        "Consent",
        "Change history",
        cast.person.phone,  # not shared with this task
        "EMAIL-MARKER",
        "ADDRESS-MARKER",
        "RISK-MARKER",
        "LANGUAGE-MARKER",
        cast.person.get_relationship_to_victim_display(),
    ):
        assert hidden not in html, hidden
    assert f"{reverse('volunteering:contact-new')}?person={cast.person.pk}" in html
    assert reverse("casework:assessment-new", args=[cast.person.pk]) not in html


def test_volunteer_sees_the_phone_number_only_when_their_task_shares_it(cast, signed_in):
    client = signed_in(cast.volunteer)
    assert cast.person.phone not in _page(client, cast.person)
    cast.assignment.phone_shared = True
    cast.assignment.save()
    assert cast.person.phone in _page(client, cast.person)
    # Another volunteer's task sharing it shows it to that volunteer only.
    cast.assignment.phone_shared = False
    cast.assignment.save()
    f.VolunteerAssignmentFactory(
        volunteer=cast.other_volunteer, person=cast.person, assigned_by=cast.case_worker, phone_shared=True
    )
    assert cast.person.phone not in _page(client, cast.person)
    assert cast.person.phone in _page(signed_in(cast.other_volunteer), cast.person)


def test_support_worker_sees_the_person_without_offence_data_or_casework(cast, signed_in):
    html = _page(signed_in(cast.support_worker), cast.person)
    assert "OFFENCE-DATA-MARKER" not in html
    assert "Emotional support" not in html
    assert reverse("casework:consent-new", args=[cast.person.pk]) in html


def test_every_view_of_the_page_is_written_to_the_access_log(cast, signed_in):
    client = signed_in(cast.volunteer)
    _page(client, cast.person)
    _page(client, cast.person)
    entries = AccessLog.objects.filter(person=cast.person, user=cast.volunteer, view_name="person-detail")
    assert entries.count() == 2
    assert entries.first().homicide_id == cast.homicide.pk


def test_buttons_follow_the_policies(cast, signed_in):
    person_url = reverse("audit:person-history", args=[cast.person.pk])
    assert person_url not in _page(signed_in(cast.case_worker), cast.person)
    html = _page(signed_in(cast.team_leader), cast.person)
    assert person_url in html
    assert reverse("audit:person-access-log", args=[cast.person.pk]) in html
    assert reverse("casework:case-close", args=[cast.person.pk]) in html


def test_closed_case_shows_reason_and_length_of_contact(cast, signed_in):
    person = f.PersonFactory(homicide=cast.homicide, referred_at=timezone.now() - timedelta(days=30))
    actions.close_case(
        person=person, by=cast.case_worker, closed_on=timezone.localdate(), reason=ClosureReason.AFTER_TRIAL
    )
    html = _page(signed_in(cast.case_worker), person)
    assert "Closed on" in html
    assert "Length of contact: 30 days" in html
    assert "Support ended after the trial" in html
    assert reverse("casework:contact-new", args=[person.pk]) not in html


def test_timeline_lists_everything_newest_first(cast, signed_in):
    need = NeedType.objects.filter(is_active=True).first()
    actions.record_assessment(
        person=cast.person,
        by=cast.case_worker,
        kind="ongoing",
        case_stage="trial",
        assessed_on=timezone.localdate(),
        needs=[need],
        actions=[("Phone the Witness Service", timezone.localdate() + timedelta(days=3))],
    )
    html = _page(signed_in(cast.case_worker), cast.person)
    timeline = html[html.index('id="timeline"') :]
    assert "Positive: needs found" in timeline
    assert need.name in timeline
    assert timeline.index("Ongoing") < timeline.index("Added to the service")
    assert timeline.index("Volunteer task given") < timeline.index("Consented and referred")


def test_closing_the_case_tops_the_timeline_even_after_same_day_work(cast, signed_in):
    today = timezone.localdate()
    actions.record_support(
        person=cast.person,
        by=cast.case_worker,
        support_type=cast.support.support_type,
        given_on=today,
        case_stage="post_trial",
    )
    actions.close_case(
        person=cast.person,
        by=cast.case_worker,
        closed_on=today,
        reason=ClosureReason.USER_LED_EXIT,
        open_actions="cancel",
    )

    html = _page(signed_in(cast.case_worker), cast.person)
    timeline = html[html.index('id="timeline"') :]
    assert timeline.index("Case closed") < timeline.index(cast.support.support_type.name)


def test_person_page_query_count_does_not_grow_with_the_timeline(cast, signed_in, django_assert_num_queries):
    needs = list(NeedType.objects.filter(is_active=True)[:3])
    for n in range(10):
        f.ContactFactory(person=cast.person, made_by=cast.case_worker, occurred_at=timezone.now() - timedelta(days=n))
        assessment = f.AssessmentFactory(person=cast.person, assessed_by=cast.case_worker)
        assessment.needs.set(needs)
        f.AgreedActionFactory(assessment=assessment)
        f.SupportFactory(person=cast.person, recorded_by=cast.case_worker)
        f.ConsentFactory(person=cast.person, recorded_by=cast.case_worker)
    client = signed_in(cast.case_worker)
    _page(client, cast.person)
    # Session, user and device; the person; the access log; seven record queries (the updates sent to volunteers
    # too); the can_* checks; the header; and, for a case worker, the workers they cover, looked up once per request;
    # the homicide's justice journey (events, defendants, the stage and whether they may record it: four); the
    # children in the person's care: one (the current risk level is annotated on the person's own query); whether
    # they may correct the contacts: one; the episodes with their exit plans: one.
    with django_assert_num_queries(23):
        response = client.get(reverse("casework:person-detail", args=[cast.person.pk]))
    assert response.status_code == 200
    assert cast.person.full_name in response.content.decode()
    assert len(response.context["timeline"]) == 47
