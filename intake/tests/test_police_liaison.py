"""Police liaison: the SIO told the allocated case worker's name (by whoever may allocate, once the homicide has a
lead at that moment) and the case worker's contact with the FLO, each on its own moment, never in the future nor
before the death; the homicide page lists them, the form records one, and the API does the same."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from access import policies
from api.tests.conftest import Caller
from intake import actions
from intake.models import Allocation, LiaisonKind, PoliceLiaison

SIO, FLO = LiaisonKind.SIO_TOLD, LiaisonKind.FLO_CONTACTED


def _url(homicide) -> str:
    return reverse("intake:homicide-police-liaison", args=[homicide.pk])


def _api(homicide) -> str:
    return reverse("api:homicide-police-liaison", args=[homicide.pk])


def _moment(name: str, value: datetime) -> dict:
    local = timezone.localtime(value)
    return {
        f"{name}_day": local.day,
        f"{name}_month": local.month,
        f"{name}_year": local.year,
        f"{name}_time": local.strftime("%H:%M"),
    }


def _noon(days_after_death: int, homicide) -> datetime:
    return timezone.make_aware(datetime.combine(homicide.date_of_death + timedelta(days=days_after_death), time(12)))


@pytest.fixture
def allocated(cast):
    """The cast's homicide allocated to its lead a day after the death, then to the other case worker on day 5."""
    first = Allocation.objects.create(
        homicide=cast.homicide,
        case_worker=cast.case_worker,
        allocated_by=cast.team_leader,
        allocated_at=_noon(1, cast.homicide),
        ended_at=_noon(5, cast.homicide),
    )
    Allocation.objects.create(
        homicide=cast.homicide,
        case_worker=cast.other_case_worker,
        allocated_by=cast.team_leader,
        allocated_at=_noon(5, cast.homicide),
    )
    return first


# ---- The action's rules --------------------------------------------------------------------------------------


def test_telling_the_sio_records_the_lead_at_that_moment(cast, allocated):
    before = actions.record_police_liaison(
        homicide=cast.homicide, by=cast.team_leader, kind=SIO, occurred_at=_noon(5, cast.homicide) - timedelta(hours=1)
    )
    at_handover = actions.record_police_liaison(
        homicide=cast.homicide, by=cast.team_leader, kind=SIO, occurred_at=_noon(5, cast.homicide)
    )

    assert before.named_case_worker == cast.case_worker
    assert at_handover.named_case_worker == cast.other_case_worker  # the new lead from the moment of reallocation
    assert before.recorded_by == cast.team_leader


@pytest.mark.parametrize("days", [0, -1])
def test_the_sio_is_not_told_before_anyone_is_allocated(cast, allocated, days):
    """A minute before the first allocation, or before there was any: nobody's name to give."""
    moment = _noon(1, cast.homicide) - timedelta(minutes=1) if days == 0 else None
    if moment is None:
        Allocation.objects.filter(homicide=cast.homicide).delete()
        moment = _noon(2, cast.homicide)

    with pytest.raises(ValidationError) as refused:
        actions.record_police_liaison(homicide=cast.homicide, by=cast.team_leader, kind=SIO, occurred_at=moment)

    assert refused.value.message_dict["kind"][0].startswith("Nobody was the lead case worker on ")
    assert not PoliceLiaison.objects.exists()


def test_an_allocation_that_ended_with_nobody_after_it_leaves_no_lead(cast):
    Allocation.objects.create(
        homicide=cast.homicide,
        case_worker=cast.case_worker,
        allocated_by=cast.team_leader,
        allocated_at=_noon(1, cast.homicide),
        ended_at=_noon(3, cast.homicide),
    )

    with pytest.raises(ValidationError) as refused:
        actions.record_police_liaison(
            homicide=cast.homicide, by=cast.team_leader, kind=SIO, occurred_at=_noon(3, cast.homicide)
        )

    assert "kind" in refused.value.message_dict
    assert actions.lead_at(cast.homicide, _noon(3, cast.homicide) - timedelta(minutes=1)) is not None


