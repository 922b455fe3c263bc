"""What the API reads out and what it accepts.

Output serializers are read-only views of a record. Input serializers list only the fields a caller may set;
the views hand their `validated_data` to the actions in intake/actions.py and casework/actions.py, never to
`serializer.save()`. Anything else posted (a region, an owner, a role) is ignored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from access import policies
from accounts.models import CASE_HOLDING_ROLES, User
from casework import lists
from casework.actions import OPEN_ACTION_CHOICES, PERSON_FIELDS
from casework.models import (
    CLOSING_REASONS,
    AgreedAction,
    BereavedPerson,
    CaseEpisode,
    ConsentDecision,
    Contact,
    ExitPlan,
    NeedsAssessment,
    NeedType,
    SupportGiven,
    SupportType,
    VolunteerAssignment,
)
from intake.actions import NOTIFICATION_FIELDS
from intake.models import Allocation, Homicide, LiaisonKind, NoReferralReason, Notification, PoliceLiaison
from justice.models import Defendant, JourneyEvent
from organisation.models import PoliceForce, Region
from teams.queries import Waiting, notification_waiting

# Whether a record was entered in error, and why (it is kept, and no longer counts).
CORRECTABLE_FIELDS = ("entered_in_error", "error_reason")
# Free text is capped, so that nobody can fill the database through a notes field.
MAX_FREE_TEXT = 10_000
MAX_PEOPLE_PER_REFERRAL = 30
MAX_ACTIONS_PER_ASSESSMENT = 50
EARLIEST_YEAR = 1900
# Criminal offence data: a domestic homicide says the suspect is family or household, and only those have a review.
OFFENCE_DATA_FIELDS = ("suspect_in_family", "investigation_notes", "is_domestic", "dhr_completed_on")


# ---- Strict fields: the wrong type is refused, not coerced --------------------------------------------------


class StrictCharField(serializers.CharField):
    """Only a string where a string is due (DRF would turn 42 into "42")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class SensibleDateField(serializers.DateField):
    default_error_messages = {"too_early": _("Enter a date after %(year)s") % {"year": EARLIEST_YEAR}}

    def to_internal_value(self, value):
        if not isinstance(value, str | date):
            self.fail("invalid", format="YYYY-MM-DD")
        parsed = super().to_internal_value(value)
        if parsed.year < EARLIEST_YEAR:
            self.fail("too_early")
        return parsed


class SensibleDateTimeField(serializers.DateTimeField):
    default_error_messages = {"too_early": _("Enter a date after %(year)s") % {"year": EARLIEST_YEAR}}

    def to_internal_value(self, value):
        if not isinstance(value, str | datetime):
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss][+HH:MM]")
        parsed = super().to_internal_value(value)
        if parsed.year < EARLIEST_YEAR:
            self.fail("too_early")
        return parsed


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A reference to a record, chosen only among those the caller may see: others read as 'does not exist'."""

    def __init__(self, policy, model, **kwargs):
        self.policy = policy
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.policy(request.user if request else None)


# ---- GOV.UK messages: no stock DRF message ("This field is required.") reaches a caller -----------------------


def _drf_stock_messages() -> set[str]:
    """Every message DRF's fields, relations and serializers give by default."""
    import inspect

    from rest_framework import fields as drf_fields
    from rest_framework import relations

    found: set[str] = set()
    for module in (drf_fields, relations, serializers):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            for klass in cls.__mro__:
                found.update(str(m) for m in getattr(klass, "default_error_messages", {}).values())
    return found


_STOCK: set[str] = set()
# Validators DRF builds from a field's messages when the field is made: rebuilt with the GOV.UK message.
_VALIDATOR_CODES = {
    "MaxLengthValidator": "max_length",
    "MinLengthValidator": "min_length",
    "MaxValueValidator": "max_value",
    "MinValueValidator": "min_value",
    "ProhibitNullCharactersValidator": "null_characters",
    "ProhibitSurrogateCharactersValidator": "surrogate_characters_not_allowed",
    "EmailValidator": "invalid",
}


def _label(field, name: str) -> str:
    label = str(field.label or name.replace("_", " ")).strip()
    the = label[0].lower() + label[1:] if not label[:2].isupper() else label
    return the if the.startswith(("the ", "a ", "an ")) or label[:2].isupper() else f"the {the}"


