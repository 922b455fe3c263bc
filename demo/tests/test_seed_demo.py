"""seed_demo and demo_sign_ins: every role, deterministic, idempotent, and data that keeps the models' rules."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import Role
from accounts.otp import verify_code
from casework.models import (
    AgreedAction,
    AssessmentNeed,
    BereavedPerson,
    CaseEpisode,
    ConsentDecision,
    Contact,
    ExitPlan,
    NeedsAssessment,
    SupportGiven,
    VolunteerAssignment,
)
from demo import generator
from intake.models import (
    ELIGIBLE_OFFENCES,
    Allocation,
    Homicide,
    LiaisonKind,
    Notification,
    NotificationSource,
    PoliceLiaison,
)
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
    # Every referred person has an episode per period of support, and an open case exactly one open episode; a few
    # closed cases were reopened, long-open ones have exit plans, and no closed case keeps an agreed action open.
    referred = BereavedPerson.objects.filter(referred_at__isnull=False)
    assert not referred.annotate(n=Count("episodes")).filter(n=0).exists()
    open_episodes = Count("episodes", filter=Q(episodes__closed_on__isnull=True))
    assert not referred.filter(closed_on__isnull=True).annotate(n=open_episodes).exclude(n=1).exists()
    assert not referred.filter(closed_on__isnull=False).annotate(n=open_episodes).exclude(n=0).exists()
    # (Reopening's rate is tested in demo/tests/test_closure_demo.py: at this scale a few percent may be none.)
    assert CaseEpisode.objects.exclude(reopened_reason="").count() < CaseEpisode.objects.count() / 10
    assert ExitPlan.objects.filter(planned_on__gt=F("episode__opened_at__date")).exists()
    assert not AgreedAction.objects.filter(
        assessment__person__closed_on__isnull=False, completed_on__isnull=True, cancelled_on__isnull=True
    ).exists()
    # Someone who declined after being referred is not an open case.
    assert BereavedPerson.objects.filter(closure_reason="declined", closed_on__isnull=False).exists()


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
    assert (
        not BereavedPerson.objects.filter(
            closed_on__isnull=False, homicide__is_domestic=True, homicide__dhr_completed_on__isnull=True
        )
        .exclude(closure_reason="declined")
        .exists()
    )
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


def _sorted(rows) -> list:
    return sorted(rows, key=repr)  # some values are None


def full_fingerprint() -> dict:
    """Every record's content, without ids, references and creation times (which the two paths give apart)."""
    return {
        "homicides": _sorted(
            Homicide.objects.values_list(
                "region__code", "police_force__name", "victim_first_name", "victim_last_name", "date_of_death",
                "offence_type", "is_domestic", "dhr_completed_on", "suspect_in_family", "lead_case_worker__email",
                "no_referral_reason", "place", "abroad_country", "cases_finished",
            )
        ),
        "notifications": _sorted(
            Notification.objects.values_list(
                "source", "received_at", "region__code", "submitted_by__email", "notifier_name",
                "homicide__victim_last_name", "homicide__date_of_death",
            )
        ),
        "allocations": _sorted(Allocation.objects.values_list("homicide__date_of_death", "case_worker__email",
                                                            "allocated_by__email", "allocated_at")),
        "police liaison": _sorted(PoliceLiaison.objects.values_list(
            "homicide__date_of_death", "homicide__victim_last_name", "kind", "occurred_at", "named_case_worker__email",
            "recorded_by__email",
        )),
        "people": _sorted(
            BereavedPerson.objects.values_list(
                "first_name", "last_name", "homicide__date_of_death", "relationship_to_victim", "date_of_birth",
                "referred_at", "closed_on", "closure_reason", "postcode",
            )
        ),
        "consent": _sorted(ConsentDecision.objects.values_list(
            "person__first_name", "outcome", "decided_at", "decline_stage", "review_on", "recorded_by__email"
        )),
        "contacts": _sorted(Contact.objects.values_list(
            "person__first_name", "person__last_name", "kind", "by_volunteer", "made_by__email", "occurred_at",
            "duration_minutes", "notes",
        )),
        "assessments": _sorted(NeedsAssessment.objects.values_list(
            "person__first_name", "kind", "case_stage", "assessed_on", "assessed_by__email"
        )),
        "needs": _sorted(AssessmentNeed.objects.values_list("assessment__assessed_on", "need__name")),
        "actions": _sorted(AgreedAction.objects.values_list("assessment__assessed_on", "description", "review_on",
                                                          "completed_on", "cancelled_on")),
        "episodes": _sorted(CaseEpisode.objects.values_list(
            "person__first_name", "person__last_name", "opened_at", "closed_on", "closure_reason", "reopened_reason"
        )),
        "exit plans": _sorted(ExitPlan.objects.values_list(
            "episode__person__first_name", "planned_on", "conditions", "reviewed_on"
        )),
        "support": _sorted(SupportGiven.objects.values_list("person__first_name", "support_type__code", "given_on",
                                                          "assessment__assessed_on")),
        "volunteers": _sorted(VolunteerAssignment.objects.values_list("person__first_name", "volunteer__email",
                                                                    "task", "assigned_by__email")),
    }  # fmt: skip


