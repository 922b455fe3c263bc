"""Equality monitoring: its own permission (case holder, their team leader, national manager; never volunteers,
police referrers or support workers), one tracked record a person, the census lists, and the move from free text."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pghistory.models import Events

from access import policies
from access.policies import NotAllowed
from equality.actions import record_equality_data
from equality.models import EqualityRecord, EthnicGroup, broad_group
from tests import factories as f

pytestmark = pytest.mark.django_db

ANSWERS = {
    "ethnic_group": "black_caribbean",
    "age_band": "35_44",
    "sex": "male",
    "gender_same_as_at_birth": "yes",
    "disabled": "not_said",
    "religion": "christian",
    "sexual_orientation": "not_said",
    "first_language": "english",
}
ALLOWED = {"national_manager", "team_leader", "case_worker"}
REFUSED = [
    "other_team_leader",
    "other_case_worker",
    "support_worker",
    "other_support_worker",
    "volunteer",
    "police_referrer",
    "analyst",
]


def test_the_census_lists():
    detailed = [c for c in EthnicGroup.values if c != "not_said"]
    assert len(detailed) == 19
    assert {broad_group(c) for c in detailed} == {"asian", "black", "mixed", "white", "other"}
    assert EthnicGroup("asian_indian").label == "Asian, Asian British or Asian Welsh: Indian"
    assert broad_group("not_said") == broad_group("") == ""


def test_one_record_a_person_changed_in_place_with_its_history(cast):
    first = record_equality_data(person=cast.person, by=cast.case_worker, **ANSWERS)
    again = record_equality_data(person=cast.person, by=cast.team_leader, **(ANSWERS | {"religion": "none"}))

    assert first.pk == again.pk
    assert EqualityRecord.objects.get(person=cast.person).religion == "none"
    events = Events.objects.filter(pgh_obj_model="equality.EqualityRecord", pgh_obj_id=str(first.pk))
    assert [(e.pgh_label, e.pgh_context["user"]) for e in events.order_by("pgh_created_at")] == [
        ("insert", cast.case_worker.pk),
        ("update", cast.team_leader.pk),
    ]


def test_answers_not_given_are_kept_and_no_change_writes_nothing(cast, api_as):
    record_equality_data(person=cast.person, by=cast.case_worker, **ANSWERS)
    api = api_as(cast.team_leader)
    url = reverse("api:person-equality", args=[cast.person.pk])

    changed = api.patch(url, {"religion": "none"}).json()
    events = Events.objects.filter(pgh_obj_model="equality.EqualityRecord")
    before = events.count()
    again = api.patch(url, {"religion": "none", "closed_on": "2001-01-01"}).json()

    assert (changed["religion"], changed["ethnic_group"], changed["recorded_by_name"]) == (
        "none",
        "black_caribbean",
        cast.team_leader.full_name,
    )
    assert again == changed
    assert events.count() == before


def test_people_who_declined_are_recorded_too(cast):
    declined = f.PersonFactory(homicide=cast.homicide, referred_at=None)

    record = record_equality_data(person=declined, by=cast.case_worker, ethnic_group="white_roma")

    assert record.ethnic_group == "white_roma" and record.sex == ""


def test_answers_must_come_from_the_lists(cast):
    with pytest.raises(ValidationError) as caught:
        record_equality_data(person=cast.person, by=cast.case_worker, ethnic_group="martian", religion="jedi")

    assert caught.value.message_dict == {
        "ethnic_group": ["Select the ethnic group from the list, or leave it blank"],
        "religion": ["Select the religion from the list, or leave it blank"],
    }


def test_the_age_band_agrees_with_adult_or_child(cast):
    child = f.PersonFactory(homicide=cast.homicide, age_group="child")
    with pytest.raises(ValidationError) as caught:
        record_equality_data(person=child, by=cast.case_worker, age_band="35_44")
    assert caught.value.message_dict == {
        "age_band": ["This person is recorded as a child: select under 18, or prefer not to say"]
    }
    with pytest.raises(ValidationError) as caught:
        record_equality_data(person=cast.person, by=cast.case_worker, age_band="under_18")
    adult = "This person is recorded as an adult: select an age of 18 or over"
    assert caught.value.message_dict == {"age_band": [adult]}


def test_another_language_is_named_only_with_another(cast):
    kept = record_equality_data(person=cast.person, by=cast.case_worker, first_language="other", other_language="Urdu")
    assert kept.other_language == "Urdu"

    cleared = record_equality_data(
        person=cast.person, by=cast.case_worker, first_language="english", other_language="Urdu"
    )
    assert cleared.other_language == ""


@pytest.mark.parametrize("role", REFUSED)
def test_only_the_case_holder_their_leader_and_the_national_manager_may_record(cast, role):
    with pytest.raises(NotAllowed):
        record_equality_data(person=cast.person, by=getattr(cast, role), **ANSWERS)


def test_a_support_worker_covering_the_case_still_does_not_see_equality_data(cast):
    f.EqualityRecordFactory(person=cast.person)
    from django.utils import timezone

    from casework.models import Cover

    today = timezone.localdate()
    Cover.objects.create(
        covering_worker=cast.support_worker,
        absent_worker=cast.case_worker,
        starts_on=today,
        ends_on=today,
        arranged_by=cast.team_leader,
    )

    assert policies.can_record_casework(cast.support_worker, cast.person)
    assert not policies.can_see_equality_data(cast.support_worker, cast.person)
    assert not policies.equality_records(cast.support_worker).exists()


def test_the_page_records_the_answers(cast, signed_in):
    client = signed_in(cast.case_worker)
    url = reverse("equality:person-equality", args=[cast.person.pk])

    response = client.post(url, ANSWERS | {"first_language": "other", "other_language": "Polish"})

    assert response.status_code == 302
    record = EqualityRecord.objects.get(person=cast.person)
    assert (record.ethnic_group, record.other_language, record.recorded_by) == (
        "black_caribbean",
        "Polish",
        cast.case_worker,
    )
    page = client.get(url).content.decode()
    assert 'value="black_caribbean" selected' in page
    assert "Last changed by" in page


def test_the_page_shows_the_actions_rule_and_saves_nothing(cast, signed_in):
    child = f.PersonFactory(homicide=cast.homicide, age_group="child")

    response = signed_in(cast.case_worker).post(
        reverse("equality:person-equality", args=[child.pk]), ANSWERS | {"ethnic_group": "white_irish"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "This person is recorded as a child" in page
    assert 'value="white_irish" selected' in page
    assert not EqualityRecord.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_others_get_404_from_the_page_and_the_endpoint(cast, signed_in, role):
    f.EqualityRecordFactory(person=cast.person)
    client = signed_in(getattr(cast, role))

    assert client.get(reverse("equality:person-equality", args=[cast.person.pk])).status_code == 404
    assert client.get(reverse("api:person-equality", args=[cast.person.pk])).status_code == 404


def test_the_endpoint_reads_and_sets_the_answers(cast, api_as):
    api = api_as(cast.team_leader)
    url = reverse("api:person-equality", args=[cast.person.pk])
    assert api.get(url).json()["ethnic_group"] == ""

    response = api.patch(url, ANSWERS)

    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: body[k] for k in ANSWERS} == ANSWERS
    assert (body["person"], body["recorded_by_name"]) == (cast.person.pk, cast.team_leader.full_name)
    refused = api.patch(url, {"age_band": "under_18"})
    assert (refused.status_code, refused.json()) == (
        400,
        {"age_band": ["This person is recorded as an adult: select an age of 18 or over"]},
    )


def test_free_text_ethnic_groups_map_to_the_census_where_they_can():
    move = importlib.import_module("equality.migrations.0002_from_free_text_ethnicity")

    assert move.census_category("White British") == "white_british"
    assert move.census_category(" asian-Indian ") == "asian_indian"
    assert move.census_category("Black African") == "black_african"
    assert move.census_category("Prefer not to say") == "not_said"
    assert move.census_category("Mixed") == ""
    assert move.census_category("Not recorded") == ""
    assert set(move.MAPPING.values()) <= set(EthnicGroup.values)


@pytest.mark.parametrize("role", ["volunteer", "support_worker", "police_referrer", "analyst"])
def test_no_api_answer_or_person_page_shows_these_roles_any_equality_answer(cast, api_as, role):
    """Every GET in the schema, as a role that never sees a person's equality data: no answer, no field name."""
    from api.tests.conftest import add_api_records
    from api.tests.endpoints import operations, url_for
    from intake.models import Allocation

    add_api_records(cast)
    cast.allocation = Allocation.objects.create(
        homicide=cast.homicide, case_worker=cast.case_worker, allocated_by=cast.team_leader
    )
    f.EqualityRecordFactory(
        person=cast.person, religion="sikh", first_language="other", other_language="EQUALITY-MARKER"
    )
    api = api_as(getattr(cast, role))
    shown = []
    for path in sorted(p for method, p in operations() if method == "get"):
        if role == "analyst" and path.startswith("/api/v1/reports/"):
            continue  # analysts read equality data in aggregate only: report M5
        body = api.get(url_for(path, cast), HTTP_ACCEPT="application/json").content.decode()
        if any(word in body for word in ("EQUALITY-MARKER", "ethnic_group", "sexual_orientation", "religion")):
            shown.append(path)
    page = api.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()

    assert shown == []
    assert "EQUALITY-MARKER" not in page and "Sikh" not in page
