"""Homicide records through the pages: the list, the record, changing details, allocation and no-referral reasons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from casework.models import ConsentOutcome, DeclineStage
from intake.models import Allocation
from intake.tests.helpers import date_parts
from tests import factories as f


def url(name: str, homicide) -> str:
    return reverse(f"intake:{name}", args=[homicide.pk])


@pytest.mark.django_db
def test_homicide_detail_writes_an_access_log_row(cast, signed_in):
    signed_in(cast.team_leader).get(url("homicide-detail", cast.homicide))
    assert (
        AccessLog.objects.filter(
            user=cast.team_leader, homicide=cast.homicide, person=None, view_name="homicide-detail"
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_outsiders_get_404_and_write_no_access_log(cast, signed_in):
    response = signed_in(cast.other_team_leader).get(url("homicide-detail", cast.homicide))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(homicide=cast.homicide).exists()


@pytest.mark.django_db
def test_support_worker_never_sees_offence_data(cast, signed_in):
    client = signed_in(cast.support_worker)
    for page in (url("homicide-detail", cast.homicide), reverse("intake:homicides")):
        content = client.get(page).content.decode()
        assert "OFFENCE-DATA-MARKER" not in content
        assert "suspect" not in content.lower()


@pytest.mark.parametrize("role", ["team_leader", "case_worker", "national_manager"])
@pytest.mark.django_db
def test_offence_data_roles_see_the_suspect_flag_and_notes(cast, signed_in, role):
    content = signed_in(getattr(cast, role)).get(url("homicide-detail", cast.homicide)).content.decode()
    assert "OFFENCE-DATA-MARKER" in content
    assert "A family member is a suspect" in content


@pytest.mark.django_db
def test_homicide_detail_shows_people_with_consent_status_and_links(cast, signed_in):
    declined = f.PersonFactory(homicide=cast.homicide, first_name="Dana", referred_at=None)
    f.ConsentFactory(
        person=declined,
        outcome=ConsentOutcome.DECLINED,
        decline_stage=DeclineStage.BEFORE_REFERRAL,
        recorded_by=cast.support_worker,
    )
    not_asked = f.PersonFactory(homicide=cast.homicide, first_name="Noor", referred_at=None)

    content = signed_in(cast.support_worker).get(url("homicide-detail", cast.homicide)).content.decode()
    rows = {p: content.split(p.full_name, 1)[1].split("</tr>", 1)[0] for p in (cast.person, declined, not_asked)}
    assert "Referred" in rows[cast.person]
    assert "Declined" in rows[declined]
    assert "Not asked yet" in rows[not_asked]
    assert reverse("casework:person-detail", args=[declined.pk]) in content
    assert reverse("casework:person-new", args=[cast.homicide.pk]) in content
    assert cast.notification.reference in content
    # Support workers add people but do not allocate.
    assert url("homicide-allocate", cast.homicide) not in content


@pytest.mark.django_db
def test_team_leader_sees_the_allocation_and_no_referral_actions(cast, signed_in):
    content = signed_in(cast.team_leader).get(url("homicide-detail", cast.homicide)).content.decode()
    assert url("homicide-allocate", cast.homicide) in content
    assert url("homicide-no-referral", cast.homicide) in content
    assert url("homicide-edit", cast.homicide) in content


@pytest.mark.django_db
def test_allocation_keeps_its_history(cast, signed_in):
    homicide = f.HomicideFactory(region=cast.london)
    client = signed_in(cast.team_leader)
    client.post(url("homicide-allocate", homicide), {"case_worker": cast.other_case_worker.pk, "note": "First"})
    response = client.post(url("homicide-allocate", homicide), {"case_worker": cast.case_worker.pk})

    assert response.url == url("homicide-detail", homicide)
    first, second = Allocation.objects.filter(homicide=homicide).order_by("allocated_at", "id")
    assert (first.case_worker, second.case_worker) == (cast.other_case_worker, cast.case_worker)
    assert first.ended_at is not None and second.ended_at is None
    assert first.allocated_by == cast.team_leader
    homicide.refresh_from_db()
    assert homicide.lead_case_worker == cast.case_worker

    content = client.get(url("homicide-detail", homicide)).content.decode()
    assert "Olly Worker" in content and "Casey Worker" in content and "Current" in content


@pytest.mark.django_db
def test_allocation_offers_only_the_regions_active_case_holders(cast, signed_in):
    retired = f.UserFactory(region=cast.london, full_name="Rita Retired", is_active=False)
    content = signed_in(cast.national_manager).get(url("homicide-allocate", cast.homicide)).content.decode()
    assert "Casey Worker" in content and "Tara Leader" in content
    for name in ("Sam Eastworker", "Sue Support", "Val Volunteer", retired.full_name):
        assert name not in content


@pytest.mark.django_db
def test_allocating_someone_from_another_region_is_refused(cast, signed_in):
    response = signed_in(cast.national_manager).post(
        url("homicide-allocate", cast.homicide), {"case_worker": cast.south_east_case_worker.pk}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Allocation.objects.filter(homicide=cast.homicide).exists()


@pytest.mark.django_db
def test_team_leader_records_why_nobody_was_referred(cast, signed_in):
    homicide = f.HomicideFactory(region=cast.london)
    client = signed_in(cast.team_leader)
    page = client.get(url("homicide-no-referral", homicide)).content.decode()
    for reason in (
        "SIO determines no engagement",
        "Family declined the service",
        "No next of kin",
        "Deceased not identified",
        "Unknown",
    ):
        assert reason in page
    client.post(url("homicide-no-referral", homicide), {"no_referral_reason": "no_next_of_kin"})
    homicide.refresh_from_db()
    assert homicide.no_referral_reason == "no_next_of_kin"


@pytest.mark.django_db
def test_no_referral_reason_is_refused_once_someone_is_referred(cast, signed_in):
    response = signed_in(cast.team_leader).post(
        url("homicide-no-referral", cast.homicide), {"no_referral_reason": "unknown"}
    )
    assert "Someone has been referred for this homicide" in response.content.decode()
    cast.homicide.refresh_from_db()
    assert cast.homicide.no_referral_reason == ""


@pytest.mark.django_db
def test_case_worker_changes_the_homicide_details(cast, signed_in):
    client = signed_in(cast.case_worker)
    form = client.get(url("homicide-edit", cast.homicide)).content.decode()
    assert "OFFENCE-DATA-MARKER" in form
    data = {
        "victim_first_name": "Renamed",
        "victim_last_name": "Testperson",
        **date_parts("victim_date_of_birth"),
        **date_parts("date_of_death", cast.homicide.date_of_death - timedelta(days=1)),
        "offence_type": "manslaughter",
        "place": "Another Invented Street",
        "abroad_country": "",
        "is_domestic": "on",
        "suspect_in_family": "",
        "investigation_notes": "Updated notes",
    }
    response = client.post(url("homicide-edit", cast.homicide), data)
    assert response.url == url("homicide-detail", cast.homicide)
    cast.homicide.refresh_from_db()
    assert (cast.homicide.victim_first_name, cast.homicide.offence_type, cast.homicide.is_domestic) == (
        "Renamed",
        "manslaughter",
        True,
    )
    assert cast.homicide.date_of_death == timezone.localdate() - timedelta(days=61)
    assert cast.homicide.suspect_in_family is False
    assert cast.homicide.investigation_notes == "Updated notes"


@pytest.mark.django_db
def test_a_future_date_of_death_is_refused_and_what_was_typed_kept(cast, signed_in):
    """The form has no review completion date: the review's own record holds it (reviews.actions)."""
    future = timezone.localdate() + timedelta(days=10)
    data = {
        "victim_first_name": "Renamed",
        "victim_last_name": "Testperson",
        **date_parts("date_of_death", future),
        "offence_type": "murder",
        "is_domestic": "on",
    }
    response = signed_in(cast.team_leader).post(url("homicide-edit", cast.homicide), data)
    content = response.content.decode()
    assert "There is a problem" in content
    assert "dhr_completed_on" not in content
    assert f'value="{future.year}"' in content and 'value="Renamed"' in content
    cast.homicide.refresh_from_db()
    assert cast.homicide.victim_first_name != "Renamed"


