"""Casework forms: only the fields a user may set. Owners, dates set by actions and links are never fields."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.actions import CANCEL_ACTIONS, COMPLETE_ACTIONS, PERSON_FIELDS
from casework.models import (
    CLOSING_REASONS,
    NOTES_MAX_LENGTH,
    SHORT_NOTES_MAX_LENGTH,
    AgeGroup,
    AssessmentKind,
    BereavedPerson,
    CaseStage,
    ConsentOutcome,
    ContactKind,
    CoverReason,
    DeclineStage,
    Gender,
    NeedsAssessment,
    NeedType,
    Relationship,
    SupportType,
)
from frontend.forms import GovukDateField, GovukDateTimeField, GovukForm

NOT_ASKED = "not_asked"
PERSON_REQUIRED_MESSAGES = {
    "first_name": _("Enter the person's first name"),
    "last_name": _("Enter the person's last name"),
    "age_group": _("Select whether the person is an adult or a child"),
    "relationship_to_victim": _("Select the person's relationship to the victim"),
    "preferred_language": _("Enter the person's preferred language"),
}


def _required(message) -> dict:
    return {"required": message}


AGREED_ACTION_ROWS = 3


class GuardianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BereavedPerson) -> str:
        return obj.full_name


class PersonForm(GovukForm):
    """The person's own details (PERSON_FIELDS)."""

    consent_field_order: tuple = ()

    def __init__(self, *args, guardians=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(
            BereavedPerson,
            fields=PERSON_FIELDS,
            field_classes={"date_of_birth": GovukDateField, "parent_or_guardian": GuardianChoiceField},
            widgets={"age_group": forms.RadioSelect},
        )
        # A child's parent or guardian: chosen among the adults of the same family (the action checks it again).
        guardian = cast(forms.ModelChoiceField, model_fields["parent_or_guardian"])
        guardian.queryset = guardians if guardians is not None else BereavedPerson.objects.none()
        guardian.label = _("Parent or guardian (for a child)")
        guardian.empty_label = _("None recorded")
        guardian.help_text = _("An adult in the same family who looks after the child")
        model_fields["age_group"].choices = AgeGroup.choices
        for name, message in PERSON_REQUIRED_MESSAGES.items():
            model_fields[name].error_messages["required"] = message
        model_fields["relationship_to_victim"].choices = [("", "")] + Relationship.choices
        model_fields["gender"].choices = [("", _("Not recorded"))] + Gender.choices
        model_fields["date_of_birth"].help_text = _("For example, 27 3 1980. Leave blank if not known.")
        model_fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        model_fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields.update(model_fields)
        self.order_fields([*PERSON_FIELDS, *self.consent_field_order])

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


class ConsentFields(GovukForm):
    """An offer of the service and the answer."""

    decline_stage = forms.ChoiceField(
        label=_("When did they decline?"), choices=DeclineStage.choices, widget=forms.RadioSelect, required=False
    )
    review_on = GovukDateField(
        label=_("Offer the service again on"),
        required=False,
        help_text=_("The date to review consent and offer the service again, for example 27 3 2026"),
    )
    consent_notes = forms.CharField(
        label=_("Notes about the decision"), widget=forms.Textarea, required=False, max_length=NOTES_MAX_LENGTH
    )

    def consent_fields(self) -> dict:
        declined = self.cleaned_data["outcome"] == ConsentOutcome.DECLINED
        return {
            "outcome": self.cleaned_data["outcome"],
            "decided_at": self.cleaned_data.get("decided_at"),
            "decline_stage": self.cleaned_data["decline_stage"] if declined else "",
            "review_on": self.cleaned_data["review_on"] if declined else None,
            "notes": self.cleaned_data["consent_notes"],
        }


class ConsentForm(ConsentFields):
    outcome = forms.ChoiceField(
        error_messages=_required(_("Select the decision")),
        label=_("Decision"),
        choices=ConsentOutcome.choices,
        widget=forms.RadioSelect,
    )
    decided_at = GovukDateTimeField(
        label=_("Date and time of the decision"),
        help_text=_("For example, 27 3 2026 and 14:30. Leave blank for now."),
        required=False,
    )
    field_order = ["outcome", "decided_at", "decline_stage", "review_on", "consent_notes"]


class NewPersonForm(PersonForm, ConsentFields):
    """A new person with their first consent decision, if the service has been offered."""

    consent_field_order = ("outcome", "decided_at", "decline_stage", "review_on", "consent_notes")

    outcome = forms.ChoiceField(
        label=_("Has the service been offered?"),
        error_messages=_required(_("Select whether the service has been offered")),
        choices=[
            (ConsentOutcome.REFERRED, _("Yes, they consented and are referred")),
            (ConsentOutcome.DECLINED, _("Yes, they declined")),
            (NOT_ASKED, _("Not asked yet")),
        ],
        widget=forms.RadioSelect,
    )
    decided_at = GovukDateTimeField(
        label=_("Date and time of the decision"),
        help_text=_("For example, 27 3 2026 and 14:30. Leave blank for now."),
        required=False,
    )

    @property
    def offered(self) -> bool:
        return self.cleaned_data["outcome"] != NOT_ASKED


class ContactForm(GovukForm):
    kind = forms.ChoiceField(
        error_messages=_required(_("Select the type of contact")),
        label=_("Type of contact"),
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
    )
    occurred_at = GovukDateTimeField(
        label=_("Date and time of contact"), help_text=_("For example, 27 3 2026 and 14:30")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        error_messages=_required(_("Enter how long the contact took, in minutes")),
        widget=forms.NumberInput,
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False, max_length=NOTES_MAX_LENGTH)


class AssessmentForm(GovukForm):
    kind = forms.ChoiceField(
        error_messages=_required(_("Select the type of assessment")),
        label=_("Type of assessment"),
        choices=AssessmentKind.choices,
        widget=forms.RadioSelect,
    )
    case_stage = forms.ChoiceField(
        error_messages=_required(_("Select the stage of the case")),
        label=_("Stage of the case"),
        choices=[("", ""), *CaseStage.choices],
    )
    assessed_on = GovukDateField(label=_("Date of assessment"), help_text=_("For example, 27 3 2026"))
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs found"),
        queryset=NeedType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select every need found. An assessment that finds any need is positive."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False, max_length=NOTES_MAX_LENGTH)

    def __init__(self, *args, agreed_action_rows: int = AGREED_ACTION_ROWS, needs=None, **kwargs):
        """`agreed_action_rows=0` for a correction (agreed actions keep their own dates); `needs`, the need types
        to offer (by default those in use)."""
        super().__init__(*args, **kwargs)
        self.agreed_action_rows = agreed_action_rows
        if needs is not None:
            cast(forms.ModelMultipleChoiceField, self.fields["needs"]).queryset = needs
        for row in range(1, agreed_action_rows + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=_("Agreed action %(row)s") % {"row": row}, max_length=500, required=False
            )
            self.fields[f"action_{row}_review_on"] = GovukDateField(
                label=_("Review agreed action %(row)s on") % {"row": row}, required=False
            )

    def action_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"action_{row}"], self[f"action_{row}_review_on"]) for row in range(1, self.agreed_action_rows + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean returns cleaned_data
        for row in range(1, self.agreed_action_rows + 1):
            description = (cleaned.get(f"action_{row}") or "").strip()
            review_field = f"action_{row}_review_on"
            if description and not cleaned.get(review_field) and review_field not in self.errors:
                self.add_error(review_field, _("Enter a review date for agreed action %(row)s") % {"row": row})
        return cleaned

    def agreed_actions(self) -> list[tuple[str, date]]:
        """On a valid form: clean() has made sure each described action has its review date."""
        rows = []
        for row in range(1, self.agreed_action_rows + 1):
            description = (self.cleaned_data.get(f"action_{row}") or "").strip()
            if description:
                rows.append((description, self.cleaned_data[f"action_{row}_review_on"]))
        return rows


class SupportTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SupportType) -> str:
        kind = _("commissioned") if obj.commissioned else _("direct")
        return f"{obj.name} ({kind})"


class AssessmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: NeedsAssessment) -> str:
        return f"{obj.assessed_on:%d/%m/%Y}: {obj.get_kind_display()}"


class SupportForm(GovukForm):
    support_type = SupportTypeChoiceField(
        label=_("Type of support"),
        error_messages=_required(_("Select the type of support")),
        queryset=SupportType.objects.filter(is_active=True),
        empty_label="",
        help_text=_("Direct support is given by the service; commissioned support is paid for from the budget."),
    )
    given_on = GovukDateField(label=_("Date"), help_text=_("For example, 27 3 2026"))
    case_stage = forms.ChoiceField(
        error_messages=_required(_("Select the stage of the case")),
        label=_("Stage of the case"),
        choices=[("", ""), *CaseStage.choices],
    )
    assessment = AssessmentChoiceField(
        label=_("Assessment this support follows (optional)"),
        queryset=NeedsAssessment.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False, max_length=NOTES_MAX_LENGTH)

    def __init__(self, *args, assessments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if assessments is not None:
            cast(forms.ModelChoiceField, self.fields["assessment"]).queryset = assessments


class CloseCaseForm(GovukForm):
    """The closure's answers; asked what to do with agreed actions only when some are still open."""

    closed_on = GovukDateField(
        label=_("Date the case closed"),
        help_text=_("For example, 27 3 2026"),
        error_messages=_required(_("Enter the date the case closed")),
    )
    reason = forms.ChoiceField(
        error_messages=_required(_("Select a reason for closing the case")),
        label=_("Reason for closing"),
        choices=CLOSING_REASONS,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False, max_length=SHORT_NOTES_MAX_LENGTH)
    open_actions = forms.ChoiceField(
        label=_("What should happen to the agreed actions still open?"),
        error_messages=_required(_("Select what to do with the agreed actions still open")),
        choices=[
            (COMPLETE_ACTIONS, _("Mark them done on the closing date")),
            (CANCEL_ACTIONS, _("Cancel them with the closure")),
        ],
        widget=forms.RadioSelect,
        help_text=_("To keep working on them, do not close the case yet."),
    )

    def __init__(self, *args, has_open_actions: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_open_actions:
            del self.fields["open_actions"]

    def answers(self) -> dict:
        return {"open_actions": "", **self.cleaned_data}


class ReopenCaseForm(GovukForm):
    reopened_on = GovukDateField(
        label=_("Date the case reopened"),
        help_text=_("For example, 27 3 2026"),
        error_messages=_required(_("Enter the date the case reopened")),
    )
    reason = forms.CharField(
        label=_("Why is the case reopened?"),
        widget=forms.Textarea,
        error_messages=_required(_("Enter why the case is reopened")),
        max_length=SHORT_NOTES_MAX_LENGTH,
        help_text=_("For example, the trial has been listed again and the family asked for support"),
    )


class ExitPlanForm(GovukForm):
    planned_on = GovukDateField(
        label=_("Planned exit date"),
        help_text=_("When support is planned to end, for example 27 3 2027"),
        error_messages=_required(_("Enter the planned exit date")),
    )
    conditions = forms.CharField(
        label=_("What must happen first"),
        widget=forms.Textarea,
        required=False,
        max_length=SHORT_NOTES_MAX_LENGTH,
        help_text=_("For example, a couple of months after the trial, or when the compensation claim is settled"),
    )
    reviewed_on = GovukDateField(
        label=_("Date the plan was last reviewed with the person (optional)"),
        help_text=_("For example, 27 3 2026"),
        required=False,
    )


class VolunteerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class VolunteerAssignmentForm(GovukForm):
    volunteer = VolunteerChoiceField(
        error_messages=_required(_("Select a volunteer")), label=_("Volunteer"), queryset=None, empty_label=""
    )
    task = forms.CharField(
        label=_("Task"),
        error_messages=_required(_("Enter the task")),
        max_length=500,
        widget=forms.Textarea,
        help_text=_("What the volunteer should do, for example a home visit or help with a form"),
    )
    assigned_on = GovukDateField(
        label=_("Day the task was given"),
        help_text=_("For example, 27 3 2026"),
        error_messages=_required(_("Enter the day the task was given")),
    )
    phone_shared = forms.BooleanField(
        label=_("Share the person's phone number with the volunteer"),
        required=False,
        help_text=_("The volunteer sees only the person's name, the task and the updates you send them"),
    )

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["volunteer"]).queryset = volunteers


class CoverWorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.region.name})"


