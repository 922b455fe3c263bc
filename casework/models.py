from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.records import Correctable
from audit.tracking import tracked
from intake.models import CASES_FINISHED_SQL, Homicide

# Free text is capped (model, action and page alike): a record of work, not a document store.
NOTES_MAX_LENGTH = 5000
SHORT_NOTES_MAX_LENGTH = 2000
ADDRESS_MAX_LENGTH = 500


class CaseStage(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation")
    PRE_TRIAL = "pre_trial", _("Pre-trial")
    TRIAL = "trial", _("Trial")
    POST_TRIAL = "post_trial", _("Post-trial")
    APPEAL = "appeal", _("Appeal")
    INQUEST = "inquest", _("Inquest")
    DOMESTIC_HOMICIDE_REVIEW = "dhr", _("Domestic Homicide Review")
    NO_PROCEEDINGS = "no_proceedings", _("No criminal proceedings")


# ---- The stage of the case on a day, from the homicide's justice journey ------------------------------------
# The stage each criminal-justice event starts (`justice.models.EventKind` values; justice's models build on these,
# so the mapping lives here). Inquest events are handled apart: while an inquest sits, the stage is the inquest.
CRIMINAL_STAGE: dict[str, str] = {
    "arrest": CaseStage.INVESTIGATION,
    "charge": CaseStage.PRE_TRIAL,
    "first_hearing": CaseStage.PRE_TRIAL,
    "plea_hearing": CaseStage.PRE_TRIAL,
    "trial_listed": CaseStage.PRE_TRIAL,
    "trial_started": CaseStage.TRIAL,
    "trial_ended": CaseStage.POST_TRIAL,
    "verdict": CaseStage.POST_TRIAL,
    "sentence": CaseStage.POST_TRIAL,
    "appeal": CaseStage.APPEAL,
    "retrial": CaseStage.PRE_TRIAL,
    "no_further_action": CaseStage.NO_PROCEEDINGS,
}
INQUEST_SITTING = ("inquest_opened", "inquest_resumed")
INQUEST_KINDS = (*INQUEST_SITTING, "inquest_adjourned", "inquest_concluded")
UK_DAY = "(({moment}) AT TIME ZONE 'Europe/London')::date"


def _sql_list(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


def stage_on_day_sql(homicide: str, day: str) -> str:
    """SQL for the stage of the case on `day`, as `justice.queries.current_stage` derives it: the latest
    criminal-justice event on or before the day sets it (the last recorded, of several on one day), unless the latest
    inquest event then had it sitting; with no event, investigation. Events entered in error do not count."""

    def latest(kinds) -> str:
        return (
            f"(SELECT e.kind FROM justice_journeyevent e WHERE e.homicide_id = {homicide} AND NOT e.entered_in_error"  # noqa: S608 - constants
            f" AND e.kind IN ({_sql_list(kinds)}) AND e.occurred_on <= {day}"
            " ORDER BY e.occurred_on DESC, e.created_at DESC, e.id DESC LIMIT 1)"
        )

    criminal = " ".join(f"WHEN '{kind}' THEN '{stage}'" for kind, stage in CRIMINAL_STAGE.items())
    return (
        f"CASE WHEN {latest(INQUEST_KINDS)} IN ({_sql_list(INQUEST_SITTING)}) THEN '{CaseStage.INQUEST}'"
        f" ELSE COALESCE(CASE {latest(CRIMINAL_STAGE)} {criminal} END, '{CaseStage.INVESTIGATION}') END"
    )


# Every contact's stage, for the contacts of the homicides `homicides` (SQL giving their ids) or all.
CONTACT_STAGES_SQL = """
UPDATE casework_contact c SET case_stage = s.stage
FROM (SELECT c2.id, ({stage}) AS stage
      FROM casework_contact c2 JOIN casework_bereavedperson p ON p.id = c2.person_id
      WHERE {where}) s
WHERE c.id = s.id AND c.case_stage IS DISTINCT FROM s.stage
"""


def contact_stages_sql(where: str) -> str:
    """An UPDATE setting the stage of the contacts `where` says (an SQL condition on `c2`, a contact, and `p`, its
    person): run by the journey's trigger for one homicide, and by the bulk seeder for all it wrote."""
    stage = stage_on_day_sql("p.homicide_id", UK_DAY.format(moment="c2.occurred_at"))
    return CONTACT_STAGES_SQL.format(stage=stage, where=where)


class AgeGroup(models.TextChoices):
    ADULT = "adult", _("Adult")
    CHILD = "child", _("Child (under 18)")


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Son or daughter")
    SIBLING = "sibling", _("Brother or sister")
    PARTNER = "partner", _("Partner or spouse")
    FORMER_PARTNER = "former_partner", _("Former partner")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    EXTENDED_FAMILY = "extended_family", _("Extended family")
    FRIEND = "friend", _("Friend")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    NOT_SAID = "not_said", _("Prefer not to say")


class ClosureReason(models.TextChoices):
    USER_LED_EXIT = "user_led_exit", _("Planned exit agreed with the person")
    AFTER_TRIAL = "after_trial", _("Support ended after the trial")
    AFTER_ANNIVERSARY = "after_anniversary", _("Support ended after the first anniversary")
    PRACTICAL_NEEDS_MET = "practical_needs_met", _("Practical needs met")
    REFERRED_ON = "referred_on", _("Referred on to another organisation")
    NO_LONGER_WANTED = "no_longer_wanted", _("Person no longer wants support")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other")
    # Set by `record_consent` when an open case's person declines the service; never chosen when closing.
    DECLINED = "declined", _("Declined the service")


# The reasons a worker chooses when closing a case (a decline closes it by being recorded).
CLOSING_REASONS = [(value, label) for value, label in ClosureReason.choices if value != ClosureReason.DECLINED]


@tracked()
class BereavedPerson(models.Model):
    """Someone bereaved by a homicide. Their case opens when they are referred and ends when it is closed."""

    homicide = models.ForeignKey(Homicide, on_delete=models.PROTECT, related_name="bereaved_people")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    age_group = models.CharField(_("adult or child"), max_length=10, choices=AgeGroup.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    relationship_to_victim = models.CharField(
        _("relationship to the victim"), max_length=30, choices=Relationship.choices
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), max_length=ADDRESS_MAX_LENGTH, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=50, default="English")
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    risk_notes = models.TextField(_("risk notes"), max_length=SHORT_NOTES_MAX_LENGTH, blank=True)
    # A child's parent or guardian among the same homicide's people (casework.actions._validate_person).
    parent_or_guardian = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent or guardian"),
    )
    # Set by the consent actions: when the person was first referred with consent (tables B1, B2, M1 count this).
    referred_at = models.DateTimeField(_("referred"), null=True, blank=True, editable=False)
    # The current episode's closure (`CaseEpisode`), kept here so that the caseload, access and reports read one row:
    # empty while the case is open. Every period of support is its own `CaseEpisode`.
    closed_on = models.DateField(_("case closed on"), null=True, blank=True, editable=False)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=30, choices=ClosureReason.choices, blank=True, editable=False
    )
    closure_notes = models.TextField(_("closure notes"), max_length=SHORT_NOTES_MAX_LENGTH, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        triggers = [
            # Keeps the homicide's `cases_finished` (intake.models.CASES_FINISHED_SQL) as people are referred,
            # closed, reopened, moved or removed, whatever path changes them.
            pgtrigger.Trigger(
                name="homicide_cases_finished",
                when=pgtrigger.After,
                operation=pgtrigger.Insert
                | pgtrigger.UpdateOf("referred_at", "closed_on", "homicide_id")
                | pgtrigger.Delete,
                func=f"""
                    UPDATE intake_homicide h SET cases_finished = f.finished
                    FROM (SELECT id, ({CASES_FINISHED_SQL.format(homicide="intake_homicide")}) AS finished
                          FROM intake_homicide WHERE id IN (NEW.homicide_id, OLD.homicide_id)) f
                    WHERE h.id = f.id AND h.cases_finished IS DISTINCT FROM f.finished;
                    RETURN NULL;
                """,  # noqa: S608 - built from constants, no input
            )
        ]
        verbose_name = _("bereaved person")
        verbose_name_plural = _("bereaved people")
        indexes = [
            # B1's first referral per homicide (NOT EXISTS an earlier one); also serves the homicide's people.
            models.Index(fields=["homicide", "referred_at"], name="person_homicide_referred_idx"),
            models.Index(fields=["referred_at"]),
            models.Index(fields=["closed_on"]),
            # The people API's and lists' order.
            models.Index(fields=["last_name", "first_name", "id"], name="person_name_order_idx"),
            # Search by any part of a name (`icontains` is UPPER(...) LIKE '%...%'): trigram indexes.
            GinIndex(OpClass(Upper("first_name"), name="gin_trgm_ops"), name="person_first_name_trgm_idx"),
            GinIndex(OpClass(Upper("last_name"), name="gin_trgm_ops"), name="person_last_name_trgm_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_open(self) -> bool:
        return self.referred_at is not None and self.closed_on is None

    @property
    def declined(self) -> bool:
        """Closed because the person declined the service (their latest consent decision is a decline)."""
        return self.closed_on is not None and self.closure_reason == ClosureReason.DECLINED


class ConsentOutcome(models.TextChoices):
    REFERRED = "referred", _("Consented and referred")
    DECLINED = "declined", _("Declined")


class DeclineStage(models.TextChoices):
    BEFORE_REFERRAL = "before_referral", _("Before referral (when the police offered the service)")
    FIRST_CONTACT = "first_contact", _("At first contact")
    LATER = "later", _("Later in the case")


@tracked()
class ConsentDecision(Correctable):
    """Each offer of the service and its answer; declines are reviewed and the service offered again."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="consent_decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=ConsentOutcome.choices)
    decided_at = models.DateTimeField(_("decided"))
    decline_stage = models.CharField(_("stage of the decline"), max_length=20, choices=DeclineStage.choices, blank=True)
    review_on = models.DateField(_("review consent on"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(Correctable.Meta):
        ordering = ["-decided_at", "-id"]
        constraints = [
            *Correctable.Meta.constraints,
            models.CheckConstraint(
                name="declines_have_a_stage",
                condition=models.Q(outcome="referred", decline_stage="")
                | (models.Q(outcome="declined") & ~models.Q(decline_stage="")),
            ),
        ]


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL_TO_PERSON = "call_to_person", _("Call to the person")
    CALL_ON_BEHALF = "call_on_behalf", _("Call on their behalf")


# The stage is derived from the journey and kept by the database: not history of its own.
@tracked(exclude=["case_stage"])
class Contact(Correctable):
    """A visit or call, by staff or by a volunteer. Its stage of the case is the one on its day (UK time), kept by
    the database: set as the contact is written or moved, and again when the homicide's journey changes (a trigger
    on `justice.JourneyEvent`), so that M7 reads it rather than deriving it for every contact."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("type of contact"), max_length=20, choices=ContactKind.choices)
    by_volunteer = models.BooleanField(_("made by a volunteer"), default=False, editable=False)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_made")
    occurred_at = models.DateTimeField(_("date and time of contact"))
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"))
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    case_stage = models.CharField(
        _("stage of the case"), max_length=30, choices=CaseStage.choices, blank=True, editable=False
    )

    class Meta(Correctable.Meta):
        ordering = ["-occurred_at", "-id"]
        triggers = [
            pgtrigger.Trigger(
                name="contact_stage",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("occurred_at", "person_id"),
                func="NEW.case_stage := "  # noqa: S608 - constants
                + stage_on_day_sql(
                    "(SELECT homicide_id FROM casework_bereavedperson WHERE id = NEW.person_id)",
                    UK_DAY.format(moment="NEW.occurred_at"),
                )
                + "; RETURN NEW;",
            )
        ]
        indexes = [
            models.Index(fields=["person", "occurred_at"]),
            # B9 reads every contact in the period: the columns it counts (and whether the contact is in force) are
            # in the index, so it reads no table.
            # With the id it is also the API's order (many contacts can share a moment).
            models.Index(
                fields=["occurred_at", "id"],
                include=["person", "kind", "by_volunteer", "entered_in_error"],
                name="contact_period_order_idx",
            ),
        ]


class NeedType(models.Model):
    """The configurable list of needs an assessment looks for."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", _("Initial (urgent and immediate needs)")
    ONGOING = "ongoing", _("Ongoing")


@tracked()
class NeedsAssessment(Correctable):
    """Positive when it finds any need."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("type of assessment"), max_length=20, choices=AssessmentKind.choices)
    case_stage = models.CharField(_("stage of the case"), max_length=30, choices=CaseStage.choices)
    assessed_on = models.DateField(_("date of assessment"))
    needs = models.ManyToManyField(
        NeedType, through="AssessmentNeed", blank=True, related_name="assessments", verbose_name=_("needs")
    )
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(Correctable.Meta):
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["person", "assessed_on"])]