def govuk_field_messages(field, name: str) -> None:
    """Replace a field's stock messages by GOV.UK ones made from its name (or label) and limits."""
    if not _STOCK:
        _STOCK.update(_drf_stock_messages())
    the = _label(field, name)
    capital = the[0].upper() + the[1:]
    choosing = isinstance(field, serializers.ChoiceField | serializers.RelatedField | serializers.BooleanField)
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    if isinstance(field, serializers.IntegerField) and low is not None and high is not None:
        number = _("Enter %(the)s as a whole number from %(low)s to %(high)s") % {
            "the": the,
            "low": f"{low:,}",
            "high": f"{high:,}",
        }
    elif isinstance(field, serializers.IntegerField):
        number = _("Enter %(the)s as a whole number") % {"the": the}
    else:
        number = _("Enter %(the)s as a number") % {"the": the}
    max_length = getattr(field, "max_length", None) or 0
    messages: dict[str, Any] = {
        "required": (_("Select %(the)s") if choosing else _("Enter %(the)s")) % {"the": the},
        "null": (_("Select %(the)s") if choosing else _("Enter %(the)s")) % {"the": the},
        "blank": (_("Select %(the)s") if choosing else _("Enter %(the)s")) % {"the": the},
        "invalid_choice": _("Select %(the)s from the list") % {"the": the},
        "does_not_exist": _("Select %(the)s from the records you may see") % {"the": the},
        "incorrect_type": _("Give %(the)s as the id of a record") % {"the": the},
        "not_a_list": _("Give %(the)s as a list") % {"the": the},
        "empty": _("Give at least one of %(the)s") % {"the": the},
        "max_length": _("%(the)s must be %(n)s characters or fewer") % {"the": capital, "n": f"{max_length:,}"},
        "min_length": _("%(the)s is too short") % {"the": capital},
        "max_string_length": _("%(the)s is too long") % {"the": capital},
        "null_characters": _("%(the)s must not contain null characters") % {"the": capital},
        "surrogate_characters_not_allowed": _("%(the)s must not contain surrogate characters") % {"the": capital},
        "invalid": _("Enter %(the)s in the correct format") % {"the": the},
        "invalid_image": _("Select %(the)s") % {"the": the},
    }
    if isinstance(field, serializers.IntegerField | serializers.DecimalField | serializers.FloatField):
        messages.update(
            invalid=number,
            min_value=number,
            max_value=number,
            max_string_length=number,
            max_digits=_("%(the)s is too large") % {"the": capital},
            max_whole_digits=_("%(the)s is too large") % {"the": capital},
            max_decimal_places=_("Enter %(the)s with no more than %(n)s decimal places")
            % {"the": the, "n": getattr(field, "decimal_places", None)},
        )
    elif isinstance(field, serializers.DateTimeField):
        messages.update(
            invalid=_("Enter %(the)s as a date and time, like 2026-03-27T14:30:00+00:00") % {"the": the},
            date=_("Enter %(the)s as a date and time, not a date alone") % {"the": the},
            make_aware=_("Enter %(the)s with its time zone") % {"the": the},
            overflow=_("%(the)s must be a real date and time") % {"the": capital},
        )
    elif isinstance(field, serializers.DateField):
        messages.update(
            invalid=_("Enter %(the)s as a real date, like 2026-03-27") % {"the": the},
            datetime=_("Enter %(the)s as a date alone, like 2026-03-27") % {"the": the},
        )
    elif isinstance(field, serializers.EmailField):
        messages["invalid"] = _("Enter an email address in the correct format, like name@example.com")
    elif isinstance(field, serializers.ListSerializer | serializers.ListField | serializers.ManyRelatedField):
        messages["max_length"] = _("Give at most %(n)s of %(the)s") % {"n": f"{max_length:,}", "the": the}
    elif isinstance(field, serializers.Serializer):
        messages["invalid"] = _("Give %(the)s as a JSON object") % {"the": the}
    for code, message in messages.items():
        current = field.error_messages.get(code)
        if current is not None and str(current) in _STOCK:
            field.error_messages[code] = message
            for validator in getattr(field, "validators", []):
                if _VALIDATOR_CODES.get(type(validator).__name__) == code:
                    validator.message = message
    for child in (getattr(field, "child", None), getattr(field, "child_relation", None)):
        if child is not None:
            govuk_field_messages(child, name)


