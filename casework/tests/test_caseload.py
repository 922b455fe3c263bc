"""The caseload: people on the homicides a worker holds, with what is due, most urgent first."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from casework import queries
from casework.models import ConsentOutcome, Cover, DeclineStage
from tests import factories as f


def _caseload_html(client) -> str:
    response = client.get(reverse("casework:caseload"))
    assert response.status_code == 200
    return response.content.decode()


def test_overdue_first_contact_comes_before_a_later_review_date(cast, signed_in):
    waiting = f.PersonFactory(
        homicide=cast.homicide, first_name="Waiting", referred_at=timezone.now() - timedelta(days=3)
    )
    html = _caseload_html(signed_in(cast.case_worker))
    # cast.person has been contacted and has an agreed action to review in a week.
    assert html.index("Waiting Testperson") < html.index(cast.person.full_name)
    first_row = html[html.index("Waiting Testperson") : html.index(cast.person.full_name)]
    assert "Overdue" in first_row
    assert "First contact" in first_row
    assert [p.pk for p in queries.caseload(cast.case_worker)][:2] == [waiting.pk, cast.person.pk]


def test_declined_person_with_a_review_date_is_listed_and_closed_cases_are_not(cast, signed_in):
    declined = f.PersonFactory(homicide=cast.homicide, first_name="Declined", referred_at=None)
    f.ConsentFactory(
        person=declined,
        outcome=ConsentOutcome.DECLINED,
        decline_stage=DeclineStage.BEFORE_REFERRAL,
        decided_at=timezone.now() - timedelta(days=20),
        review_on=timezone.localdate(),
        recorded_by=cast.case_worker,
    )
    f.PersonFactory(homicide=cast.homicide, first_name="Closed", closed_on=timezone.localdate())
    html = _caseload_html(signed_in(cast.case_worker))
    assert "Declined Testperson" in html
    assert "Offer the service again" in html
    assert "Due today" in html
    assert "Closed Testperson" not in html


def test_caseload_holds_only_homicides_the_user_leads_or_covers(cast, signed_in):
    elsewhere = f.PersonFactory(
        homicide=f.HomicideFactory(region=cast.london, lead_case_worker=cast.other_case_worker), first_name="Colleague"
    )
    client = signed_in(cast.case_worker)
    assert "Colleague Testperson" not in _caseload_html(client)
    today = timezone.localdate()
    Cover.objects.create(
        covering_worker=cast.case_worker,
        absent_worker=cast.other_case_worker,
        starts_on=today,
        ends_on=today + timedelta(days=5),
        arranged_by=cast.team_leader,
    )
    html = _caseload_html(client)
    assert elsewhere.full_name in html
    assert "Covering for Olly Worker" in html
    # The team leader reaches the whole region but holds none of these cases.
    assert cast.person.full_name not in _caseload_html(signed_in(cast.team_leader))


def test_caseload_shows_the_users_own_counts_and_homicides(cast, signed_in):
    f.PersonFactory(homicide=cast.homicide)
    f.PersonFactory(homicide=cast.homicide, referred_at=None)
    response = signed_in(cast.case_worker).get(reverse("casework:caseload"))
    assert response.context["own_open_cases"] == 2
    assert response.context["own_homicides"] == 1
    homicide = response.context["homicides"][0]
    assert (homicide.people_count, homicide.open_count) == (3, 2)
    assert cast.homicide.reference in response.content.decode()


def test_caseload_query_count_does_not_grow_with_the_caseload(cast, signed_in, django_assert_num_queries):
    client = signed_in(cast.case_worker)
    for n in range(15):
        homicide = f.HomicideFactory(region=cast.london, lead_case_worker=cast.case_worker)
        person = f.PersonFactory(homicide=homicide, referred_at=timezone.now() - timedelta(hours=n))
        f.AgreedActionFactory(assessment=f.AssessmentFactory(person=person, assessed_by=cast.case_worker))
    client.get(reverse("casework:caseload"))  # warm the session
    # Session, user, device, region in the header: 4; the caseload and its homicides: 2; the
    # workers a case worker covers, looked up once per request (policies._held_worker_ids): 1; the access log of the
    # people shown: 1 (one INSERT for all of them); the people whose consent is to review: 1.
    with django_assert_num_queries(9):
        response = client.get(reverse("casework:caseload"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 16
    assert person.full_name in response.content.decode()


def test_team_leader_holding_cases_sees_them(cast, signed_in):
    homicide = f.HomicideFactory(region=cast.london, lead_case_worker=cast.team_leader)
    person = f.PersonFactory(homicide=homicide, first_name="Led")
    assert cast.team_leader.role == Role.TEAM_LEADER
    assert person.full_name in _caseload_html(signed_in(cast.team_leader))