@tracked()
class AssessmentNeed(models.Model):
    """A need an assessment found; kept as its own record so that the history shows needs added or removed."""

    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="needs_found")
    need = models.ForeignKey(NeedType, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "need"], name="one_row_per_need_found")]


class AgreedActionQuerySet(models.QuerySet):
    def still_open(self) -> AgreedActionQuerySet:
        """Not done, not cancelled, and not agreed at an assessment entered in error (which takes its actions with
        it): the one rule the caseload, the person page, closure and the team caseload share."""
        return self.filter(completed_on__isnull=True, cancelled_on__isnull=True, assessment__entered_in_error=False)


@tracked()
class AgreedAction(models.Model):
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=500)
    review_on = models.DateField(_("review on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Set when the case closed with the action still open and the worker chose to cancel it with the closure.
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)

    objects = AgreedActionQuerySet.as_manager()

    class Meta:
        ordering = ["review_on", "id"]

    @property
    def is_open(self) -> bool:
        return self.completed_on is None and self.cancelled_on is None


class SupportType(models.Model):
    """The configurable list of support: direct (table B5) or commissioned (table B6)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(max_length=40, unique=True)
    commissioned = models.BooleanField(_("commissioned from another organisation"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    display_order = models.PositiveSmallIntegerField(default=0)
    # A finer type recorded for the service's own use (funeral expenses) is counted in the evaluation's tables as
    # its broader type (financial assistance), so tables B5 and B6 keep the evaluation's rows.
    counted_as = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finer_types",
        verbose_name=_("counted in the tables as"),
    )

    class Meta:
        ordering = ["commissioned", "display_order", "name"]

    def __str__(self) -> str:
        return self.name


@tracked()
class SupportGiven(Correctable):
    """One instance of support: several contacts about the same concern are still one instance."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="support_given")
    support_type = models.ForeignKey(SupportType, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField(_("date"))
    case_stage = models.CharField(_("stage of the case"), max_length=30, choices=CaseStage.choices)
    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_given"
    )
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(Correctable.Meta):
        ordering = ["-given_on", "-id"]
        verbose_name_plural = _("support given")
        indexes = [models.Index(fields=["person", "given_on"])]


@tracked()
class VolunteerAssignment(models.Model):
    """A task a case worker gives a volunteer for one person; the volunteer sees only these people."""

    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="volunteer_assignments")
    task = models.CharField(_("task"), max_length=500)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    # The case holder's choice: the volunteer sees the person's phone number only when it is shared for the task.
    phone_shared = models.BooleanField(_("share the person's phone number with the volunteer"), default=False)

    class Meta:
        ordering = ["-assigned_on", "-id"]