def test_the_bulk_path_writes_the_same_records_as_the_actions(db):
    now = timezone.now()
    users = generator.ensure_accounts()
    with transaction.atomic():
        generator.generate_history(users, scale=0.5, seed=5, now=now)
        through_actions = full_fingerprint()
        transaction.set_rollback(True)

    generator.generate_history(users, scale=0.5, seed=5, now=now, bulk=True)

    assert full_fingerprint() == through_actions
    assert len(through_actions["contacts"]) > 100
    assert len(through_actions["police liaison"]) > 10


def test_the_bulk_path_records_each_record_in_the_history_with_who_seeded_it(db):
    out = StringIO()
    call_command("seed_demo", "--scale", str(SMALL), "--bulk", stdout=out)

    nina = generator.demo_users().get(role=Role.NATIONAL_MANAGER)
    for model in (
        Homicide,
        Notification,
        PoliceLiaison,
        BereavedPerson,
        ConsentDecision,
        Contact,
        NeedsAssessment,
        SupportGiven,
    ):
        events = model.pgh_event_model.objects.filter(pgh_label="insert")
        assert events.count() == model.objects.count() > 0, model
        assert not events.filter(pgh_context__isnull=True).exists(), model
        assert list(events.values_list("pgh_context__metadata", flat=True).distinct()) == [
            {"user": nina.pk, "action": "seed_demo"}
        ]
    # The insert events hold the record's state as copied (a child linked to a guardian afterwards has an update too).
    person = BereavedPerson.objects.filter(referred_at__isnull=False).first()
    event = BereavedPerson.pgh_event_model.objects.get(pgh_obj_id=person.pk, pgh_label="insert")
    assert event.referred_at == person.referred_at
    # Ids and references carry on where the copy ended.
    later = Homicide.objects.create(region=person.homicide.region, date_of_death=timezone.localdate(),
                                    offence_type="murder", reference="HOM-TEST")  # fmt: skip
    assert later.pk > Homicide.objects.exclude(pk=later.pk).order_by("-pk").first().pk


def test_above_the_evaluations_volume_teams_grow_so_caseloads_and_tasks_stay_their_size(db):
    users = generator.ensure_accounts()

    london = [t for t in generator.teams(users, scale=15) if t.region.code == "london"][0]

    # Twice the evaluation's volume (scale 7.5): twice the case workers, the four named ones among them.
    assert len(london.case_workers) == 8
    assert {u.email.split(".")[0] for u in london.case_workers[:4]} == {"casey", "cameron", "corey", "carmen"}
    extra = london.case_workers[4:]
    assert all(u.role == Role.CASE_WORKER and u.region == london.region for u in extra)
    assert not any(u.has_usable_password() for u in extra)
    # Made once: asking again gives the same accounts.
    again = [t for t in generator.teams(users, scale=15) if t.region.code == "london"][0]
    assert [u.pk for u in again.case_workers] == [u.pk for u in london.case_workers]
    assert len(generator.teams(users, scale=7.5)[0].case_workers) == 4
    # Volunteers too, so that a volunteer's list of tasks stays the size it was.
    assert len(london.volunteers) == 4
    assert {u.email.split(".")[0] for u in london.volunteers[:2]} == {"val", "vic"}
    assert all(u.role == Role.VOLUNTEER and u.region == london.region for u in london.volunteers[2:])
    assert not any(u.has_usable_password() for u in london.volunteers[2:])
    assert len(generator.teams(users, scale=7.5)[0].volunteers) == 2


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