class GovukSerializerMixin:
    """Every field's messages in GOV.UK style, set as the fields are made, when there is input to check: a
    serializer made only to show records never gives a message (and making them all was a third of an API read)."""

    def get_fields(self):
        fields = super().get_fields()  # type: ignore[misc]
        root = cast(serializers.BaseSerializer, self).root
        if hasattr(root, "initial_data"):  # given data (`data=`): it, or the serializer it is part of, validates
            for name, field in fields.items():
                govuk_field_messages(field, name)
        return fields


class WaypointSerializer(GovukSerializerMixin, serializers.Serializer):
    """An input that is not a model's fields."""


class WaypointModelSerializer(GovukSerializerMixin, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.EmailField: StrictEmailField,
        models.DateField: SensibleDateField,
        models.DateTimeField: SensibleDateTimeField,
    }

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        """Keep `allow_blank` on read-only choices, so that the schema lists "" among the values a record holds."""
        blank_choice = kwargs.get("allow_blank") and "choices" in kwargs
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank_choice and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs

    @property
    def user(self):
        request = self.context.get("request")
        return request.user if request else None

    def describing_schema(self) -> bool:
        """True while drf-spectacular generates the schema: show every field there."""
        return bool(getattr(self.context.get("view"), "swagger_fake_view", False))

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if "choices" in kwargs and model_field.blank:
            kwargs["allow_blank"] = True  # kept on read-only fields too (below): "" is a value such a record holds
        if field_class is StrictEmailField and field_name in getattr(self.Meta, "read_only_fields", ()):
            # Read out as it is stored, blank included: the schema's "email" format would say "" cannot be.
            field_class = serializers.CharField
        return field_class, kwargs

    def optional_in_schema(self, fields: dict, names) -> dict:
        """Fields some readers are not given: the schema must not call them required."""
        if self.describing_schema():
            for name in names:
                fields[name].read_only, fields[name].required = False, False
        return fields

    def shows_offence_data(self) -> bool:
        return self.describing_schema() or policies.can_see_offence_data(self.user)


def free_text(**kwargs) -> dict:
    return {"max_length": MAX_FREE_TEXT, **kwargs}


def _name(user: User | None) -> str | None:
    return user.full_name if user else None


# ---- Reference lists ----------------------------------------------------------------------------------------


class NeedTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = NeedType
        fields = ["id", "name"]


class SupportTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportType
        fields = ["id", "name", "code", "commissioned"]


# ---- Notifications ------------------------------------------------------------------------------------------


class NotificationSerializer(WaypointModelSerializer):
    """A notification as its reader may see it; the police see their acknowledgement and who the case worker is."""

    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    police_force_name = serializers.CharField(source="police_force.name", read_only=True, default=None)
    homicide_reference = serializers.CharField(source="homicide.reference", read_only=True, default=None)
    case_worker_name = serializers.SerializerMethodField()
    submitted_by_name = serializers.CharField(source="submitted_by.full_name", read_only=True)
    waiting_hours = serializers.SerializerMethodField(
        help_text="Whole hours since it was received, while it is not linked to a homicide (null once linked)"
    )
    past_standard = serializers.SerializerMethodField(
        help_text="Not linked and waiting longer than the standard (a day); null once linked"
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "reference",
            *NOTIFICATION_FIELDS,
            "region",
            "police_force_name",
            "homicide",
            "homicide_reference",
            "case_worker_name",
            "submitted_by_name",
            "created_at",
            "waiting_hours",
            "past_standard",
        ]
        read_only_fields = fields

    def _waiting(self, notification: Notification) -> Waiting | None:
        # One "now" for every row of an answer (a list's rows share this serializer), as on the landing page.
        if not hasattr(self, "_now"):
            self._now = timezone.now()
        return notification_waiting(notification, self._now)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waiting_hours(self, notification: Notification) -> int | None:
        waiting = self._waiting(notification)
        return None if waiting is None else waiting.hours

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_past_standard(self, notification: Notification) -> bool | None:
        waiting = self._waiting(notification)
        return None if waiting is None else waiting.past_standard

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_case_worker_name(self, notification: Notification) -> str | None:
        homicide = notification.homicide
        return _name(homicide.lead_case_worker) if homicide else None

    def get_fields(self):
        fields = super().get_fields()
        if not self.shows_offence_data():
            fields.pop("suspect_in_family")
        if not self.describing_schema() and not policies.has_case_records(self.user):
            # The police hear back their submission and the case worker's name, not the service's records.
            fields.pop("homicide")
            fields.pop("homicide_reference")
        return self.optional_in_schema(fields, ["suspect_in_family", "homicide", "homicide_reference"])


