"""The risk and safeguarding pages, and what the person's page and the caseload show of them: the current risk level
for everyone who sees the person (volunteers included, with the agreed safety measures), the risks themselves only
to the offence-data roles holding the casework."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from safeguarding.models import RiskCheck, SafeguardingConcern
from safeguarding.tests.helpers import child_of, concern, risk_check
from tests import factories as f

TODAY = timezone.localdate


def _day(name, value) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def _html(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def _person_page(client, person) -> str:
    return _html(client, "casework:person-detail", person.pk)


# ---- The person's page ------------------------------------------------------------------------------------


def test_the_person_page_shows_the_current_risk_level_and_links_the_records(cast, signed_in):
    html = _person_page(signed_in(cast.case_worker), cast.person)

    header = html[html.index('id="current-risk"') : html.index("</p>", html.index('id="current-risk"'))]
    assert "Medium risk" in header and "overdue" not in header
    assert reverse("safeguarding:person-risk", args=[cast.person.pk]) in html
    assert reverse("safeguarding:person-concerns", args=[cast.person.pk]) in html
    assert "Visit in pairs; phone the office after the visit" in html


def test_no_risk_check_and_an_overdue_review_are_flagged(cast, signed_in):
    client = signed_in(cast.case_worker)
    unchecked = f.PersonFactory(homicide=cast.homicide)
    RiskCheck.objects.filter(pk=cast.risk_check.pk).update(
        checked_on=TODAY() - timedelta(days=100), review_by=TODAY() - timedelta(days=1)
    )

    assert "No risk check" in _person_page(client, unchecked)
    assert "Risk review overdue" in _person_page(client, cast.person)


def test_a_volunteer_sees_the_level_and_safety_measures_only(cast, signed_in):
    client = signed_in(cast.volunteer)

    html = _person_page(client, cast.person)

    assert "Medium risk" in html and "Visit in pairs; phone the office after the visit" in html
    assert "Large dog at the address" not in html
    assert "suspect" not in html.lower()
    assert reverse("safeguarding:person-risk", args=[cast.person.pk]) not in html
    assert client.get(reverse("safeguarding:person-risk", args=[cast.person.pk])).status_code == 404


def test_a_covering_support_worker_sees_the_visit_safety_but_not_the_risk_records(cast, signed_in):
    from casework.models import Cover

    Cover.objects.create(
        covering_worker=cast.support_worker,
        absent_worker=cast.case_worker,
        starts_on=TODAY(),
        ends_on=TODAY() + timedelta(days=3),
        arranged_by=cast.team_leader,
    )
    client = signed_in(cast.support_worker)

    html = _person_page(client, cast.person)

    assert "Medium risk" in html and "Visit in pairs" in html
    assert "suspect" not in html.lower()
    assert client.get(reverse("safeguarding:person-concerns", args=[cast.person.pk])).status_code == 404


def test_the_guardians_page_lists_the_children_and_the_childs_page_names_the_guardian(cast, signed_in):
    child = child_of(cast.person)
    client = signed_in(cast.case_worker)

    guardian_page = _person_page(client, cast.person)
    child_page = _person_page(client, child)

    children = guardian_page[guardian_page.index('id="children"') :]
    assert child.full_name in children[: children.index("</ul>")]
    assert cast.person.full_name in child_page[child_page.index('id="parent-or-guardian"') :][:300]
    # The child shown on the guardian's page is in the access log with the guardian.
    logged = AccessLog.objects.filter(user=cast.case_worker, view_name="person-detail").values_list("person", flat=True)
    assert {cast.person.pk, child.pk} <= set(logged)


def test_a_guardian_from_another_family_is_refused_by_the_form(cast, signed_in):
    child = child_of(cast.person)
    client = signed_in(cast.case_worker)
    form = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "age_group": "adult",
        **_day("date_of_birth", child.date_of_birth),
        "relationship_to_victim": "child",
        "preferred_language": "English",
        "parent_or_guardian": cast.person.pk,
    }

    response = client.post(reverse("casework:person-edit", args=[child.pk]), form)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "age_group": ["The date of birth makes this person under 18: select child, or correct the date"],
        "parent_or_guardian": ["Only a child can have a parent or guardian recorded"],
    }
    child.refresh_from_db()
    assert child.age_group == "child"


def test_the_person_form_offers_only_the_adults_of_the_family_as_guardian(cast, signed_in):
    child = child_of(cast.person)
    f.PersonFactory(homicide=cast.other_homicide, first_name="Elsewhere")

    response = signed_in(cast.case_worker).get(reverse("casework:person-edit", args=[child.pk]))

    offered = set(response.context["form"].fields["parent_or_guardian"].queryset)
    assert offered == {cast.person}


# ---- The caseload -----------------------------------------------------------------------------------------


def test_the_caseload_tags_the_risk_and_lists_a_review_due(cast, signed_in):
    unchecked = f.PersonFactory(homicide=cast.homicide, first_name="Unchecked")
    RiskCheck.objects.filter(pk=cast.risk_check.pk).update(review_by=TODAY() - timedelta(days=2))

    response = signed_in(cast.case_worker).get(reverse("casework:caseload"))

    html = response.content.decode()
    rows = {person.pk: dues for person, dues in response.context["rows"]}
    assert [(d.label, d.status) for d in rows[cast.person.pk] if d.label == "Risk check review"] == [
        ("Risk check review", "overdue")
    ]
    assert not [d for d in rows[unchecked.pk] if d.label == "Risk check review"]
    assert "Risk review overdue" in html and "No risk check" in html and "Medium risk" in html


def test_a_review_further_off_than_a_fortnight_is_not_yet_due(cast, signed_in):
    RiskCheck.objects.filter(pk=cast.risk_check.pk).update(review_by=TODAY() + timedelta(days=15))

    response = signed_in(cast.case_worker).get(reverse("casework:caseload"))

    rows = {person.pk: dues for person, dues in response.context["rows"]}
    assert "Risk check review" not in [str(d.label) for d in rows[cast.person.pk]]


# ---- Risk checks ------------------------------------------------------------------------------------------


def test_the_risk_page_shows_every_check_newest_first(cast, signed_in):
    html = _html(signed_in(cast.team_leader), "safeguarding:person-risk", cast.person.pk)

    checks = RiskCheck.objects.filter(person=cast.person).order_by("-checked_on")
    positions = [html.index(f'id="risk-check-{check.pk}"') for check in checks]
    assert positions == sorted(positions) and len(positions) == 2
    assert "Current" in html and "Replaced" in html and "Large dog at the address" in html


def test_a_risk_check_is_recorded_from_the_page(cast, signed_in):
    client = signed_in(cast.case_worker)
    form = {
        **_day("checked_on", TODAY()),
        "suspect_contact": "yes",
        "risk_level": "high",
        "safety_measures": "Meet at the office only",
        **_day("review_by", TODAY() + timedelta(days=28)),
    }

    response = client.post(reverse("safeguarding:risk-check-new", args=[cast.person.pk]), form)

    assert response.status_code == 302
    assert response["Location"] == reverse("safeguarding:person-risk", args=[cast.person.pk])
    check = RiskCheck.objects.latest("pk")
    assert (check.risk_level, check.suspect_contact, check.recorded_by) == ("high", "yes", cast.case_worker)
    assert "High risk" in _person_page(client, cast.person)


def test_a_refused_risk_check_shows_the_actions_message_and_keeps_what_was_typed(cast, signed_in):
    form = {
        **_day("checked_on", TODAY()),
        "suspect_contact": "no",
        "risk_level": "medium",
        "other_risks": "Typed and kept",
        **_day("review_by", TODAY() - timedelta(days=1)),
    }

    response = signed_in(cast.case_worker).post(reverse("safeguarding:risk-check-new", args=[cast.person.pk]), form)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "safety_measures": ["Enter the safety measures agreed for a medium or high risk"],
        "review_by": ["The review date must be after the date of the check"],
    }
    assert "govuk-error-summary" in html and "Typed and kept" in html


def test_the_risk_page_takes_a_fixed_number_of_queries(cast, signed_in, django_assert_num_queries):
    client = signed_in(cast.case_worker)
    for days in range(9, 0, -1):
        risk_check(cast.person, cast.case_worker, days_ago=days)
    client.get(reverse("safeguarding:person-risk", args=[cast.person.pk]))  # warm the session
    # Session, user, device, the header's region: four; the workers the case worker
    # covers (looked up once per request), the person, the checks and "may record": four; the access log: one.
    with django_assert_num_queries(9):
        response = client.get(reverse("safeguarding:person-risk", args=[cast.person.pk]))
    assert len(response.context["checks"]) == 11


# ---- Safeguarding concerns --------------------------------------------------------------------------------


def test_a_concern_about_a_child_is_recorded_and_listed(cast, signed_in):
    child = child_of(cast.person)
    client = signed_in(cast.case_worker)
    form = {"about": "child", "child": child.pk, "description": "Missing school", **_day("raised_on", TODAY())}

    response = client.post(reverse("safeguarding:concern-new", args=[cast.person.pk]), form)

    assert response.status_code == 302
    saved = SafeguardingConcern.objects.latest("pk")
    assert (saved.kind, saved.child) == ("child", child)
    html = _html(client, "safeguarding:person-concerns", cast.person.pk)
    assert "Child safeguarding" in html and child.full_name in html and "Not referred" in html
    logged = AccessLog.objects.filter(user=cast.case_worker, view_name="safeguarding:person-concerns")
    assert set(logged.values_list("person", flat=True)) == {cast.person.pk, child.pk}


def test_the_concern_form_offers_only_the_familys_children(cast, signed_in):
    child = child_of(cast.person)
    child_of(cast.other_person)

    response = signed_in(cast.case_worker).get(reverse("safeguarding:concern-new", args=[cast.person.pk]))

    assert set(response.context["form"].fields["child"].queryset) == {child}


def test_the_referral_and_outcome_are_recorded_from_the_page(cast, signed_in):
    client = signed_in(cast.team_leader)
    url = reverse("safeguarding:concern-update", args=[cast.concern.pk])
    raised = cast.concern.raised_on

    refused = client.post(url, {"referred_to": "police", **_day("referred_on", raised - timedelta(days=1))})
    saved = client.post(
        url,
        {
            "referred_to": "adult_social_care",
            **_day("referred_on", raised),
            "outcome": "Assessment arranged",
            **_day("outcome_on", TODAY()),
        },
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "referred_on": [f"The date referred must be on or after the date the concern was raised ({raised:%d/%m/%Y})"]
    }
    assert saved.status_code == 302
    cast.concern.refresh_from_db()
    assert (cast.concern.referred_to, cast.concern.outcome) == ("adult_social_care", "Assessment arranged")
    assert "Outcome known" in _html(client, "safeguarding:person-concerns", cast.person.pk)


def test_the_concerns_page_takes_a_fixed_number_of_queries(cast, signed_in, django_assert_num_queries):
    client = signed_in(cast.case_worker)
    for _ in range(8):
        concern(cast.person, cast.case_worker, about="child", kind="child", child=child_of(cast.person))
    client.get(reverse("safeguarding:person-concerns", args=[cast.person.pk]))  # warm the session
    # As the risk page: "may record" answers both for new concerns and for updating these.
    with django_assert_num_queries(9):
        response = client.get(reverse("safeguarding:person-concerns", args=[cast.person.pk]))
    assert len(response.context["concerns"]) == 9
