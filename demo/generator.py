"""Deterministic synthetic data for demos, tests and benchmarks. Every name, place and note is invented.

`ensure_accounts()` makes one demo user of every role (a team per region) with a known password, a fixed
authenticator key and fixed backup codes. `generate_history()` writes about nine months of casework per region
through the intake and casework actions (so the models' rules hold), except contacts, which are many and
are written in bulk after the same checks. The same seed, scale and day give the same records.
"""

from __future__ import annotations

import hashlib
import random
from base64 import b32encode
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pghistory
import pgtrigger
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.otp import AUTHENTICATOR_APP, BACKUP_CODE_COUNT, BACKUP_CODES
from casework import actions as casework
from casework.models import (
    AgeGroup,
    AgreedAction,
    AssessmentNeed,
    BereavedPerson,
    CaseEpisode,
    CaseStage,
    ClosureReason,
    ConsentDecision,
    ConsentOutcome,
    Contact,
    ContactKind,
    Cover,
    DeclineStage,
    ExitPlan,
    Gender,
    NeedsAssessment,
    NeedType,
    Relationship,
    SupportGiven,
    SupportType,
    VolunteerAssignment,
    contact_stages_sql,
)
from commissioning.models import Budget, CicaApplication, CommissionedService, Provider
from demo import tracked
from demo.closure import add_exits
from demo.commissioning import generate_money
from demo.corrections import add_errors
from demo.covers import add_cover
from demo.outcomes import add_outcomes_and_equality
from demo.reviews import add_reviews
from demo.safeguarding import add_safeguarding
from demo.volunteering import add_volunteering
from equality.models import EqualityRecord
from intake import actions as intake
from intake.models import (
    ELIGIBLE_OFFENCES,
    Homicide,
    LiaisonKind,
    NoReferralReason,
    Notification,
    NotificationSource,
    OffenceType,
)
from justice.models import Defendant, EventKind, JourneyEvent
from organisation.models import PoliceForce, Region
from outcomes.models import OutcomeMeasure
from reviews.models import AdvocacyOffer, DomesticHomicideReview
from safeguarding.models import RiskCheck, SafeguardingConcern
from volunteering.models import VolunteerUpdate
from waypoint.database import as_owner

DEMO_DOMAIN = "demo.waypoint.test"
DEMO_PASSWORD = "Waypoint-demo-2026"  # noqa: S105 - the published password of the demo accounts only
HOMICIDES_PER_REGION = 20  # at scale 1
HISTORY_DAYS = 270

REGION_SHORT_NAMES = {
    "london": "london",
    "south-east-east": "southeast",
    "south-west-west-midlands": "southwest",
    "wales-north-west": "northwest",
    "north-east-yorkshire-east-midlands": "northeast",
}
# (first name, role) of each regional team; surnames come from TEAM_SURNAMES.
TEAM = [
    ("Tara", Role.TEAM_LEADER),
    ("Casey", Role.CASE_WORKER),
    ("Cameron", Role.CASE_WORKER),
    ("Corey", Role.CASE_WORKER),
    ("Carmen", Role.CASE_WORKER),
    ("Sunny", Role.SUPPORT_WORKER),
    ("Val", Role.VOLUNTEER),
    ("Vic", Role.VOLUNTEER),
]
TEAM_SURNAMES = ["Quillfeather", "Brambleton", "Mossgrave", "Larkwhistle", "Fennimore", "Dunlowe", "Harrowfen"]

FIRST_NAMES = [
    "Alex", "Jordan", "Sam", "Morgan", "Riley", "Jamie", "Taylor", "Robin", "Charlie", "Drew", "Frankie",
    "Harley", "Jesse", "Kit", "Marley", "Nico", "Parker", "Quinn", "Reese", "Rowan", "Sasha", "Toni",
    "Avery", "Blair", "Eden", "Ellis", "Emery", "Finley", "Hollis", "Indigo", "Jude", "Lennox", "Micah",
]  # fmt: skip
LAST_NAMES = [
    "Ashwendle", "Brackenfold", "Corriwen", "Dallowmere", "Elderwick", "Fernsby", "Gallowdene", "Hollinbrook",
    "Ivelcombe", "Jarrowfield", "Kestlemoor", "Lindenshaw", "Marrowby", "Netherwold", "Oakenfell", "Pellingham",
    "Quarrendell", "Rushwick", "Saltermoor", "Thistlecombe", "Umberley", "Vantridge", "Wexmoor", "Yarrowdale",
    "Zellington", "Amberwick", "Birchenshaw", "Copperdell", "Dovecombe", "Emberfield",
]  # fmt: skip
TOWNS = ["Eastbridge", "Millhaven", "Oakhurst Vale", "Thornwick", "Redmere", "Kingsford Cross", "Lowbarrow"]
STREETS = ["Larch Row", "Kiln Lane", "Willow Crescent", "Mill Street", "Station Parade", "Orchard Close"]
COUNTRIES = ["Spain", "Thailand", "Jamaica", "South Africa", "France", "Brazil"]
CONTACT_NOTES = {
    ContactKind.VISIT: ["Home visit; talked through what happens next.", "Visit with the family liaison officer."],
    ContactKind.CALL_TO_PERSON: ["Checked in by phone.", "Phoned to arrange a visit.", "Call about the hearing."],
    ContactKind.CALL_ON_BEHALF: ["Called the council about housing.", "Called the Witness Service.",
                                 "Called the funeral director."],
}  # fmt: skip
ACTIONS = ["Send information about the court process", "Refer to counselling", "Help with the compensation form",
           "Arrange a personal alarm", "Contact the school with consent"]  # fmt: skip