class ReferredPersonSerializer(WaypointModelSerializer):
    """A consenting bereaved person, as the police refer them with their notification."""

    class Meta:
        model = BereavedPerson
        fields = [
            "first_name",
            "last_name",
            "age_group",
            "relationship_to_victim",
            "phone",
            "email",
            "preferred_language",
        ]
        extra_kwargs = {"preferred_language": {"required": False}}


class NotificationInputSerializer(WaypointModelSerializer):
    police_force = serializers.PrimaryKeyRelatedField(queryset=PoliceForce.objects.all(), required=False)
    people = ReferredPersonSerializer(many=True, required=False, max_length=MAX_PEOPLE_PER_REFERRAL)  # type: ignore[call-arg]  # many=True hands max_length to the ListSerializer; drf-stubs omit it

    class Meta:
        model = Notification
        fields = [
            *NOTIFICATION_FIELDS,
            "people",
        ]
        extra_kwargs = {
            "source": {"required": False},
            "received_at": {"required": False},
            "details": free_text(),
        }

    def validate(self, attrs):
        from accounts.models import Role

        if self.user is not None and self.user.role != Role.POLICE_REFERRER and not attrs.get("source"):
            raise serializers.ValidationError({"source": [_("Select where the notification came from")]})
        return attrs


# ---- Homicides and allocation -------------------------------------------------------------------------------


class HomicideSerializer(WaypointModelSerializer):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    police_force_name = serializers.CharField(source="police_force.name", read_only=True, default=None)
    lead_case_worker_name = serializers.CharField(source="lead_case_worker.full_name", read_only=True, default=None)
    is_eligible = serializers.BooleanField(read_only=True)

    class Meta:
        model = Homicide
        fields = [
            "id",
            "reference",
            "region",
            "police_force",
            "police_force_name",
            "victim_first_name",
            "victim_last_name",
            "victim_date_of_birth",
            "date_of_death",
            "place",
            "abroad_country",
            "offence_type",
            "is_eligible",
            "is_domestic",
            "dhr_completed_on",
            "suspect_in_family",
            "investigation_notes",
            "lead_case_worker",
            "lead_case_worker_name",
            "no_referral_reason",
            "created_at",
        ]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        if not self.shows_offence_data():
            for name in OFFENCE_DATA_FIELDS:
                fields.pop(name)
        return self.optional_in_schema(fields, OFFENCE_DATA_FIELDS)


class HomicideUpdateSerializer(WaypointModelSerializer):
    class Meta:
        model = Homicide
        fields = [
            "police_force",
            "victim_first_name",
            "victim_last_name",
            "victim_date_of_birth",
            "date_of_death",
            "place",
            "abroad_country",
            "offence_type",
            "is_domestic",
            "suspect_in_family",
            "investigation_notes",
        ]
        extra_kwargs = {"investigation_notes": free_text()}

    def get_fields(self):
        fields = super().get_fields()
        if not self.shows_offence_data():
            for name in OFFENCE_DATA_FIELDS:
                fields.pop(name, None)
        return fields


class AllocateSerializer(WaypointSerializer):
    case_worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role__in=sorted(CASE_HOLDING_ROLES), is_active=True)
    )
    note = StrictCharField(max_length=500, required=False, allow_blank=True, default="")
    allocated_at = SensibleDateTimeField(
        required=False, help_text="When the allocation was made, if not now: not in the future nor before the death"
    )


class LinkNotificationSerializer(WaypointSerializer):
    """Link to an existing homicide, or (with no `homicide`) open a new homicide record from the notification."""

    homicide = ScopedPrimaryKeyField(policies.homicides, Homicide, required=False, allow_null=True)


