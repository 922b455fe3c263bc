"""seed_demo and demo_sign_ins: every role, deterministic, idempotent, and data that keeps the models' rules."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from accounts.models import Role
from accounts.otp import verify_code
from casework.models import AgreedAction, BereavedPerson, ConsentDecision, Contact, NeedsAssessment, SupportGiven
from demo import generator
from intake.models import ELIGIBLE_OFFENCES, Homicide, Notification, NotificationSource
from organisation.models import Region

SMALL = 0.15  # three homicides per region


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--scale", str(SMALL), *args, stdout=out)
    return out.getvalue()


def fingerprint() -> tuple:
    return (
        generator.counts(),
        sorted(Homicide.objects.values_list("victim_first_name", "victim_last_name", "date_of_death")),
        sorted(BereavedPerson.objects.values_list("first_name", "last_name", "relationship_to_victim")),
        sorted(Contact.objects.values_list("kind", "by_volunteer", "duration_minutes")),
    )


@pytest.fixture
def seeded(db):
    seed("--seed", "7")


def test_seed_demo_creates_every_role_and_a_full_team_per_region(seeded):
    assert generator.roles_seeded() == {r.value for r in Role}
    for region in Region.objects.all():
        team = generator.demo_users().filter(region=region)
        assert team.filter(role=Role.TEAM_LEADER).count() == 1
        assert team.filter(role=Role.CASE_WORKER).count() == 4
        assert team.filter(role=Role.SUPPORT_WORKER).count() == 1
        assert team.filter(role=Role.VOLUNTEER).count() == 2
    police = generator.demo_users().get(role=Role.POLICE_REFERRER)
    assert police.police_force.name == "Metropolitan Police"


def test_seed_demo_writes_a_history_for_every_region_from_every_source(seeded):
    for region in Region.objects.all():
        assert Homicide.objects.filter(region=region).count() >= 3
    assert BereavedPerson.objects.filter(referred_at__isnull=False).exists()
    assert Contact.objects.filter(by_volunteer=False).exists()
    assert NeedsAssessment.objects.filter(kind="initial").exists()
    assert SupportGiven.objects.exists()
    assert Notification.objects.filter(source=NotificationSource.POLICE).exists()


def test_larger_scale_covers_declines_closures_sources_and_volunteers(db):
    call_command("seed_demo", "--scale", "1", "--seed", "3", stdout=StringIO())

    sources = set(Notification.objects.values_list("source", flat=True))
    assert {"police", "foreign_office", "self_referral", "media"} <= sources
    assert ConsentDecision.objects.filter(outcome="declined").exclude(decline_stage="").exists()
    assert not ConsentDecision.objects.filter(outcome="declined", review_on__isnull=True).exists()
    assert Homicide.objects.exclude(no_referral_reason="").exists()
    assert BereavedPerson.objects.filter(closed_on__isnull=False).exists()
    assert BereavedPerson.objects.filter(age_group="child").exists()
    assert Contact.objects.filter(by_volunteer=True, made_by__role=Role.VOLUNTEER).exists()
    assert SupportGiven.objects.filter(support_type__commissioned=True).exists()
    assert NeedsAssessment.objects.filter(kind="ongoing", needs__isnull=False).exists()
    # Some homicides were notified more than once: one record each.
    assert Homicide.objects.annotate(n=Count("notifications")).filter(n__gt=1).exists()


def test_the_same_seed_gives_the_same_data(db):
    with transaction.atomic():
        seed("--seed", "11")
        first = fingerprint()
        transaction.set_rollback(True)
    assert generator.counts()["homicides"] == 0

    seed("--seed", "11")

    assert fingerprint() == first


def test_a_different_seed_gives_different_data(db):
    with transaction.atomic():
        seed("--seed", "11")
        first = fingerprint()
        transaction.set_rollback(True)

    seed("--seed", "12")

    assert fingerprint() != first


def test_if_empty_does_nothing_once_demo_accounts_exist(seeded):
    before = fingerprint()

    output = seed("--if-empty", "--seed", "99")

    assert "nothing done" in output
    assert fingerprint() == before


def test_seeding_again_resets_the_accounts_but_does_not_add_history(seeded):
    before = generator.counts()
    user = generator.demo_users().get(email=f"casey.london@{generator.DEMO_DOMAIN}")
    user.set_password("something else entirely")
    user.save()

    seed("--seed", "7")

    assert generator.counts() == before
    user.refresh_from_db()
    assert user.check_password(generator.DEMO_PASSWORD)


def test_seeded_records_keep_the_models_rules(seeded):
    today = timezone.localdate()
    now = timezone.now()
    contacts = Contact.objects.all()
    assert contacts.exists()
    assert not contacts.filter(occurred_at__date__lt=F("person__homicide__date_of_death")).exists()
    assert not contacts.filter(occurred_at__lt=F("person__referred_at")).exists()
    assert not contacts.filter(occurred_at__gt=now).exists()
    assert not contacts.filter(occurred_at__date__gt=F("person__closed_on")).exists()
    assert not contacts.filter(by_volunteer=True).exclude(made_by__role=Role.VOLUNTEER).exists()
    assert not contacts.filter(person__referred_at__isnull=True).exists()
    assessments = NeedsAssessment.objects.all()
    assert not assessments.filter(assessed_on__lt=F("person__homicide__date_of_death")).exists()
    assert not assessments.filter(assessed_on__gt=today).exists()
    assert not assessments.filter(assessed_on__gt=F("person__closed_on")).exists()
    assert not AgreedAction.objects.filter(review_on__lt=F("assessment__assessed_on")).exists()
    assert not AgreedAction.objects.filter(completed_on__gt=today).exists()
    support = SupportGiven.objects.all()
    assert not support.filter(given_on__lt=F("person__homicide__date_of_death")).exists()
    assert not support.filter(given_on__gt=today).exists()
    assert not support.filter(given_on__gt=F("person__closed_on")).exists()
    assert not support.exclude(assessment__person=F("person")).exists()
    assert not BereavedPerson.objects.filter(closed_on__lt=F("referred_at__date")).exists()
    assert not BereavedPerson.objects.filter(
        closed_on__isnull=False, homicide__is_domestic=True, homicide__dhr_completed_on__isnull=True
    ).exists()
    assert not Notification.objects.filter(homicide__isnull=True).exists()
    assert not Notification.objects.filter(received_at__date__lt=F("date_of_death")).exists()
    assert not Homicide.objects.filter(date_of_death__gt=today).exists()
    # Eligible homicides have a lead case worker from their own region.
    eligible = Homicide.objects.filter(offence_type__in=ELIGIBLE_OFFENCES)
    assert not eligible.filter(lead_case_worker__isnull=True).exists()
    assert not eligible.exclude(lead_case_worker__region=F("region")).exists()
    # A homicide with a reason for nobody referred has nobody referred.
    assert (
        not Homicide.objects.exclude(no_referral_reason="").filter(bereaved_people__referred_at__isnull=False).exists()
    )


def test_demo_sign_ins_prints_each_account_with_working_codes(seeded):
    out = StringIO()
    call_command("demo_sign_ins", "--code", stdout=out)
    text = out.getvalue()

    assert "FOR THE DEMO ONLY" in text and generator.DEMO_PASSWORD in text
    for account in generator.demo_accounts():
        line = next(line for line in text.splitlines() if account.email in line)
        assert account.totp_secret in line
        assert account.backup_codes[0] in line
        user = generator.demo_users().get(email=account.email)
        code = line.split()[-1]
        assert verify_code(user, code) is not None
        assert user.check_password(generator.DEMO_PASSWORD)


def test_a_used_backup_code_is_replaced_by_the_next_in_the_list(seeded):
    account = generator.demo_accounts()[0]
    user = generator.demo_users().get(email=account.email)
    assert verify_code(user, account.backup_codes[0]) is not None

    out = StringIO()
    call_command("demo_sign_ins", stdout=out)

    line = next(line for line in out.getvalue().splitlines() if account.email in line)
    assert account.backup_codes[1] in line and account.backup_codes[0] not in line


def test_seeded_journeys_keep_the_journey_rules(seeded):
    from justice.models import LISTED_KINDS, EventKind, JourneyEvent

    events = list(JourneyEvent.objects.select_related("homicide", "defendant"))
    assert events
    today = timezone.localdate()
    for event in events:
        assert event.occurred_on >= event.homicide.date_of_death
        assert event.occurred_on <= today or event.kind in LISTED_KINDS
        if event.kind in {EventKind.CHARGE, EventKind.VERDICT}:
            assert event.defendant.homicide_id == event.homicide_id
    for homicide_id in {e.homicide_id for e in events if e.kind == EventKind.TRIAL_ENDED}:
        started = max(e.occurred_on for e in events if e.homicide_id == homicide_id and e.kind == "trial_started")
        ended = max(e.occurred_on for e in events if e.homicide_id == homicide_id and e.kind == "trial_ended")
        assert ended >= started