# The evaluation's own mix of support (tables B5 and B6), used as weights.
SUPPORT_WEIGHTS = {
    "financial-assistance": 347, "burglar-alarm": 2, "personal-alarm": 11, "emotional-support": 2223,
    "advocacy": 1139, "crime-prevention": 2, "information": 409, "practical-support": 595, "witness-service": 241,
    "other": 104, "security-locks": 28, "childcare": 65, "interpreting": 16, "counselling": 219,
    "repairs-cleaning": 5, "specialist-support": 118, "transport": 59, "removals": 22, "glazing": 1,
}  # fmt: skip
NO_REFERRAL_WEIGHTS = {
    NoReferralReason.FAMILY_DECLINED: 47,
    NoReferralReason.SIO_NO_ENGAGEMENT: 9,
    NoReferralReason.NO_NEXT_OF_KIN: 14,
    NoReferralReason.DECEASED_NOT_IDENTIFIED: 1,
    NoReferralReason.UNKNOWN: 12,
}
ADULT_RELATIONSHIPS = [Relationship.PARENT, Relationship.SIBLING, Relationship.PARTNER, Relationship.CHILD,
                       Relationship.GRANDPARENT, Relationship.EXTENDED_FAMILY, Relationship.FRIEND]  # fmt: skip
CHILD_RELATIONSHIPS = [Relationship.CHILD, Relationship.SIBLING, Relationship.GRANDCHILD]


# ---- Accounts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    region_code: str | None = None
    police_force: str | None = None

    @property
    def totp_key(self) -> str:
        """A fixed hex key per account, so the demo's authenticator codes are known in advance."""
        return hashlib.sha1(f"waypoint-demo-totp:{self.email}".encode()).hexdigest()  # noqa: S324 - not security

    @property
    def totp_secret(self) -> str:
        """The key in base32, as typed into an authenticator app."""
        return b32encode(bytes.fromhex(self.totp_key)).decode("ascii")

    @property
    def backup_codes(self) -> list[str]:
        return [
            hashlib.sha256(f"waypoint-demo-backup:{self.email}:{n}".encode()).hexdigest()[:8]
            for n in range(BACKUP_CODE_COUNT)
        ]

    def current_code(self) -> str:
        return f"{totp(bytes.fromhex(self.totp_key)):06d}"


def demo_accounts() -> list[DemoAccount]:
    """Every demo account, in a fixed order: national roles first, then a team per region."""
    accounts = [
        DemoAccount(f"nina.national@{DEMO_DOMAIN}", "Nina Kestrelby", Role.NATIONAL_MANAGER),
        DemoAccount(f"ana.analyst@{DEMO_DOMAIN}", "Ana Wrenfield", Role.ANALYST),
        DemoAccount(
            f"pat.police@{DEMO_DOMAIN}", "Pat Sorrelby", Role.POLICE_REFERRER, police_force="Metropolitan Police"
        ),
    ]
    for region_index, (code, short) in enumerate(REGION_SHORT_NAMES.items()):
        for member_index, (first, role) in enumerate(TEAM):
            surname = TEAM_SURNAMES[(region_index + member_index) % len(TEAM_SURNAMES)]
            accounts.append(DemoAccount(f"{first.lower()}.{short}@{DEMO_DOMAIN}", f"{first} {surname}", role, code))
    return accounts


def demo_users() -> QuerySet[User]:
    return User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")


def has_demo_users() -> bool:
    return demo_users().exists()


@transaction.atomic
def ensure_accounts() -> dict[str, User]:
    """Create or reset the demo accounts: password, authenticator key and backup codes as published."""
    # Looked up by an account's optional region code and force name: no code, no match.
    regions: dict[str | None, Region] = {r.code: r for r in Region.objects.all()}
    forces: dict[str | None, PoliceForce] = {f.name: f for f in PoliceForce.objects.all()}
    password = make_password(DEMO_PASSWORD)  # hashed once: every demo account has the same password
    users = {}
    with pghistory.context(action="seed_demo"):
        for account in demo_accounts():
            user, _ = User.objects.update_or_create(
                email=account.email,
                defaults={
                    "full_name": account.full_name,
                    "role": account.role,
                    "region": regions.get(account.region_code),
                    "police_force": forces.get(account.police_force),
                    "is_active": True,
                    "password": password,
                },
            )
            TOTPDevice.objects.filter(user=user).exclude(name=AUTHENTICATOR_APP).delete()
            TOTPDevice.objects.update_or_create(
                user=user, name=AUTHENTICATOR_APP, defaults={"key": account.totp_key, "confirmed": True}
            )
            backup, _ = StaticDevice.objects.update_or_create(
                user=user, name=BACKUP_CODES, defaults={"confirmed": True}
            )
            backup.token_set.all().delete()
            StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in account.backup_codes)
            users[account.email] = user
    return users