class CompleteActionSerializer(WaypointSerializer):
    completed_on = SensibleDateField(required=False)


class EndTaskSerializer(WaypointSerializer):
    ended_on = SensibleDateField(required=False)


class NoReferralReasonSerializer(WaypointSerializer):
    no_referral_reason = serializers.ChoiceField(choices=NoReferralReason.choices, allow_blank=True)


class AllocationSerializer(serializers.ModelSerializer):
    homicide_reference = serializers.CharField(source="homicide.reference", read_only=True)
    case_worker_name = serializers.CharField(source="case_worker.full_name", read_only=True)
    allocated_by_name = serializers.CharField(source="allocated_by.full_name", read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "homicide",
            "homicide_reference",
            "case_worker",
            "case_worker_name",
            "allocated_by_name",
            "allocated_at",
            "ended_at",
            "note",
        ]
        read_only_fields = fields


class PoliceLiaisonSerializer(WaypointModelSerializer):
    named_case_worker_name = serializers.CharField(
        source="named_case_worker.full_name", read_only=True, default=None, allow_null=True
    )
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = PoliceLiaison
        fields = [
            "id",
            "homicide",
            "kind",
            "occurred_at",
            "named_case_worker",
            "named_case_worker_name",
            "notes",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields


class PoliceLiaisonInputSerializer(WaypointSerializer):
    kind = serializers.ChoiceField(choices=LiaisonKind.choices)
    occurred_at = SensibleDateTimeField(
        required=False, help_text="When it happened, if not now: not in the future nor before the date of death"
    )
    # The length is the action's rule (with its message); this only caps what is read.
    notes = StrictCharField(required=False, allow_blank=True, default="", **free_text())


# ---- People -------------------------------------------------------------------------------------------------

# What a volunteer sees of a person: who they are, and how to visit safely (the current risk check's level and agreed
# safety measures, access.policies.visit_safety), no more. The phone number, where the case holder shares it, comes
# with the task (`VolunteerTaskSerializer.person_phone`); news of the case comes as updates sent to them.
VOLUNTEER_PERSON_FIELDS = {
    "id",
    "first_name",
    "last_name",
    "is_open",
    "risk_level",
    "risk_safety_measures",
    "risk_checked_on",
    "risk_review_by",
}


class PersonSerializer(WaypointModelSerializer):
    homicide_reference = serializers.CharField(source="homicide.reference", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    # Annotated by the people endpoint (safeguarding.queries.current_risk_annotations); null without a risk check.
    risk_level = serializers.CharField(read_only=True, allow_null=True, default=None)
    risk_safety_measures = serializers.CharField(read_only=True, allow_null=True, default=None)
    risk_checked_on = serializers.DateField(read_only=True, allow_null=True, default=None)
    risk_review_by = serializers.DateField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = BereavedPerson
        fields = [
            "id",
            "homicide",
            "homicide_reference",
            *PERSON_FIELDS,
            "referred_at",
            "closed_on",
            "closure_reason",
            "closure_notes",
            "is_open",
            "risk_level",
            "risk_safety_measures",
            "risk_checked_on",
            "risk_review_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        if self.user is not None and not self.describing_schema() and not policies.can_add_people(self.user):
            # Staff who add people see the whole record; volunteers (the only other readers) what their task needs.
            fields = {name: field for name, field in fields.items() if name in VOLUNTEER_PERSON_FIELDS}
        return self.optional_in_schema(fields, set(fields) - VOLUNTEER_PERSON_FIELDS)


class PersonInputSerializer(WaypointModelSerializer):
    homicide = ScopedPrimaryKeyField(policies.homicides, Homicide)
    parent_or_guardian = ScopedPrimaryKeyField(policies.people, BereavedPerson, required=False, allow_null=True)

    class Meta:
        model = BereavedPerson
        fields = ["homicide", *PERSON_FIELDS]
        extra_kwargs = {"address": free_text(), "risk_notes": free_text()}


class PersonUpdateSerializer(PersonInputSerializer):
    class Meta(PersonInputSerializer.Meta):
        fields = list(PERSON_FIELDS)


class CloseCaseSerializer(WaypointSerializer):
    closed_on = SensibleDateField()
    reason = serializers.ChoiceField(choices=CLOSING_REASONS)
    notes = StrictCharField(max_length=MAX_FREE_TEXT, required=False, allow_blank=True, default="")
    open_actions = serializers.ChoiceField(
        choices=OPEN_ACTION_CHOICES,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when agreed actions are still open: `complete` marks them done on the closing date, "
        "`cancel` cancels them with the closure.",
    )


class ReopenCaseSerializer(WaypointSerializer):
    reopened_on = SensibleDateField()
    reason = StrictCharField(max_length=MAX_FREE_TEXT)


class ExitPlanSerializer(WaypointModelSerializer):
    class Meta:
        model = ExitPlan
        fields = ["planned_on", "conditions", "reviewed_on"]
        read_only_fields = fields


class ExitPlanInputSerializer(WaypointModelSerializer):
    class Meta:
        model = ExitPlan
        fields = ["planned_on", "conditions", "reviewed_on"]
        extra_kwargs = {"conditions": free_text(required=False)}


class CaseEpisodeSerializer(WaypointModelSerializer):
    length_days = serializers.SerializerMethodField(help_text="Days from opening to closing (to today while open).")
    exit_plan = serializers.SerializerMethodField()

    class Meta:
        model = CaseEpisode
        fields = [
            "id",
            "person",
            "opened_at",
            "reopened_reason",
            "closed_on",
            "closure_reason",
            "closure_notes",
            "length_days",
            "exit_plan",
        ]
        read_only_fields = fields

    def get_length_days(self, episode: CaseEpisode) -> int:
        return episode.length_days()

    @extend_schema_field(ExitPlanSerializer(allow_null=True))
    def get_exit_plan(self, episode: CaseEpisode) -> dict | None:
        plan = getattr(episode, "exit_plan", None)
        return ExitPlanSerializer(plan).data if plan is not None else None


# ---- Casework -----------------------------------------------------------------------------------------------


class VolunteerTaskSerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.full_name", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    person_phone = serializers.SerializerMethodField(
        help_text="The person's phone number where the case holder shares it with the volunteer; otherwise null."
    )

    class Meta:
        model = VolunteerAssignment
        fields = [
            "id",
            "person",
            "person_name",
            "person_phone",
            "volunteer",
            "volunteer_name",
            "task",
            "assigned_on",
            "ended_on",
            "phone_shared",
        ]
        read_only_fields = fields

    def get_person_phone(self, task: VolunteerAssignment) -> str | None:
        return (task.person.phone or None) if task.phone_shared else None


class VolunteerTaskInputSerializer(WaypointModelSerializer):
    person = ScopedPrimaryKeyField(policies.people, BereavedPerson)
    # Any volunteer's id; `assign_volunteer` refuses one who is not active or not of the person's region.
    volunteer = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role="volunteer"))

    class Meta:
        model = VolunteerAssignment
        fields = ["person", "volunteer", "task", "assigned_on", "phone_shared"]
        extra_kwargs = {"assigned_on": {"required": False}, "phone_shared": {"required": False}}


