"""Recording, reading and linking notifications, and the police hearing back, through the pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import BereavedPerson
from intake.models import Homicide, Notification
from intake.tests.helpers import date_parts, notification_data, people_data, person
from tests import factories as f

NEW = reverse("intake:notification-new")


def met(cast):
    return cast.london.police_forces.get(name="Metropolitan Police")


@pytest.mark.django_db
def test_support_worker_records_a_notification_and_links_it_to_a_new_homicide(cast, signed_in):
    client = signed_in(cast.support_worker)
    response = client.post(NEW, notification_data(police_force=met(cast).pk))

    notification = Notification.objects.get(victim_last_name="Fictional")
    assert response.status_code == 302
    assert response.url == reverse("intake:notification-detail", args=[notification.pk])
    assert notification.submitted_by == cast.support_worker
    assert notification.region == cast.london
    assert notification.homicide is None

    detail = client.get(response.url)
    assert "Link to a homicide" in detail.content.decode()

    link_url = reverse("intake:notification-link", args=[notification.pk])
    page = client.get(link_url).content.decode()
    assert "No homicide you can see looks like this one." in page
    assert "This is a new homicide" in page

    response = client.post(link_url, {"homicide": "new"})
    notification.refresh_from_db()
    homicide = notification.homicide
    assert response.url == reverse("intake:homicide-detail", args=[homicide.pk])
    assert (homicide.victim_last_name, homicide.region, homicide.police_force) == ("Fictional", cast.london, met(cast))


@pytest.mark.django_db
def test_linking_shows_the_possible_duplicate_and_links_to_it(cast, signed_in):
    client = signed_in(cast.support_worker)
    notification = f.NotificationFactory(
        region=cast.london,
        submitted_by=cast.support_worker,
        source="media",
        victim_last_name="TESTPERSON",
        date_of_death=cast.homicide.date_of_death + timedelta(days=1),
    )
    link_url = reverse("intake:notification-link", args=[notification.pk])

    page = client.get(link_url).content.decode()
    assert cast.homicide.reference in page
    assert "Casey Worker" in page  # the lead case worker, so staff can tell the records apart
    assert cast.other_homicide.reference not in page  # same surname and date, but another region's record

    response = client.post(link_url, {"homicide": str(cast.homicide.pk)})
    notification.refresh_from_db()
    assert notification.homicide == cast.homicide
    assert response.url == reverse("intake:homicide-detail", args=[cast.homicide.pk])
    assert Homicide.objects.count() == 2


@pytest.mark.django_db
def test_a_homicide_outside_the_duplicates_cannot_be_posted_to_the_link_page(cast, signed_in):
    notification = f.NotificationFactory(region=cast.london, submitted_by=cast.support_worker)
    response = signed_in(cast.support_worker).post(
        reverse("intake:notification-link", args=[notification.pk]), {"homicide": str(cast.other_homicide.pk)}
    )
    notification.refresh_from_db()
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert notification.homicide is None


@pytest.mark.django_db
def test_a_linked_notification_goes_back_to_its_page_instead_of_relinking(cast, signed_in):
    response = signed_in(cast.team_leader).get(reverse("intake:notification-link", args=[cast.notification.pk]))
    assert response.status_code == 302
    assert response.url == reverse("intake:notification-detail", args=[cast.notification.pk])


@pytest.mark.django_db
def test_police_referrer_submits_two_people_and_hears_the_case_worker_once_allocated(cast, signed_in):
    police = signed_in(cast.police_referrer)
    form_page = police.get(NEW).content.decode()
    assert 'name="source"' not in form_page  # the police do not choose: it is a police notification
    assert 'name="police_force"' not in form_page

    data = {
        **notification_data(source="media", police_force=""),
        "suspect_in_family": "on",
        **people_data(person("Paula", "parent"), person("Kit", "sibling", "child")),
    }
    response = police.post(NEW, data)

    assert response.status_code == 302
    notification = Notification.objects.get(victim_last_name="Fictional")
    assert notification.source == "police"
    assert notification.police_force == met(cast)
    assert notification.suspect_in_family is True
    homicide = notification.homicide
    people = BereavedPerson.objects.filter(homicide=homicide).order_by("first_name")
    assert [(p.first_name, p.referred_at is not None) for p in people] == [("Kit", True), ("Paula", True)]

    listing = police.get(reverse("intake:notifications")).content.decode()
    # The police hear back their acknowledgement and the case worker's name, not the service's record.
    assert homicide.reference not in listing
    assert "Received and recorded" in listing
    assert "Not allocated yet" in listing

    signed_in(cast.team_leader).post(
        reverse("intake:homicide-allocate", args=[homicide.pk]), {"case_worker": cast.other_case_worker.pk}
    )
    police = signed_in(cast.police_referrer)
    listing = police.get(reverse("intake:notifications")).content.decode()
    assert "Olly Worker" in listing
    assert "Not allocated yet" not in listing
    # The police hear back; they do not open the service's records.
    assert reverse("intake:homicide-detail", args=[homicide.pk]) not in listing


@pytest.mark.django_db
def test_a_police_referral_with_a_half_filled_person_saves_nothing(cast, signed_in):
    data = {
        **notification_data(),
        **people_data(person("Paula"), {"first_name": "Kit", "last_name": "", "age_group": ""}),
    }
    response = signed_in(cast.police_referrer).post(NEW, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Person 2:" in page
    assert 'value="Paula"' in page and 'value="Kit"' in page
    assert not Notification.objects.filter(victim_last_name="Fictional").exists()
    assert not BereavedPerson.objects.filter(last_name="Fictional").exists()


FORM_ERRORS = {
    "a date of death in the future": (
        date_parts("date_of_death", timezone.localdate() + timedelta(days=3)),
        "Date of death must be today or in the past",
    ),
    "an impossible date": (date_parts("date_of_death", day="31", month="2", year="2025"), "Enter a real date"),
    "a missing notifier name": ({"notifier_name": ""}, "Enter the name of the person who told us"),
}


@pytest.mark.parametrize("mistake", FORM_ERRORS)
@pytest.mark.django_db
def test_form_errors_show_the_summary_keep_what_was_typed_and_save_nothing(cast, signed_in, mistake):
    overrides, message = FORM_ERRORS[mistake]
    before = Notification.objects.count()
    response = signed_in(cast.support_worker).post(NEW, notification_data(police_force=met(cast).pk, **overrides))
    page = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in page
    assert "govuk-error-summary" in page
    assert message in page
    assert 'value="Imogen"' in page and 'value="Made-up Road, Nowhereton"' in page
    for name, value in overrides.items():
        if value:
            assert f'name="{name}" type="text" inputmode="numeric" value="{value}"' in page
    assert Notification.objects.count() == before
    assert Homicide.objects.count() == 2


@pytest.mark.django_db
def test_posted_region_submitter_and_homicide_are_ignored(cast, signed_in):
    data = notification_data(
        police_force=met(cast).pk,
        region=cast.south_east.pk,
        submitted_by=cast.other_support_worker.pk,
        homicide=cast.other_homicide.pk,
    )
    signed_in(cast.support_worker).post(NEW, data)
    notification = Notification.objects.get(victim_last_name="Fictional")
    assert notification.region == cast.london  # follows the force
    assert notification.submitted_by == cast.support_worker
    assert notification.homicide is None


@pytest.mark.django_db
def test_region_follows_the_force_not_the_person_recording(cast, signed_in):
    kent = cast.south_east.police_forces.order_by("name").first()
    signed_in(cast.national_manager).post(NEW, notification_data(police_force=kent.pk))
    assert Notification.objects.get(victim_last_name="Fictional").region == cast.south_east


@pytest.mark.django_db
def test_a_double_submit_records_one_notification(cast, signed_in):
    client = signed_in(cast.support_worker)
    data = notification_data(police_force=met(cast).pk, idempotency_key="a-form-key")
    first, second = client.post(NEW, data), client.post(NEW, data)
    assert first.url == second.url
    assert Notification.objects.filter(victim_last_name="Fictional").count() == 1


@pytest.mark.django_db
def test_support_worker_never_sees_or_sets_the_suspect_flag(cast, signed_in):
    client = signed_in(cast.support_worker)
    assert "suspect" not in client.get(NEW).content.decode().lower()
    client.post(NEW, notification_data(police_force=met(cast).pk, suspect_in_family="on"))
    assert Notification.objects.get(victim_last_name="Fictional").suspect_in_family is False

    cast.notification.suspect_in_family = True
    cast.notification.save()
    detail = client.get(reverse("intake:notification-detail", args=[cast.notification.pk])).content.decode()
    assert "suspect" not in detail.lower()


@pytest.mark.django_db
def test_team_leader_sees_the_suspect_flag_on_a_notification(cast, signed_in):
    cast.notification.suspect_in_family = True
    cast.notification.save()
    page = signed_in(cast.team_leader).get(reverse("intake:notification-detail", args=[cast.notification.pk]))
    assert "A family member is a suspect" in page.content.decode()


@pytest.mark.django_db
def test_notifications_list_filters_by_source_and_unlinked(cast, signed_in):
    unlinked = f.NotificationFactory(region=cast.london, submitted_by=cast.support_worker, source="media")
    client = signed_in(cast.support_worker)
    url = reverse("intake:notifications")

    everything = client.get(url).content.decode()
    assert cast.notification.reference in everything and unlinked.reference in everything
    assert cast.other_notification.reference not in everything

    only_unlinked = client.get(url, {"unlinked": "1"}).content.decode()
    assert unlinked.reference in only_unlinked and cast.notification.reference not in only_unlinked
    assert "Not linked" in only_unlinked

    only_police = client.get(url, {"source": "police"}).content.decode()
    assert cast.notification.reference in only_police and unlinked.reference not in only_police


@pytest.mark.django_db
def test_notifications_filter_over_htmx_returns_only_the_results(cast, signed_in):
    response = signed_in(cast.team_leader).get(
        reverse("intake:notifications"), {"source": "police"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert cast.notification.reference in page
    assert "<html" not in page and "<form" not in page


@pytest.mark.django_db
def test_notifications_list_shows_received_time_in_uk_time(cast, signed_in):
    # 23:30 UTC on a summer day is 00:30 the next day in London.
    received = datetime(2025, 7, 1, 23, 30, tzinfo=UTC)
    f.NotificationFactory(region=cast.london, submitted_by=cast.support_worker, received_at=received)
    page = signed_in(cast.support_worker).get(reverse("intake:notifications")).content.decode()
    assert "2 Jul 2025, 00:30" in page


@pytest.mark.django_db
def test_notifications_list_is_paginated_newest_first(cast, signed_in):
    now = timezone.now()
    made = [
        f.NotificationFactory(
            region=cast.london, submitted_by=cast.support_worker, received_at=now - timedelta(hours=i)
        )
        for i in range(51)
    ]
    client = signed_in(cast.support_worker)
    first = client.get(reverse("intake:notifications")).content.decode()
    assert made[0].reference in first and made[49].reference in first
    assert made[50].reference not in first
    assert first.index(made[0].reference) < first.index(made[1].reference)
    second = client.get(reverse("intake:notifications"), {"page": "2"}).content.decode()
    assert made[50].reference in second and cast.notification.reference in second