class CoverReason(models.TextChoices):
    LEAVE = "leave", _("Leave")
    SICKNESS = "sickness", _("Sickness")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class CoverQuerySet(models.QuerySet):
    def in_force(self) -> CoverQuerySet:
        """Cover not cancelled: the only cover that gives reach, shows as away or covering, or clashes."""
        return self.filter(cancelled_at__isnull=True)


@tracked()
class Cover(models.Model):
    """A worker covering another's cases (leave, sickness) between two dates."""

    covering_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covers")
    absent_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covered_by")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    arranged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Blank only on cover arranged before reasons were recorded; `arrange_cover` requires one.
    reason = models.CharField(_("why they are away"), max_length=20, choices=CoverReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Entered afterwards from an older system's records (the national manager only): its dates may be past.
    historical = models.BooleanField(_("from an older system's records"), default=False)
    # The last day first arranged, when the cover was ended early (`end_cover_early`); null otherwise.
    planned_ends_on = models.DateField(_("planned until"), null=True, blank=True, editable=False)
    # Cancelled before its first day (`cancel_cover`): kept, with who and when, but it gives nobody any reach.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )

    objects = CoverQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            # Who covers whom on a day (every case worker's reach), and the overlap checks of `arrange_cover`.
            models.Index(fields=["covering_worker", "ends_on"], name="cover_covering_ends_idx"),
            models.Index(fields=["absent_worker", "ends_on"], name="cover_absent_ends_idx"),
        ]

    @property
    def ended_early(self) -> bool:
        return self.planned_ends_on is not None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


