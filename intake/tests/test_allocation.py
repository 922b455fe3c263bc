"""Allocation: the form shows each candidate's caseload, leave and languages; an allocation keeps its own moment,
never in the future, before the death, or before the allocation it replaces."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from intake import actions
from intake.models import Allocation
from tests import factories as f


def _url(homicide) -> str:
    return reverse("intake:homicide-allocate", args=[homicide.pk])


def _moment(name: str, value: datetime) -> dict:
    local = timezone.localtime(value)
    return {
        f"{name}_day": local.day,
        f"{name}_month": local.month,
        f"{name}_year": local.year,
        f"{name}_time": local.strftime("%H:%M"),
    }


def _hint(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</div>", page.index("govuk-radios__hint", start))]


def test_the_form_shows_each_candidates_caseload_leave_and_languages(cast, signed_in):
    today = timezone.localdate()
    cast.other_case_worker.languages = ["Welsh"]
    cast.other_case_worker.save(update_fields=["languages"])
    f.CoverFactory(
        absent_worker=cast.case_worker,
        covering_worker=cast.team_leader,
        arranged_by=cast.team_leader,
        starts_on=today,
        ends_on=today + timedelta(days=4),
    )

    page = signed_in(cast.team_leader).get(_url(cast.homicide)).content.decode()

    casey = _hint(page, "Casey Worker (Case worker)")
    assert "1 open case (target 30)" in casey and "1 homicide" in casey and "Away today" in casey
    olly = _hint(page, "Olly Worker (Case worker)")
    assert "0 open cases" in olly and "Also speaks Welsh" in olly and "Away " in olly  # the cast's upcoming cover
    assert "Tara Leader (Team leader)" in page
    assert "Sam Eastworker" not in page and "Val Volunteer" not in page
    # The current lead is marked, and nobody is chosen until the team leader chooses.
    assert 'Casey Worker (Case worker) <strong class="govuk-tag govuk-tag--blue">Current lead' in page
    assert " checked" not in page


def test_the_allocation_form_takes_a_fixed_number_of_queries(cast, signed_in, django_assert_num_queries):
    client = signed_in(cast.team_leader)
    client.get(_url(cast.homicide))
    with django_assert_num_queries(7):
        client.get(_url(cast.homicide))
    for _ in range(3):
        worker = f.UserFactory(role="case_worker", region=cast.london)
        f.PersonFactory(homicide=f.HomicideFactory(region=cast.london, lead_case_worker=worker))
    with django_assert_num_queries(7):
        client.get(_url(cast.homicide))


def test_an_allocation_recorded_afterwards_keeps_its_own_moment(cast, signed_in):
    homicide = f.HomicideFactory(
        region=cast.london, lead_case_worker=None, date_of_death=timezone.localdate() - timedelta(days=10)
    )
    when = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=3), time(9, 30)))

    response = signed_in(cast.team_leader).post(
        _url(homicide), {"case_worker": cast.other_case_worker.pk, **_moment("allocated_at", when)}
    )

    assert response.status_code == 302
    assert Allocation.objects.get(homicide=homicide).allocated_at == when


def test_an_allocation_without_a_moment_is_now(cast, signed_in):
    homicide = f.HomicideFactory(region=cast.london, lead_case_worker=None)
    before = timezone.now()

    signed_in(cast.team_leader).post(_url(homicide), {"case_worker": cast.other_case_worker.pk})

    assert Allocation.objects.get(homicide=homicide).allocated_at >= before


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda h: timezone.now() + timedelta(days=1), "The date allocated must be today or in the past"),
        (
            lambda h: timezone.make_aware(datetime.combine(h.date_of_death - timedelta(days=1), time(12))),
            "The date allocated must be on or after the date of death",
        ),
    ],
    ids=["future", "before-death"],
)
def test_an_allocation_moment_must_be_real(cast, signed_in, when, message):
    homicide = f.HomicideFactory(region=cast.london, lead_case_worker=None)

    response = signed_in(cast.team_leader).post(
        _url(homicide), {"case_worker": cast.other_case_worker.pk, **_moment("allocated_at", when(homicide))}
    )

    assert response.status_code == 200 and message in response.content.decode()
    assert not Allocation.objects.filter(homicide=homicide).exists()


def test_a_reallocation_comes_after_the_allocation_it_replaces(cast):
    homicide = f.HomicideFactory(
        region=cast.london, lead_case_worker=None, date_of_death=timezone.localdate() - timedelta(days=20)
    )
    first = actions.allocate(
        homicide=homicide,
        case_worker=cast.case_worker,
        by=cast.team_leader,
        allocated_at=timezone.now() - timedelta(days=5),
    )

    with pytest.raises(ValidationError) as refused:
        actions.allocate(
            homicide=homicide,
            case_worker=cast.other_case_worker,
            by=cast.team_leader,
            allocated_at=first.allocated_at - timedelta(days=1),
        )
    second = actions.allocate(
        homicide=homicide,
        case_worker=cast.other_case_worker,
        by=cast.team_leader,
        allocated_at=first.allocated_at + timedelta(days=1),
    )

    assert refused.value.message_dict["allocated_at"][0].startswith("The date allocated must be after the current")
    first.refresh_from_db()
    assert first.ended_at == second.allocated_at  # the first lead held it until the second took over


def test_the_api_takes_the_allocation_moment(cast, signed_in):
    from api.tests.conftest import Caller

    when = timezone.now() - timedelta(hours=5)
    api = Caller(signed_in(cast.team_leader))

    made = api.post(
        reverse("api:homicide-allocate", args=[cast.homicide.pk]),
        {"case_worker": cast.other_case_worker.pk, "allocated_at": when.isoformat()},
    )
    future = api.post(
        reverse("api:homicide-allocate", args=[cast.homicide.pk]),
        {"case_worker": cast.case_worker.pk, "allocated_at": (timezone.now() + timedelta(days=2)).isoformat()},
    )

    assert made.status_code == 201
    assert Allocation.objects.get(pk=made.json()["id"]).allocated_at == when
    assert future.status_code == 400
    assert future.json()["allocated_at"] == ["The date allocated must be today or in the past"]