@pytest.mark.django_db
def test_homicides_list_filters(cast, signed_in):
    unallocated = f.HomicideFactory(region=cast.london, victim_first_name="Zephyr", victim_last_name="Madeup")
    closed = f.HomicideFactory(
        region=cast.london, no_referral_reason="no_next_of_kin", lead_case_worker=cast.case_worker
    )
    client = signed_in(cast.team_leader)
    page = reverse("intake:homicides")

    everything = client.get(page).content.decode()
    assert all(h.reference in everything for h in (cast.homicide, unallocated, closed))
    assert cast.other_homicide.reference not in everything
    assert 'name="region"' not in everything  # one region only: nothing to choose

    only_unallocated = client.get(page, {"unallocated": "1"}).content.decode()
    assert unallocated.reference in only_unallocated and cast.homicide.reference not in only_unallocated

    by_name = client.get(page, {"q": "zephyr"}).content.decode()
    assert unallocated.reference in by_name and cast.homicide.reference not in by_name
    by_reference = client.get(page, {"q": cast.homicide.reference}).content.decode()
    assert cast.homicide.reference in by_reference and unallocated.reference not in by_reference

    only_closed = client.get(page, {"status": "closed"}).content.decode()
    assert closed.reference in only_closed and cast.homicide.reference not in only_closed
    only_open = client.get(page, {"status": "open"}).content.decode()
    assert cast.homicide.reference in only_open and closed.reference not in only_open