@tracked()
class CaseEpisode(models.Model):
    """One period of support: it opens when the person is referred with consent (or the case is reopened) and ends
    when the case is closed or the person declines. The person's `closed_on` and closure fields copy the current
    episode's."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="episodes")
    opened_at = models.DateTimeField(_("opened"))
    # Blank for the first episode and for a new referral with consent; why the service reopened the case otherwise.
    reopened_reason = models.TextField(_("reason for reopening"), max_length=SHORT_NOTES_MAX_LENGTH, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=30, choices=ClosureReason.choices, blank=True)
    closure_notes = models.TextField(_("closure notes"), max_length=SHORT_NOTES_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(closed_on__isnull=True), name="one_open_episode_per_person"
            ),
            models.CheckConstraint(
                name="closed_episodes_have_a_reason",
                condition=models.Q(closed_on__isnull=True, closure_reason="")
                | (models.Q(closed_on__isnull=False) & ~models.Q(closure_reason="")),
            ),
        ]
        indexes = [
            models.Index(fields=["person", "opened_at"]),
            # M3 (length of contact) reads the episodes open in a period, closed ones by their closure date.
            models.Index(fields=["closed_on", "opened_at"], name="episode_closed_opened_idx"),
        ]

    @property
    def opened_on(self):
        return timezone.localdate(self.opened_at)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def length_days(self, today=None) -> int:
        """Days from opening to closing, or to today while open."""
        end = self.closed_on or today or timezone.localdate()
        return (end - self.opened_on).days


@tracked()
class ExitPlan(models.Model):
    """Exit raised before it happens, so that the end of support is planned with the person, not sudden."""

    episode = models.OneToOneField(CaseEpisode, on_delete=models.CASCADE, related_name="exit_plan")
    planned_on = models.DateField(_("planned exit date"))
    conditions = models.TextField(_("what must happen first"), max_length=SHORT_NOTES_MAX_LENGTH, blank=True)
    reviewed_on = models.DateField(_("last reviewed with the person on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["planned_on"])]