def test_only_whoever_may_allocate_tells_the_sio(cast, allocated):
    with pytest.raises(ValidationError) as refused:
        actions.record_police_liaison(
            homicide=cast.homicide, by=cast.case_worker, kind=SIO, occurred_at=_noon(2, cast.homicide)
        )

    assert refused.value.message_dict == {
        "kind": ["Only the team leader records telling the SIO the case worker's name"]
    }
    made = actions.record_police_liaison(
        homicide=cast.homicide, by=cast.national_manager, kind=SIO, occurred_at=_noon(2, cast.homicide)
    )
    assert made.named_case_worker == cast.case_worker


def test_the_case_worker_records_contacting_the_flo_with_no_name(cast):
    made = actions.record_police_liaison(homicide=cast.homicide, by=cast.case_worker, kind=FLO, notes="Called DC Flo")

    assert made.named_case_worker is None
    assert made.notes == "Called DC Flo"
    assert abs(made.occurred_at - timezone.now()) < timedelta(minutes=1)  # now, unless given
    context = Context.objects.order_by("-pk").first()
    assert context is not None and context.metadata["action"] == "record_police_liaison"


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda h: timezone.now() + timedelta(hours=1), "The date and time must be today or in the past"),
        (
            lambda h: timezone.make_aware(datetime.combine(h.date_of_death - timedelta(days=1), time(23, 59))),
            "The date must be on or after the date of death",
        ),
    ],
)
def test_the_moment_is_neither_in_the_future_nor_before_the_death(cast, when, message):
    with pytest.raises(ValidationError) as refused:
        actions.record_police_liaison(
            homicide=cast.homicide, by=cast.case_worker, kind=FLO, occurred_at=when(cast.homicide)
        )

    assert refused.value.message_dict["occurred_at"][0].startswith(message)


def test_the_day_of_the_death_is_allowed(cast):
    midnight = timezone.make_aware(datetime.combine(cast.homicide.date_of_death, time(0, 0)))

    made = actions.record_police_liaison(homicide=cast.homicide, by=cast.case_worker, kind=FLO, occurred_at=midnight)

    assert made.occurred_at == midnight


def test_notes_have_a_limit_and_the_kind_is_from_the_list(cast):
    with pytest.raises(ValidationError) as refused:
        actions.record_police_liaison(homicide=cast.homicide, by=cast.case_worker, kind="coffee", notes="x" * 5001)

    assert refused.value.message_dict == {
        "kind": ["Select what happened"],
        "notes": ["Notes must be 5,000 characters or fewer"],
    }
    actions.record_police_liaison(homicide=cast.homicide, by=cast.case_worker, kind=FLO, notes="x" * 5000)


@pytest.mark.parametrize(
    ("user_name", "allowed"),
    [
        ("national_manager", True),
        ("team_leader", True),
        ("case_worker", True),
        ("other_case_worker", False),
        ("other_team_leader", False),
        ("support_worker", False),
        ("volunteer", False),
        ("police_referrer", False),
        ("analyst", False),
    ],
)
def test_whoever_may_allocate_or_the_case_holder_may_record(cast, user_name, allowed):
    assert policies.may("record_police_liaison", getattr(cast, user_name), cast.homicide) is allowed


def test_whoever_covers_the_lead_holds_the_homicide(cast):
    from tests import factories as f

    today = timezone.localdate()
    f.CoverFactory(
        absent_worker=cast.case_worker,
        covering_worker=cast.other_case_worker,
        arranged_by=cast.team_leader,
        starts_on=today,
        ends_on=today + timedelta(days=3),
    )

    assert policies.may("record_police_liaison", cast.other_case_worker, cast.homicide)
    assert not policies.can_tell_sio(cast.other_case_worker, cast.homicide)


# ---- The pages --------------------------------------------------------------------------------------------


def test_the_homicide_page_lists_police_liaison_with_a_link_to_record(cast, allocated, signed_in):
    actions.record_police_liaison(
        homicide=cast.homicide, by=cast.team_leader, kind=SIO, occurred_at=_noon(2, cast.homicide), notes="DCI Sio"
    )

    page = signed_in(cast.case_worker).get(reverse("intake:homicide-detail", args=[cast.homicide.pk]))
    html = page.content.decode()

    assert page.status_code == 200
    assert 'id="police-liaison">Police liaison</h2>' in html
    assert "SIO told the allocated case worker&#x27;s name: Casey Worker" in html
    assert "DCI Sio" in html
    assert f'href="{_url(cast.homicide)}"' in html
    support = signed_in(cast.support_worker).get(reverse("intake:homicide-detail", args=[cast.homicide.pk]))
    assert "DCI Sio" in support.content.decode()  # they see the homicide, so its liaison ...
    assert f'href="{_url(cast.homicide)}"' not in support.content.decode()  # ... but record none