class ConsentDecisionSerializer(WaypointModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = ConsentDecision
        fields = [
            "id",
            "person",
            "outcome",
            "decided_at",
            "decline_stage",
            "review_on",
            "notes",
            "recorded_by_name",
            *CORRECTABLE_FIELDS,
            "created_at",
        ]
        read_only_fields = fields


class ConsentDecisionInputSerializer(WaypointModelSerializer):
    person = ScopedPrimaryKeyField(policies.people, BereavedPerson)

    class Meta:
        model = ConsentDecision
        fields = ["person", "outcome", "decided_at", "decline_stage", "review_on", "notes"]
        extra_kwargs = {"decided_at": {"required": False}, "notes": free_text()}


class ContactSerializer(WaypointModelSerializer):
    made_by_name = serializers.CharField(source="made_by.full_name", read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "person",
            "kind",
            "by_volunteer",
            "made_by_name",
            "occurred_at",
            "duration_minutes",
            "notes",
            *CORRECTABLE_FIELDS,
            "created_at",
        ]
        read_only_fields = fields


class ContactInputSerializer(WaypointModelSerializer):
    person = ScopedPrimaryKeyField(policies.people, BereavedPerson)

    class Meta:
        model = Contact
        fields = ["person", "kind", "occurred_at", "duration_minutes", "notes"]
        # The minutes' range is the action's rule; this only keeps the number within what the database holds.
        extra_kwargs = {"duration_minutes": {"max_value": 2**31 - 1}, "notes": free_text()}


class AgreedActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreedAction
        fields = ["id", "description", "review_on", "completed_on"]
        read_only_fields = fields


class AgreedActionRecordSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="assessment.person_id", read_only=True)

    class Meta:
        model = AgreedAction
        fields = ["id", "assessment", "person", "description", "review_on", "completed_on"]
        read_only_fields = fields