def test_seeded_reviews_keep_the_review_rules_at_realistic_rates(db):
    """Every demo review, offer and meeting passes the actions' own checks; most domestic homicides have a review
    and most reviews' families an offer of advocacy."""
    from intake.models import ELIGIBLE_OFFENCES
    from reviews import actions as review_rules
    from reviews.models import AdvocacyOffer, ChairMeeting, DomesticHomicideReview

    seed("--seed", "7", "--scale", "3")
    reviews = list(DomesticHomicideReview.objects.select_related("homicide"))
    domestic = Homicide.objects.filter(
        is_domestic=True, lead_case_worker__isnull=False, offence_type__in=ELIGIBLE_OFFENCES
    ).count()
    for review in reviews:
        review_rules._validate_review(review)
        assert review.homicide.dhr_completed_on == review.completed_on
    for offer in AdvocacyOffer.objects.select_related("review__homicide"):
        review_rules._validate_offer(offer)
    for meeting in ChairMeeting.objects.select_related("review"):
        assert meeting.met_on >= meeting.review.chair_appointed_on
    decided = [r for r in reviews if r.decision == "review"]
    offered = {o.review_id for o in AdvocacyOffer.objects.all()}
    assert len(reviews) >= domestic * 0.6
    assert len(offered) >= len(decided) * 0.6


def test_seeded_outcomes_and_equality_keep_their_rules_and_improve_modestly(seeded):
    from django.db.models import Avg, OuterRef, Q, Subquery

    from equality.models import EQUALITY_FIELDS, EqualityRecord
    from outcomes.models import OutcomeCategory, OutcomeMeasure, OutcomeScore

    today = timezone.localdate()
    measures = OutcomeMeasure.objects.all()
    records = EqualityRecord.objects.all()
    assert measures.filter(point="start").exists() and records.exists()
    assert not measures.filter(person__referred_at__isnull=True).exists()
    assert not measures.filter(measured_on__lt=F("person__referred_at__date")).exists()
    assert not measures.filter(measured_on__gt=today).exists()
    assert not measures.filter(measured_on__gt=F("person__closed_on")).exists()
    for point in ("start", "exit"):
        assert not measures.filter(point=point).values("person").annotate(n=Count("id")).filter(n__gt=1).exists()
    start_on = OutcomeMeasure.objects.filter(person=OuterRef("person"), point="start").values("measured_on")[:1]
    assert not measures.exclude(point="start").filter(measured_on__lt=Subquery(start_on)).exists()
    assert OutcomeScore.objects.count() == measures.count() * OutcomeCategory.objects.filter(is_active=True).count()
    assert OutcomeScore.objects.filter(score__isnull=True).exists()
    first = OutcomeScore.objects.filter(measure__point="start").aggregate(a=Avg("score"))["a"]
    later = OutcomeScore.objects.filter(measure__point__in=["review", "exit"]).aggregate(a=Avg("score"))["a"]
    assert later is None or 0 <= later - first < 1.5
    # Most people answered; some preferred not to say, some questions were left blank; all answers from the lists.
    assert records.count() >= BereavedPerson.objects.count() // 2
    assert records.filter(Q(ethnic_group="not_said") | Q(religion="not_said")).exists()
    assert records.filter(Q(ethnic_group="") | Q(religion="")).exists() or records.count() < 20
    for field, choices in EQUALITY_FIELDS.items():
        assert not records.exclude(**{f"{field}__in": [*choices.values, ""]}).exists()
    assert not records.filter(person__age_group="child").exclude(age_band__in=["under_18", "not_said", ""]).exists()


def test_seeded_police_liaison_is_mostly_within_a_day_some_later_some_missing(db):
    """The rates, on the bulk path (the action path's records are the same, and pass the action's rules: see
    `test_the_bulk_path_writes_the_same_records_as_the_actions`)."""
    seed("--seed", "7", "--scale", "1", "--bulk")
    allocated = Homicide.objects.filter(allocations__isnull=False).distinct()
    liaison = PoliceLiaison.objects.all()
    told = liaison.filter(kind=LiaisonKind.SIO_TOLD)
    flo = liaison.filter(kind=LiaisonKind.FLO_CONTACTED)
    first_allocated = {a.homicide_id: a.allocated_at for a in Allocation.objects.order_by("-allocated_at")}

    assert allocated.count() > 10
    # Each at most once a homicide, never before its allocation nor in the future; the SIO given the lead's name.
    assert told.count() == told.values("homicide").distinct().count()
    assert flo.count() == flo.values("homicide").distinct().count()
    assert all(row.occurred_at >= first_allocated[row.homicide_id] for row in liaison)
    assert not liaison.filter(occurred_at__gt=timezone.now()).exists()
    assert not told.exclude(named_case_worker=F("homicide__lead_case_worker")).exists()
    assert not told.exclude(recorded_by__role=Role.TEAM_LEADER).exists()
    # Most allocated homicides have both; some were late, some are missing.
    assert 0.6 < told.count() / allocated.count() < 1 and 0.6 < flo.count() / allocated.count() < 1
    late = [row for row in flo if row.occurred_at - first_allocated[row.homicide_id] > timedelta(hours=24)]
    assert 0 < len(late) < flo.count() / 2