def test_the_form_offers_the_kinds_the_user_may_record(cast, signed_in):
    leader = signed_in(cast.team_leader).get(_url(cast.homicide))
    worker = signed_in(cast.case_worker).get(_url(cast.homicide))

    assert leader.status_code == 200 and worker.status_code == 200
    assert 'value="sio_told"' in leader.content.decode() and 'value="flo_contacted"' in leader.content.decode()
    assert 'value="sio_told"' not in worker.content.decode() and 'value="flo_contacted"' in worker.content.decode()


def test_the_form_records_and_returns_to_the_homicide(cast, allocated, signed_in):
    when = _noon(2, cast.homicide)

    response = signed_in(cast.team_leader).post(
        _url(cast.homicide), {"kind": "sio_told", **_moment("occurred_at", when), "notes": "By phone"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:homicide-detail", args=[cast.homicide.pk]) + "#police-liaison"
    made = PoliceLiaison.objects.get()
    assert (made.kind, made.occurred_at, made.notes) == (SIO, when, "By phone")
    assert made.named_case_worker == cast.case_worker


def test_the_form_shows_the_actions_errors_and_keeps_what_was_typed(cast, signed_in):
    response = signed_in(cast.team_leader).post(
        _url(cast.homicide), {"kind": "sio_told", **_moment("occurred_at", _noon(2, cast.homicide)), "notes": "Kept"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Nobody was the lead case worker on " in html
    assert 'type="radio" value="sio_told" checked>' in html
    day = timezone.localtime(_noon(2, cast.homicide)).day
    assert f'name="occurred_at_day" type="text" inputmode="numeric" value="{day}"' in html or f'value="{day}"' in html
    assert 'value="12:00"' in html
    assert ">Kept</textarea>" in html
    assert not PoliceLiaison.objects.exists()


def test_an_empty_form_says_what_is_missing(cast, signed_in):
    response = signed_in(cast.case_worker).post(_url(cast.homicide), {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Select what happened" in html and "Enter the date and time" in html


@pytest.mark.parametrize("user_name", ["support_worker", "other_case_worker", "other_team_leader", "analyst"])
def test_the_form_is_not_found_for_anyone_else(cast, signed_in, user_name):
    assert signed_in(getattr(cast, user_name)).get(_url(cast.homicide)).status_code == 404
    assert signed_in(getattr(cast, user_name)).post(_url(cast.homicide), {"kind": "flo_contacted"}).status_code == 404


# ---- The API ----------------------------------------------------------------------------------------------


def test_the_api_records_and_lists_police_liaison(cast, allocated, signed_in):
    api = Caller(signed_in(cast.team_leader))
    when = _noon(3, cast.homicide)

    made = api.post(_api(cast.homicide), {"kind": "sio_told", "occurred_at": when.isoformat(), "notes": "Phone"})
    listed = Caller(signed_in(cast.support_worker)).get(_api(cast.homicide))

    assert made.status_code == 201
    body = made.json()
    assert (body["kind"], body["named_case_worker"], body["named_case_worker_name"]) == (
        "sio_told",
        cast.case_worker.pk,
        "Casey Worker",
    )
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [body["id"]]


def test_the_api_answers_the_actions_rules_with_400(cast, signed_in):
    api = Caller(signed_in(cast.case_worker))

    future = api.post(_api(cast.homicide), {"kind": "flo_contacted", "occurred_at": "2999-01-01T10:00:00Z"})
    sio = api.post(_api(cast.homicide), {"kind": "sio_told"})

    assert future.status_code == 400
    assert future.json() == {"occurred_at": ["The date and time must be today or in the past"]}
    assert sio.status_code == 400
    assert sio.json() == {"kind": ["Only the team leader records telling the SIO the case worker's name"]}


def test_the_api_refuses_anyone_else_with_404(cast, signed_in):
    refused = Caller(signed_in(cast.support_worker)).post(_api(cast.homicide), {"kind": "flo_contacted"})
    assert refused.status_code == 404
    assert Caller(signed_in(cast.other_case_worker)).get(_api(cast.homicide)).status_code == 404