class AgreedActionInputSerializer(WaypointModelSerializer):
    class Meta:
        model = AgreedAction
        fields = ["description", "review_on"]


class AssessmentSerializer(WaypointModelSerializer):
    needs: serializers.PrimaryKeyRelatedField[NeedType] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    actions = AgreedActionSerializer(many=True, read_only=True)
    is_positive = serializers.SerializerMethodField()
    assessed_by_name = serializers.CharField(source="assessed_by.full_name", read_only=True)

    class Meta:
        model = NeedsAssessment
        fields = [
            "id",
            "person",
            "kind",
            "case_stage",
            "assessed_on",
            "needs",
            "is_positive",
            "actions",
            "notes",
            "assessed_by_name",
            *CORRECTABLE_FIELDS,
            "created_at",
        ]
        read_only_fields = fields

    def get_is_positive(self, assessment: NeedsAssessment) -> bool:
        """Positive when any need was found (uses the prefetched needs)."""
        return bool(assessment.needs.all())


class AssessmentInputSerializer(WaypointModelSerializer):
    person = ScopedPrimaryKeyField(policies.people, BereavedPerson)
    needs = serializers.PrimaryKeyRelatedField(
        many=True, queryset=NeedType.objects.filter(is_active=True), required=False
    )
    actions = AgreedActionInputSerializer(many=True, required=False, max_length=MAX_ACTIONS_PER_ASSESSMENT)  # type: ignore[call-arg]  # many=True hands max_length to the ListSerializer; drf-stubs omit it

    class Meta:
        model = NeedsAssessment
        fields = ["person", "kind", "case_stage", "assessed_on", "needs", "actions", "notes"]
        extra_kwargs = {"notes": free_text()}