@pytest.mark.django_db
def test_the_status_filter_does_not_tell_a_support_worker_which_homicides_are_domestic(cast, signed_in):
    # Nobody referred, so closed, but a domestic homicide stays open until its review is complete.
    domestic = f.HomicideFactory(region=cast.london, no_referral_reason="family_declined", is_domestic=True)
    page = reverse("intake:homicides")

    for user, status in ((cast.team_leader, "open"), (cast.support_worker, "closed")):
        listed = signed_in(user).get(page, {"status": status}).content.decode()
        assert domestic.reference in listed, (user.role, status)


@pytest.mark.django_db
def test_national_manager_filters_homicides_by_region(cast, signed_in):
    client = signed_in(cast.national_manager)
    page = client.get(reverse("intake:homicides"), {"region": cast.south_east.pk}).content.decode()
    assert 'name="region"' in page
    assert cast.other_homicide.reference in page and cast.homicide.reference not in page


@pytest.mark.django_db
def test_homicides_list_counts_people_referred(cast, signed_in):
    f.PersonFactory(homicide=cast.homicide)
    f.PersonFactory(homicide=cast.homicide, referred_at=None)  # not referred: not counted
    response = signed_in(cast.team_leader).get(reverse("intake:homicides"), HTTP_HX_REQUEST="true")
    row = response.content.decode().split(cast.homicide.reference, 1)[1].split("</tr>", 1)[0]
    assert row.rstrip().endswith('govuk-table__cell--numeric">2</td>')
    assert "<html" not in response.content.decode()


@pytest.mark.django_db
def test_a_homicide_cannot_lose_its_date_of_death(cast, signed_in):
    data = {"victim_first_name": "Renamed", "offence_type": "murder", **date_parts("date_of_death")}
    response = signed_in(cast.team_leader).post(url("homicide-edit", cast.homicide), data)
    assert "Enter the date of death" in response.content.decode()
    cast.homicide.refresh_from_db()
    assert cast.homicide.victim_first_name != "Renamed"