# ---- History --------------------------------------------------------------------------------------------


def has_demo_history() -> bool:
    return Notification.objects.filter(submitted_by__email__endswith=f"@{DEMO_DOMAIN}").exists()


@dataclass
class Team:
    region: Region
    forces: list[PoliceForce]
    team_leader: User
    case_workers: list[User]
    support_worker: User
    volunteers: list[User]


class HistoryWriter:
    """Writes one region's homicides and casework, drawing every choice from one seeded random stream."""

    def __init__(self, rng: random.Random, now: datetime, police_referrer: User, bulk=None):
        self.rng = rng
        # Police liaison draws from a stream of its own (seeded from the main one's state, which it does not move), so
        # adding it left the rest of the demo as it was.
        self.liaison_rng = random.Random(hash(rng.getstate()[1][:8]))
        # The actions, or their bulk equivalents (demo.bulk): the same names, arguments and effects.
        self.bulk = bulk
        self.intake = bulk.actions if bulk else intake
        self.casework = bulk.actions if bulk else casework
        self.now = now
        self.latest = now - timedelta(hours=1)
        self.today = timezone.localdate(now)
        self.police_referrer = police_referrer
        self.needs = list(NeedType.objects.filter(is_active=True).order_by("display_order", "name"))
        support_types = list(SupportType.objects.filter(is_active=True).order_by("commissioned", "display_order"))
        self.direct = [s for s in support_types if not s.commissioned]
        self.commissioned = [s for s in support_types if s.commissioned]
        self.contacts: list[Contact] = []
        self.assessments: list[tuple[NeedsAssessment, list, list[AgreedAction], list[SupportGiven]]] = []

    # -- small helpers
    def moment(self, day: date, earliest: datetime | None = None) -> datetime:
        """A working-hours time on `day`, never in the future nor before `earliest`."""
        value = timezone.make_aware(datetime.combine(day, time(self.rng.randint(9, 17), self.rng.choice([0, 15, 30]))))
        if earliest is not None and value < earliest:
            value = earliest + timedelta(minutes=self.rng.randint(10, 90))
        return min(value, self.latest)

    def name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def place(self) -> str:
        return f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}, {self.rng.choice(TOWNS)}"

    def stage(self, homicide: Homicide, day: date) -> str:
        days = (day - homicide.date_of_death).days
        if homicide.is_domestic and days > 150 and self.rng.random() < 0.5:
            return CaseStage.DOMESTIC_HOMICIDE_REVIEW
        for limit, stage in ((45, CaseStage.INVESTIGATION), (120, CaseStage.PRE_TRIAL), (180, CaseStage.TRIAL)):
            if days < limit:
                return stage
        return CaseStage.POST_TRIAL

    def weighted_support(self, commissioned: bool) -> SupportType:
        pool = self.commissioned if commissioned else self.direct
        return self.rng.choices(pool, weights=[SUPPORT_WEIGHTS.get(s.code, 10) for s in pool])[0]

    # -- a homicide from notification to casework
    def homicide(self, team: Team) -> None:
        rng = self.rng
        death = self.today - timedelta(days=rng.randint(3, HISTORY_DAYS))
        roll = rng.random()
        if roll < 0.05:
            offence = rng.choice(
                [OffenceType.CULPABLE_ROAD_DEATH, OffenceType.SUSPICIOUS_DEATH, OffenceType.CORPORATE_MANSLAUGHTER]
            )
        else:
            offence = rng.choices(
                [OffenceType.MURDER, OffenceType.MANSLAUGHTER, OffenceType.INFANTICIDE], weights=[70, 27, 3]
            )[0]
        source = rng.choices(
            [
                NotificationSource.POLICE,
                NotificationSource.FOREIGN_OFFICE,
                NotificationSource.MEDIA,
                NotificationSource.SELF_REFERRAL,
            ],
            weights=[86, 5, 5, 4],
        )[0]
        first, last = self.name()
        is_domestic = rng.random() < 0.25
        if offence == OffenceType.INFANTICIDE:
            victim_dob = death - timedelta(days=rng.randint(10, 330))
        else:
            victim_dob = death - timedelta(days=rng.randint(16 * 365, 85 * 365))
        received = self.moment(death + timedelta(days=rng.randint(0, 2)))
        fields = {
            "victim_first_name": first,
            "victim_last_name": last,
            "victim_date_of_birth": victim_dob,
            "date_of_death": death,
            "offence_type": offence,
            "suspect_in_family": is_domestic and rng.random() < 0.6,
        }
        abroad = source == NotificationSource.FOREIGN_OFFICE
        force = None if abroad else rng.choice(team.forces)
        if abroad:
            fields |= {"abroad_country": rng.choice(COUNTRIES), "place": rng.choice(TOWNS) + " (abroad)"}
        else:
            fields |= {"place": self.place(), "police_force": force}
        first_notification = self.notify(team, source, received, fields)
        homicide = self.intake.create_homicide(notification=first_notification, by=team.support_worker)
        if source == NotificationSource.MEDIA:
            # Spotted in the news: the team leader then hears from the SIO.
            police_time = self.moment(timezone.localdate(received) + timedelta(days=1), earliest=received)
            self.link(team, homicide, NotificationSource.POLICE, police_time, fields)
        elif rng.random() < 0.12:
            # The same homicide notified twice (FLO and SIO): one record.
            self.link(
                team, homicide, NotificationSource.POLICE, self.moment(death + timedelta(days=2), received), fields
            )
        if is_domestic:
            # Its review (demo.reviews) takes a year or more, so within the demo's months no case of it closes.
            self.intake.update_homicide(homicide=homicide, by=team.team_leader, is_domestic=True)
        if offence not in ELIGIBLE_OFFENCES:
            return  # recorded, but kept apart from the service's casework
        lead = rng.choices(team.case_workers + [team.team_leader], weights=[5] * len(team.case_workers) + [2])[0]
        allocated_at = min(received + timedelta(hours=rng.randint(1, 20)), self.latest)
        self.intake.allocate(homicide=homicide, case_worker=lead, by=team.team_leader, allocated_at=allocated_at)
        self.police_liaison(team, lead, homicide, allocated_at)

        if rng.random() < 0.11:
            self.no_referral(team, lead, homicide, received)
            return
        people = rng.choices([1, 2, 3, 4], weights=[30, 40, 20, 10])[0]
        for _ in range(people):
            if rng.random() < 0.08:
                self.declined_before_referral(lead, homicide, received)
            else:
                self.referred_person(team, lead, homicide, self.moment(timezone.localdate(received), received))
        if rng.random() < 0.08 and (self.today - death).days > 20:
            # An extended relative refers themselves later.
            self_time = self.moment(death + timedelta(days=rng.randint(10, (self.today - death).days)), received)
            self.link(team, homicide, NotificationSource.SELF_REFERRAL, self_time, fields)
            self.referred_person(team, lead, homicide, self_time, relationship=Relationship.EXTENDED_FAMILY)

    def police_liaison(self, team: Team, lead: User, homicide: Homicide, allocated_at: datetime) -> None:
        """The team leader tells the SIO the lead's name and the lead contacts the FLO (M1): mostly within hours of
        the allocation, some a day or more later, some never recorded. Not yet happened: not recorded."""
        rng = self.liaison_rng
        told, called = rng.random(), rng.random()
        sio_at = (
            allocated_at + timedelta(minutes=rng.randint(5, 180))
            if told < 0.80
            else allocated_at + timedelta(hours=rng.randint(20, 72))
            if told < 0.92
            else None
        )
        flo_at = (
            allocated_at + timedelta(hours=rng.randint(1, 5), minutes=rng.choice([0, 15, 30, 45]))
            if called < 0.72
            else allocated_at + timedelta(hours=rng.randint(24, 96))
            if called < 0.88
            else None
        )
        for kind, moment, by in (
            (LiaisonKind.SIO_TOLD, sio_at, team.team_leader),
            (LiaisonKind.FLO_CONTACTED, flo_at, lead),
        ):
            if moment is not None and moment <= self.latest:
                self.intake.record_police_liaison(homicide=homicide, by=by, kind=kind, occurred_at=moment)

    def notify(self, team: Team, source: str, received: datetime, fields: dict) -> Notification:
        by = team.support_worker
        if source == NotificationSource.POLICE and fields.get("police_force") == self.police_referrer.police_force:
            by = self.police_referrer if self.rng.random() < 0.5 else by
        notifier = {
            NotificationSource.POLICE: ("DC {} {}", "Family Liaison Officer", fields.get("police_force")),
            NotificationSource.FOREIGN_OFFICE: ("{} {}", "Consular officer", "Foreign Office"),
            NotificationSource.MEDIA: ("{} {}", "Support worker", "Waypoint"),
            NotificationSource.SELF_REFERRAL: ("{} {}", "Bereaved relative", ""),
        }[NotificationSource(source)]
        notifier_name = notifier[0].format(*self.name()) if source != NotificationSource.MEDIA else by.full_name
        notification, _ = self.intake.record_notification(
            by=by,
            source=source,
            received_at=received,
            region=team.region,
            notifier_name=notifier_name,
            notifier_role=notifier[1],
            notifier_organisation=str(notifier[2] or ""),
            details="Invented demo record.",
            **fields,
        )
        return notification

    def link(self, team: Team, homicide: Homicide, source: str, received: datetime, fields: dict) -> None:
        notification = self.notify(team, source, received, fields)
        self.intake.link_notification(notification=notification, homicide=homicide, by=team.support_worker)

    def person_fields(self, homicide: Homicide, relationship: str | None = None) -> dict:
        rng = self.rng
        child = relationship is None and rng.random() < 0.07
        age = rng.randint(4, 17) if child else rng.randint(18, 82)
        first, last = self.name()
        if rng.random() < 0.7:
            last = homicide.victim_last_name or last
        return {
            "first_name": first,
            "last_name": last,
            "age_group": AgeGroup.CHILD if child else AgeGroup.ADULT,
            # Leap days counted, so that the age in years is `age` (the age group follows the date of birth).
            "date_of_birth": self.today - timedelta(days=age * 365 + age // 4 + 2 + rng.randint(0, 360)),
            "relationship_to_victim": relationship or rng.choice(CHILD_RELATIONSHIPS if child else ADULT_RELATIONSHIPS),
            "gender": rng.choice([Gender.FEMALE, Gender.FEMALE, Gender.MALE, Gender.MALE, Gender.NOT_SAID]),
            "phone": f"07700 900{rng.randint(0, 999):03d}",  # Ofcom's range for drama
            "postcode": f"ZZ99 {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
            "address": self.place(),
        }

    def declined_before_referral(self, lead: User, homicide: Homicide, received: datetime) -> None:
        person = self.casework.add_person(homicide=homicide, by=lead, added_at=received, **self.person_fields(homicide))
        decided = self.moment(timezone.localdate(received) + timedelta(days=1), received)
        self.casework.record_consent(
            person=person,
            by=lead,
            outcome=ConsentOutcome.DECLINED,
            decided_at=decided,
            decline_stage=DeclineStage.BEFORE_REFERRAL,
            review_on=timezone.localdate(decided) + timedelta(days=self.rng.randint(28, 90)),
            notes="Offered again at review.",
        )

    def no_referral(self, team: Team, lead: User, homicide: Homicide, received: datetime) -> None:
        reasons = list(NO_REFERRAL_WEIGHTS)
        reason = self.rng.choices(reasons, weights=list(NO_REFERRAL_WEIGHTS.values()))[0]
        if reason == NoReferralReason.FAMILY_DECLINED:
            for _ in range(self.rng.randint(1, 2)):
                self.declined_before_referral(lead, homicide, received)
        self.intake.record_no_referral_reason(homicide=homicide, reason=reason, by=team.team_leader)

    def referred_person(
        self, team: Team, lead: User, homicide: Homicide, referred_at: datetime, relationship: str | None = None
    ) -> None:
        rng = self.rng
        person = self.casework.add_person(
            homicide=homicide, by=lead, added_at=referred_at, **self.person_fields(homicide, relationship)
        )
        self.casework.record_consent(person=person, by=lead, outcome=ConsentOutcome.REFERRED, decided_at=referred_at)
        referred_day = timezone.localdate(referred_at)
        open_days = (self.today - referred_day).days
        closed_on = None
        waits_for_review = homicide.is_domestic
        if open_days > 120 and rng.random() < 0.3 and not waits_for_review:
            closed_on = referred_day + timedelta(days=rng.randint(90, open_days))
        last_day = closed_on or self.today

        # First contact within 24 hours of consent.
        self.contact(person, lead, ContactKind.CALL_TO_PERSON, referred_at + timedelta(hours=rng.randint(1, 20)))
        if rng.random() < 0.06:
            # Declines at first contact; offered again at the review date.
            declined = min(referred_at + timedelta(hours=22), self.latest)
            self.casework.record_consent(
                person=person,
                by=lead,
                outcome=ConsentOutcome.DECLINED,
                decided_at=declined,
                decline_stage=DeclineStage.FIRST_CONTACT,
                review_on=timezone.localdate(declined) + timedelta(days=rng.randint(28, 60)),
            )
            return
        volunteer = None
        if rng.random() < 0.15:
            volunteer = rng.choice(team.volunteers)
            self.casework.assign_volunteer(
                person=person,
                volunteer=volunteer,
                task="Home visits and forms",
                by=lead,
                # A week after the referral, when the volunteer's weekly visits below begin (no draw: same history).
                assigned_on=min(referred_day + timedelta(days=7), self.today),
            )

        day = referred_day + timedelta(days=rng.randint(1, 7))
        kind = "initial"
        while day <= last_day:
            self.assessment(person, lead, kind, day, last_day)
            kind = "ongoing"
            day += timedelta(days=rng.randint(35, 70))
        week = referred_day + timedelta(days=7)
        while week <= last_day:
            for kind, chance, by in (
                (ContactKind.CALL_TO_PERSON, 0.3, lead),
                (ContactKind.VISIT, 0.1, lead),
                (ContactKind.CALL_ON_BEHALF, 0.12, lead),
                (ContactKind.VISIT, 0.15 if volunteer else 0, volunteer),
            ):
                if rng.random() < chance and by is not None:  # chance is 0 when there is no volunteer
                    self.contact(person, by, kind, self.moment(week + timedelta(days=rng.randint(0, 4))), last_day)
            week += timedelta(days=7)
        if closed_on is not None:
            reason = rng.choice(
                [ClosureReason.USER_LED_EXIT, ClosureReason.AFTER_TRIAL, ClosureReason.PRACTICAL_NEEDS_MET]
            )
            self.casework.close_case(person=person, by=lead, closed_on=closed_on, reason=reason)

    def assessment(self, person: BereavedPerson, by: User, kind: str, day: date, last_day: date) -> None:
        """Queued for bulk writing with its needs, agreed actions and support, after the actions' own checks:
        dates between the referral and the case's last day (never before the homicide nor in the future),
        review dates on or after the assessment."""
        rng = self.rng
        positive = rng.random() < (0.85 if kind == "initial" else 0.65)
        needs = rng.sample(self.needs, rng.randint(1, 3)) if positive and self.needs else []
        stage = self.stage(person.homicide, day)
        assessment = NeedsAssessment(person=person, kind=kind, case_stage=stage, assessed_on=day, assessed_by=by)
        actions = []
        for _ in range(rng.randint(1, 2) * positive):
            review_on = day + timedelta(days=rng.randint(14, 42))
            done = review_on <= last_day and rng.random() < 0.9  # most past reviews happened; a few are overdue
            actions.append(
                AgreedAction(
                    description=rng.choice(ACTIONS), review_on=review_on, completed_on=review_on if done else None
                )
            )
        support = []
        for _ in range(rng.randint(1, 2) * positive):
            given_on = day + timedelta(days=rng.randint(0, 21))
            if given_on > last_day:
                break
            support_type = self.weighted_support(commissioned=rng.random() < 0.1)
            support.append(
                SupportGiven(
                    person=person, support_type=support_type, given_on=given_on, case_stage=stage, recorded_by=by
                )
            )
        self.assessments.append((assessment, needs, actions, support))

    def contact(
        self, person: BereavedPerson, by: User, kind: ContactKind, at: datetime, last_day: date | None = None
    ) -> None:
        """Queued for bulk writing, after the checks `record_contact` makes."""
        assert person.referred_at is not None  # contacts are only made with people referred
        at = max(min(at, self.latest), person.referred_at)
        if last_day is not None and timezone.localdate(at) > last_day:
            return
        if timezone.localdate(at) < person.homicide.date_of_death:
            return
        by_volunteer = by.role == Role.VOLUNTEER
        duration = self.rng.randint(45, 120) if kind == ContactKind.VISIT else self.rng.randint(5, 30)
        self.contacts.append(
            Contact(
                person=person,
                kind=kind,
                by_volunteer=by_volunteer,
                made_by=by,
                occurred_at=at,
                duration_minutes=duration,
                notes=self.rng.choice(CONTACT_NOTES[kind]),
            )
        )

    def flush(self, by: User) -> None:
        """Write the queued contacts and assessments in bulk (thousands of rows: one action call each is slow)."""
        if self.bulk:
            self.flush_bulk()
            return
        context: dict[str, Any] = {"user": by.pk, "action": "seed_demo"}
        tracked.create(self.contacts, **context)
        tracked.create([a for a, *_ in self.assessments], **context)
        tracked.create(
            [AssessmentNeed(assessment=a, need=n) for a, needs, *_ in self.assessments for n in needs],
            batch_size=5000,
            **context,
        )
        actions, support = [], []
        for assessment, _, agreed, given in self.assessments:
            for action in agreed:
                action.assessment = assessment
            for instance in given:
                instance.assessment = assessment
            actions += agreed
            support += given
        tracked.create(actions, **context)
        tracked.create(support, **context)
        self.contacts, self.assessments = [], []

    def flush_bulk(self) -> None:
        """Hand the queued contacts and assessments to the bulk writer, then copy everything pending."""
        add = self.bulk.writer.add
        for contact in self.contacts:
            add(contact)
        for assessment, needs, agreed, given in self.assessments:
            add(assessment)
            for need in needs:
                add(AssessmentNeed(assessment=assessment, need=need))
            records: tuple[AgreedAction | SupportGiven, ...] = (*agreed, *given)
            for instance in records:
                instance.assessment = assessment
                add(instance)
        self.contacts, self.assessments = [], []
        self.bulk.writer.flush()


# The evaluation's volume (about 750 homicides) is scale 7.5, worked by four case workers and two volunteers per
# region. Above it the service grows its teams with its work, so a case worker's caseload and a volunteer's tasks stay
# the size they were: more case workers and volunteers (invented accounts with no password,
# `case.worker.<region>.<n>@` and `volunteer.<region>.<n>@`), in proportion to the scale.
EVALUATION_SCALE = 7.5
EXTRA_MEMBERS = {Role.CASE_WORKER: ("case.worker", "Case Worker"), Role.VOLUNTEER: ("volunteer", "Volunteer")}


def extra_members(role: Role, short: str, region: Region, count: int) -> list[User]:
    """`count` more members of a role for a region's team, made once and kept (no password: they never sign in)."""
    prefix, title = EXTRA_MEMBERS[role]
    emails = [f"{prefix}.{short}.{n:04d}@{DEMO_DOMAIN}" for n in range(1, count + 1)]
    existing = {u.email: u for u in User.objects.filter(email__in=emails)}
    missing = [
        User(email=email, full_name=f"{title} {short.title()} {n}", role=role, region=region)
        for n, email in enumerate(emails, start=1)
        if email not in existing
    ]
    for user in missing:
        user.set_unusable_password()
    with pghistory.context(action="seed_demo"):
        User.objects.bulk_create(missing, batch_size=1000)
    existing |= {u.email: u for u in User.objects.filter(email__in=[u.email for u in missing])}
    return [existing[email] for email in emails]


def teams(users: dict[str, User], scale: float = 1.0) -> list[Team]:
    def extra(role: Role) -> int:
        return max(0, round(len([r for _, r in TEAM if r == role]) * (scale / EVALUATION_SCALE - 1)))

    result = []
    for code, short in REGION_SHORT_NAMES.items():
        region = Region.objects.get(code=code)

        def member(first: str, short=short) -> User:
            return users[f"{first.lower()}.{short}@{DEMO_DOMAIN}"]

        def members(role: Role, short=short, region=region) -> list[User]:
            named = [member(first) for first, r in TEAM if r == role]
            return named + (extra_members(role, short, region, extra(role)) if extra(role) else [])

        result.append(
            Team(
                region=region,
                forces=list(region.police_forces.select_related("region").order_by("name")),
                team_leader=member("Tara"),
                case_workers=members(Role.CASE_WORKER),
                support_worker=member("Sunny"),
                volunteers=members(Role.VOLUNTEER),
            )
        )
    return result


# Homicides written per round of the bulk path: enough for long COPYs, few enough to keep memory small.
BULK_ROUND = 500


@transaction.atomic
def generate_history(
    users: dict[str, User], *, scale: float = 1.0, seed: int = 2026, now=None, bulk: bool = False
) -> None:
    """About nine months of intake and casework for every region; deterministic for a seed, scale and day.

    `bulk` writes the same records with COPY (demo.bulk) rather than through the actions, for large scales.
    """
    from demo import bulk as bulk_path

    rng = random.Random(seed)
    now = now or timezone.now()
    seeded_by = users[f"nina.national@{DEMO_DOMAIN}"]
    path = None
    if bulk:
        writer = bulk_path.BulkWriter(seeded_by)
        path = bulk_path.BulkPath(actions=bulk_path.BulkActions(writer, now), writer=writer)
    history = HistoryWriter(rng, now, users[f"pat.police@{DEMO_DOMAIN}"], bulk=path)
    per_region = max(1, round(HOMICIDES_PER_REGION * scale))
    # The bulk path copies rows with the history triggers held back and moves the id sequences on: the tables'
    # owner's work, not the application's (waypoint.database).
    with as_owner(connection) if bulk else nullcontext():
        for team in teams(users, scale):
            for number in range(1, per_region + 1):
                history.homicide(team)
                if bulk and number % BULK_ROUND == 0:
                    history.flush(seeded_by)
        history.flush(seeded_by)
        if path is not None:
            path.writer.finish()
    generate_money(
        users,
        seed=seed,
        today=timezone.localdate(now or timezone.now()),
        team_leaders={team.region.pk: team.team_leader for team in teams(users, scale)},
    )
    add_journeys(random.Random(seed + 7), timezone.localdate(now) if now else timezone.localdate())
    add_volunteering(random.Random(seed + 13), now or timezone.now())
    add_outcomes_and_equality(random.Random(seed + 13), timezone.localdate(now) if now else timezone.localdate())
    add_safeguarding(random.Random(seed + 11), timezone.localdate(now) if now else timezone.localdate())
    add_reviews(random.Random(seed + 11), timezone.localdate(now) if now else timezone.localdate())
    add_cover(random.Random(seed + 11), teams(users, scale), timezone.localdate(now), seeded_by)
    add_errors(random.Random(seed + 13))
    add_exits(random.Random(seed + 17), timezone.localdate(now) if now else timezone.localdate())


def add_journeys(rng: random.Random, today: date) -> None:
    """Justice journeys for the allocated homicides, at rough real rates: most suspects arrested within days and
    charged, a trial some months on (a few listed ahead), an inquest opened and adjourned, deaths abroad
    repatriated. Written in bulk (the rules are justice.actions'; these dates keep them)."""
    homicides = Homicide.objects.filter(lead_case_worker__isnull=False).order_by("pk")
    events, defendants = [], []

    def event(homicide, kind, day, **fields):
        if day <= today or kind in {EventKind.FIRST_HEARING, EventKind.PLEA_HEARING, EventKind.TRIAL_LISTED}:
            events.append(
                JourneyEvent(
                    homicide=homicide, kind=kind, occurred_on=day, recorded_by=homicide.lead_case_worker, **fields
                )
            )
        return day <= today

    for homicide in homicides:
        death = homicide.date_of_death
        if homicide.abroad_country:
            event(homicide, EventKind.REPATRIATION, death + timedelta(days=rng.randint(10, 40)))
            if rng.random() < 0.5:
                event(homicide, EventKind.PROCEEDINGS_ABROAD, death + timedelta(days=rng.randint(20, 120)))
            continue
        if event(homicide, EventKind.INQUEST_OPENED, death + timedelta(days=rng.randint(3, 10))):
            events.append(
                JourneyEvent(
                    homicide=homicide,
                    kind=EventKind.INQUEST_ADJOURNED,
                    occurred_on=events[-1].occurred_on,
                    recorded_by=homicide.lead_case_worker,
                )
            )
        if rng.random() > 0.85:
            continue  # nobody arrested yet
        arrested = death + timedelta(days=rng.randint(0, 10))
        if not event(homicide, EventKind.ARREST, arrested):
            continue
        if rng.random() < 0.1:
            event(homicide, EventKind.NO_FURTHER_ACTION, arrested + timedelta(days=rng.randint(20, 90)))
            continue
        charged = arrested + timedelta(days=rng.randint(1, 3))
        if charged > today:
            continue
        accused = []
        for _ in range(rng.choices([1, 2, 3], weights=[75, 18, 7])[0]):
            defendant = Defendant(
                homicide=homicide,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                added_by=homicide.lead_case_worker,
            )
            defendants.append(defendant)
            accused.append(defendant)
            event(homicide, EventKind.CHARGE, charged, defendant=defendant, offence=homicide.get_offence_type_display())
        event(homicide, EventKind.FIRST_HEARING, charged + timedelta(days=1))
        plea = charged + timedelta(days=rng.randint(28, 60))
        if not event(homicide, EventKind.PLEA_HEARING, plea):
            continue
        trial = plea + timedelta(days=rng.randint(90, 240))
        event(homicide, EventKind.TRIAL_LISTED, trial)
        if not event(homicide, EventKind.TRIAL_STARTED, trial):
            continue
        length = rng.randint(5, 30)
        ended = trial + timedelta(days=length)
        family_days = rng.randint(0, length + 1)
        staff_days = rng.randint(0, family_days)
        if not event(
            homicide,
            EventKind.TRIAL_ENDED,
            ended,
            family_days_attended=family_days,
            staff_days_attended=staff_days,
        ):
            continue
        for defendant in accused:
            outcome = rng.choices(["guilty", "guilty_lesser", "not_guilty"], weights=[70, 20, 10])[0]
            event(homicide, EventKind.VERDICT, ended, defendant=defendant, outcome=outcome)
        event(homicide, EventKind.SENTENCE, ended + timedelta(days=rng.randint(0, 40)))

    # The contacts' stages follow the journey once, at the end, rather than once for each event written.
    with pgtrigger.ignore("justice.JourneyEvent:contacts_follow_journey"):
        tracked.create(defendants, action="seed_demo")
        tracked.create(events, action="seed_demo")
    with connection.cursor() as cursor:
        cursor.execute(contact_stages_sql("p.homicide_id IN (SELECT homicide_id FROM justice_journeyevent)"))


def counts() -> dict[str, int]:
    """How many of each record there are: for the command's summary and the tests."""
    return {
        "users": demo_users().count(),
        "notifications": Notification.objects.count(),
        "homicides": Homicide.objects.count(),
        "people": BereavedPerson.objects.count(),
        "consent decisions": ConsentDecision.objects.count(),
        "contacts": Contact.objects.count(),
        "assessments": NeedsAssessment.objects.count(),
        "agreed actions": AgreedAction.objects.count(),
        "support given": SupportGiven.objects.count(),
        "volunteer tasks": VolunteerAssignment.objects.count(),
        "updates to volunteers": VolunteerUpdate.objects.count(),
        "closed cases": BereavedPerson.objects.filter(closed_on__isnull=False).count(),
        "episodes of support": CaseEpisode.objects.count(),
        "reopened episodes": CaseEpisode.objects.exclude(reopened_reason="").count(),
        "exit plans": ExitPlan.objects.count(),
        "providers": Provider.objects.count(),
        "commissioned services": CommissionedService.objects.count(),
        "budgets": Budget.objects.count(),
        "CICA applications": CicaApplication.objects.count(),
        "journey events": JourneyEvent.objects.count(),
        "entered in error": sum(
            model.objects.filter(entered_in_error=True).count() for model in (Contact, NeedsAssessment, SupportGiven)
        ),
        "outcome measures": OutcomeMeasure.objects.count(),
        "equality records": EqualityRecord.objects.count(),
        "risk checks": RiskCheck.objects.count(),
        "safeguarding concerns": SafeguardingConcern.objects.count(),
        "domestic homicide reviews": DomesticHomicideReview.objects.count(),
        "advocacy offers": AdvocacyOffer.objects.count(),
        "cover arrangements": Cover.objects.count(),
        "cover cancelled before it started": Cover.objects.filter(cancelled_at__isnull=False).count(),
    }


def roles_seeded() -> set[str]:
    return set(demo_users().values_list("role", flat=True).distinct())