class SupportGivenSerializer(WaypointModelSerializer):
    support_type_name = serializers.CharField(source="support_type.name", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = SupportGiven
        fields = [
            "id",
            "person",
            "support_type",
            "support_type_name",
            "given_on",
            "case_stage",
            "assessment",
            "notes",
            "recorded_by_name",
            *CORRECTABLE_FIELDS,
            "created_at",
        ]
        read_only_fields = fields


class SupportGivenInputSerializer(WaypointModelSerializer):
    person = ScopedPrimaryKeyField(policies.people, BereavedPerson)
    support_type = serializers.PrimaryKeyRelatedField(queryset=SupportType.objects.all())
    assessment = ScopedPrimaryKeyField(policies.assessments, NeedsAssessment, required=False, allow_null=True)

    class Meta:
        model = SupportGiven
        fields = ["person", "support_type", "given_on", "case_stage", "assessment", "notes"]
        extra_kwargs = {"notes": free_text()}


# ---- Justice journey (criminal offence data: the views answer 404 to other roles) ---------------------------


class DefendantSerializer(WaypointModelSerializer):
    class Meta:
        model = Defendant
        fields = ["id", "homicide", "name", "date_of_birth", "notes", "created_at"]
        read_only_fields = fields


class DefendantInputSerializer(WaypointModelSerializer):
    class Meta:
        model = Defendant
        fields = ["name", "date_of_birth", "notes"]
        # Lengths are the action's rule (with its message); this only caps what is read.
        extra_kwargs = {"name": free_text(), "notes": free_text()}


class JourneyEventSerializer(WaypointModelSerializer):
    defendant_name = serializers.CharField(source="defendant.name", read_only=True, default=None, allow_null=True)
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = JourneyEvent
        fields = [
            "id",
            "homicide",
            "kind",
            "occurred_on",
            "defendant",
            "defendant_name",
            "offence",
            "outcome",
            "family_days_attended",
            "staff_days_attended",
            "notes",
            "recorded_by_name",
            "entered_in_error",
            "error_reason",
            "created_at",
        ]
        read_only_fields = fields


class JourneyEventInputSerializer(WaypointModelSerializer):
    defendant = ScopedPrimaryKeyField(policies.defendants, Defendant, required=False, allow_null=True)

    class Meta:
        model = JourneyEvent
        fields = [
            "kind",
            "occurred_on",
            "defendant",
            "offence",
            "outcome",
            "family_days_attended",
            "staff_days_attended",
            "notes",
        ]
        # The rules (which kinds need what, the ranges, the lengths) are the action's; these only bound the input.
        extra_kwargs = {
            "offence": free_text(),
            "notes": free_text(),
            "family_days_attended": {"max_value": 32767},
            "staff_days_attended": {"max_value": 32767},
        }


# ---- List filters (query parameters) ------------------------------------------------------------------------


class HomicideFiltersSerializer(serializers.Serializer):
    """The homicide list's filters, as on its page (`casework.lists.filter_homicides`)."""

    region = serializers.IntegerField(required=False, help_text="A region's id")
    unallocated = serializers.BooleanField(required=False, default=False, help_text="Only those with no lead")
    status = serializers.ChoiceField(choices=["open", "closed"], required=False, default="", allow_blank=True)
    lead = serializers.IntegerField(required=False, help_text="The lead case worker's id")
    stage = serializers.ChoiceField(
        choices=[value for value, _label in lists.JOURNEY_STAGES],
        required=False,
        default="",
        allow_blank=True,
        help_text="The stage the justice journey has reached (roles that may see criminal offence data)",
    )
    died_from = SensibleDateField(required=False, help_text="Died on or after (YYYY-MM-DD)")
    died_to = SensibleDateField(required=False, help_text="Died on or before (YYYY-MM-DD)")


class NotificationFiltersSerializer(serializers.Serializer):
    """The notifications list's filters: the team leader's landing page's list of notifications to link."""

    unlinked = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only notifications not yet linked to a homicide, oldest first (as on the team leader's landing "
        "page); each says how many hours it has waited",
    )
    waited_hours = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=24 * 366,
        help_text="Only those received at least this many hours ago (24: past the standard of linking within a day)",
    )


class PersonFiltersSerializer(serializers.Serializer):
    """The people list's filters, as on its page (`casework.lists.filter_people`)."""

    worker = serializers.IntegerField(required=False, help_text="The lead case worker's id")
    status = serializers.ChoiceField(
        choices=[value for value, _label in lists.PERSON_STATUSES], required=False, default="", allow_blank=True
    )


# ---- Corrections: PATCH with a `reason`; POST .../entered-in-error/ ------------------------------------------


def _reason_field():
    # Required, and its length, are the actions' rules (with their messages); this only caps what is read.
    return StrictCharField(max_length=MAX_FREE_TEXT, required=False, allow_blank=True, default="")


class EnteredInErrorSerializer(WaypointSerializer):
    reason = _reason_field()


class ContactCorrectionSerializer(ContactInputSerializer):
    reason = _reason_field()

    class Meta(ContactInputSerializer.Meta):
        fields = ["kind", "occurred_at", "duration_minutes", "notes", "reason"]


class AssessmentCorrectionSerializer(AssessmentInputSerializer):
    reason = _reason_field()

    class Meta(AssessmentInputSerializer.Meta):
        fields = ["kind", "case_stage", "assessed_on", "needs", "notes", "reason"]


class SupportGivenCorrectionSerializer(SupportGivenInputSerializer):
    reason = _reason_field()

    class Meta(SupportGivenInputSerializer.Meta):
        fields = ["support_type", "given_on", "case_stage", "assessment", "notes", "reason"]


class ConsentDecisionCorrectionSerializer(ConsentDecisionInputSerializer):
    reason = _reason_field()

    class Meta(ConsentDecisionInputSerializer.Meta):
        fields = ["outcome", "decided_at", "decline_stage", "review_on", "notes", "reason"]


class JourneyEventCorrectionSerializer(JourneyEventInputSerializer):
    reason = _reason_field()

    class Meta(JourneyEventInputSerializer.Meta):
        fields = [*JourneyEventInputSerializer.Meta.fields, "reason"]