class CoverForm(GovukForm):
    """Who is away, who covers, and when. Whoever arranges it is the signed-in user, never a field."""

    absent_worker = CoverWorkerChoiceField(
        label=_("Who is away"),
        queryset=None,
        empty_label="",
        error_messages=_required(_("Select who is away")),
    )
    covering_worker = CoverWorkerChoiceField(
        label=_("Who covers their cases"),
        queryset=None,
        empty_label="",
        error_messages=_required(_("Select who covers their cases")),
        help_text=_("They see and work the absent worker's cases between the two dates"),
    )
    starts_on = GovukDateField(label=_("From"), error_messages=_required(_("Enter the date the cover starts")))
    ends_on = GovukDateField(
        label=_("Until"),
        error_messages=_required(_("Enter the last day of cover")),
        help_text=_("The last day of cover, inclusive"),
    )

    reason = forms.ChoiceField(
        label=_("Why are they away?"),
        choices=CoverReason.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select why they are away")),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Needed when the reason is other. Do not write about anyone's health in detail."),
    )
    historical = forms.BooleanField(
        label=_("This cover is from an older system's records"),
        required=False,
        help_text=_("Only for entering past cover: its dates may be before today"),
    )

    def __init__(self, *args, workers, may_enter_history: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["absent_worker"]).queryset = workers
        cast(forms.ModelChoiceField, self.fields["covering_worker"]).queryset = workers
        if not may_enter_history:
            del self.fields["historical"]


class EndCoverForm(GovukForm):
    ends_on = GovukDateField(
        label=_("New last day of cover"),
        error_messages=_required(_("Enter the new last day of cover")),
        help_text=_("Today or later, and before the day the cover was due to end"),
    )


class CancelCoverForm(GovukForm):
    """A confirmation, no fields: the action's own rules (cover not yet started, not cancelled) come back as errors."""
