"""A person's change history and access log: team leaders (their region) and the national manager only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AccessLog
from casework import actions
from tests import factories as f

OUTSIDERS = [
    "case_worker",
    "support_worker",
    "volunteer",
    "other_case_worker",
    "other_team_leader",
    "other_volunteer",
    "police_referrer",
    "analyst",
]
PAGES = ["audit:person-history", "audit:person-access-log"]


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize(
    ("role", "status"), [("team_leader", 200), ("national_manager", 200)] + [(r, 404) for r in OUTSIDERS]
)
def test_audit_pages_are_for_team_leaders_and_the_national_manager(cast, signed_in, url_name, role, status):
    url = reverse(url_name, args=[cast.person.pk])
    assert signed_in(getattr(cast, role)).get(url).status_code == status


def test_history_lists_a_change_made_through_an_action_with_who_and_which_field(cast, signed_in):
    actions.update_person(person=cast.person, by=cast.case_worker, phone="07700 900999")
    response = signed_in(cast.team_leader).get(reverse("audit:person-history", args=[cast.person.pk]))
    html = response.content.decode()
    # Events in one test transaction share a timestamp, so find the change rather than take the first row.
    first = next(row for row in response.context["rows"] if row.event.pgh_label == "update")
    assert first.user == cast.case_worker
    assert first.event.pgh_label == "update"
    assert [c.field for c in first.changes] == ["phone"]
    assert "Casey Worker" in html
    assert "07700 900999" in html
    assert "update person" in html
    assert "<form" not in html[html.index('id="history"') :]  # never editable


def test_history_includes_the_persons_casework_records(cast, signed_in):
    actions.complete_action(action=cast.action, by=cast.case_worker)
    response = signed_in(cast.national_manager).get(reverse("audit:person-history", args=[cast.person.pk]))
    types = {row.record_type for row in response.context["rows"]}
    assert {"Bereaved person", "Contact", "Needs assessment", "Agreed action", "Support given"} <= types
    completed = next(row for row in response.context["rows"] if row.record_type == "Agreed action")
    assert [c.field for c in completed.changes] == ["completed on"]
    people = {row.event.pgh_obj_id for row in response.context["rows"] if row.record_type == "Bereaved person"}
    assert people == {str(cast.person.pk)}


def test_history_shows_the_needs_an_assessment_found(cast, signed_in):
    from django.utils import timezone

    from casework.models import NeedType

    actions.record_assessment(
        person=cast.person,
        by=cast.case_worker,
        kind="ongoing",
        case_stage="trial",
        assessed_on=timezone.localdate(),
        needs=NeedType.objects.all()[:2],
    )
    response = signed_in(cast.team_leader).get(reverse("audit:person-history", args=[cast.person.pk]))
    found = [row for row in response.context["rows"] if row.record_type == "Assessment need"]
    assert len(found) == 2 and all(row.user == cast.case_worker for row in found)


def test_history_is_paginated_with_a_fixed_number_of_queries(cast, signed_in, django_assert_num_queries):
    for n in range(30):
        actions.update_person(person=cast.person, by=cast.case_worker, phone=f"07700 9{n:05d}")
    client = signed_in(cast.team_leader)
    client.get(reverse("audit:person-history", args=[cast.person.pk]))
    # Session, user, device; person; audit check; access log; assessment ids; episode ids (for their exit plans);
    # count; page; users; header.
    with django_assert_num_queries(12):
        response = client.get(reverse("audit:person-history", args=[cast.person.pk]))
    assert len(response.context["rows"]) == 25
    assert response.context["page"].has_next()
    second = client.get(reverse("audit:person-history", args=[cast.person.pk]) + "?page=2")
    assert len(second.context["rows"]) == response.context["page"].paginator.count - 25


def test_access_log_shows_who_viewed_the_person_and_how(cast, signed_in, django_assert_num_queries):
    signed_in(cast.volunteer).get(reverse("casework:person-detail", args=[cast.person.pk]))
    for _ in range(30):
        AccessLog.objects.create(user=f.UserFactory(), person=cast.person, channel="api", view_name="person")
    client = signed_in(cast.team_leader)
    client.get(reverse("audit:person-access-log", args=[cast.person.pk]))
    # Session, user, device; person; audit check; access log; count; page; header.
    with django_assert_num_queries(9):
        response = client.get(reverse("audit:person-access-log", args=[cast.person.pk]))
    html = response.content.decode()
    assert "API" in html
    assert len(response.context["page"].object_list) == 25
    last = client.get(reverse("audit:person-access-log", args=[cast.person.pk]) + "?page=2").content.decode()
    assert "Val Volunteer" in last
    assert "person-detail" in last


def test_access_log_shows_views_in_lists_and_the_api_with_their_page_and_channel(cast, signed_in):
    signed_in(cast.case_worker).get(reverse("casework:caseload"))
    signed_in(cast.national_manager).get(reverse("api:person-list"), {"limit": 1000})

    response = signed_in(cast.team_leader).get(reverse("audit:person-access-log", args=[cast.person.pk]))

    rows = [(e.user, e.channel, e.view_name) for e in response.context["page"].object_list]
    html = response.content.decode()
    assert response.status_code == 200
    assert rows == [
        (cast.team_leader, "page", "person-access-log"),
        (cast.national_manager, "api", "api:person-list"),
        (cast.case_worker, "page", "caseload"),
    ]
    assert all(text in html for text in ("Casey Worker", "caseload", "Nina National", "api:person-list", "API"))
