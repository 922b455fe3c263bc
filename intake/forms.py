"""Intake forms: each exposes only the fields the user's role may set; actions do the saving."""

from __future__ import annotations

import uuid
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from casework.models import AgeGroup, BereavedPerson
from frontend.forms import GovukDateField, GovukDateTimeField, GovukForm, GovukModelForm
from intake.actions import NOTIFICATION_FIELDS
from intake.models import (
    NOTES_MAX_LENGTH,
    Homicide,
    NoReferralReason,
    Notification,
    NotificationSource,
    OffenceType,
)
from organisation.models import PoliceForce

MAX_REFERRED_PEOPLE = 4


def _now_to_the_minute():
    return timezone.now().replace(second=0, microsecond=0)


class NotificationForm(GovukModelForm):
    received_at = GovukDateTimeField(label=_("Date and time received"), initial=_now_to_the_minute)
    victim_date_of_birth = GovukDateField(label=_("Victim's date of birth"), required=False)
    date_of_death = GovukDateField(
        label=_("Date of death"),
        help_text=_("For example, 27 3 2025. If it is not known exactly, give your best estimate."),
        error_messages={"required": _("Enter the date of death")},
    )
    # Guards against the same notification being recorded twice by a double submit.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    class Meta:
        model = Notification
        fields = list(NOTIFICATION_FIELDS)
        widgets = {"source": forms.RadioSelect, "offence_type": forms.RadioSelect}
        labels = {"police_force": _("Police force"), "details": _("Other details")}
        help_texts = {
            "police_force": _("The region is set from the police force."),
            "abroad_country": _("Only if the death happened outside England and Wales."),
        }
        error_messages = {
            "source": {"required": _("Select where the notification came from")},
            "notifier_name": {"required": _("Enter the name of the person who told us")},
            "offence_type": {"required": _("Select the type of offence")},
        }

    def __init__(self, *args, user: User, shows_offence_data: bool, police_submission: bool, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["source"]).choices = NotificationSource.choices
        cast(forms.ChoiceField, self.fields["offence_type"]).choices = OffenceType.choices
        cast(forms.ModelChoiceField, self.fields["police_force"]).queryset = PoliceForce.objects.order_by("name")
        cast(forms.ModelChoiceField, self.fields["police_force"]).empty_label = _("Not known or not police")
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        if police_submission:
            # The police do not choose: the source is police, and the force is their own.
            del self.fields["source"]
            if user.police_force_id:
                del self.fields["police_force"]
        if not (shows_offence_data or police_submission):
            del self.fields["suspect_in_family"]

    def notification_fields(self) -> dict:
        """What to pass to the action: the form's model fields only."""
        return {name: value for name, value in self.cleaned_data.items() if name in NOTIFICATION_FIELDS}


class ReferredPersonForm(GovukModelForm):
    """A bereaved person who has consented to be referred, as the police send them."""

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
        widgets = {"age_group": forms.RadioSelect}
        error_messages = {
            "first_name": {"required": _("Enter their first name")},
            "last_name": {"required": _("Enter their last name")},
            "age_group": {"required": _("Select whether they are an adult or a child")},
            "relationship_to_victim": {"required": _("Select their relationship to the victim")},
            "preferred_language": {"required": _("Enter their preferred language")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["age_group"]).choices = AgeGroup.choices

    def person_fields(self) -> dict:
        return dict(self.cleaned_data)


ReferredPeopleFormSet = forms.formset_factory(
    ReferredPersonForm,
    extra=MAX_REFERRED_PEOPLE,
    max_num=MAX_REFERRED_PEOPLE,
    absolute_max=MAX_REFERRED_PEOPLE,
    validate_max=True,
)


def referred_people(formset) -> list[dict]:
    """The rows the user filled in; untouched blank rows are ignored."""
    return [form.person_fields() for form in formset.forms if form.has_changed()]


NEW_HOMICIDE = "new"


class LinkForm(GovukForm):
    homicide = forms.ChoiceField(label=_("Which homicide is this notification about?"), widget=forms.RadioSelect)

    def __init__(self, *args, duplicates, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = {str(h.pk): h for h in duplicates}
        choices = [
            (pk, _("%(reference)s: %(victim)s") % {"reference": h.reference, "victim": h.victim_name})
            for pk, h in self.duplicates.items()
        ]
        cast(forms.ChoiceField, self.fields["homicide"]).choices = [
            *choices,
            (NEW_HOMICIDE, _("This is a new homicide")),
        ]
        self.fields["homicide"].error_messages["required"] = _("Select the homicide, or that it is a new homicide")

    def chosen_homicide(self) -> Homicide | None:
        """The existing homicide chosen, or None for a new one."""
        return self.duplicates.get(self.cleaned_data["homicide"])


class HomicideForm(GovukModelForm):
    victim_date_of_birth = GovukDateField(label=_("Victim's date of birth"), required=False)
    date_of_death = GovukDateField(label=_("Date of death"), error_messages={"required": _("Enter the date of death")})

    class Meta:
        model = Homicide
        fields = [
            "victim_first_name",
            "victim_last_name",
            "victim_date_of_birth",
            "date_of_death",
            "offence_type",
            "place",
            "abroad_country",
            "is_domestic",
            "suspect_in_family",
            "investigation_notes",
        ]
        widgets = {"offence_type": forms.RadioSelect}
        labels = {"is_domestic": _("This is a domestic homicide")}
        error_messages = {"offence_type": {"required": _("Select the type of offence")}}

    def __init__(self, *args, shows_offence_data: bool, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["offence_type"]).choices = OffenceType.choices
        if not shows_offence_data:
            for name in ("suspect_in_family", "investigation_notes", "is_domestic"):
                del self.fields[name]

    def changed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class CaseWorkerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.role_label})"


class AllocationForm(GovukForm):
    """The candidates are shown as radios with each one's caseload, leave and languages (the page draws them)."""

    case_worker = CaseWorkerField(
        label=_("Lead case worker"), queryset=User.objects.none(), empty_label=None, widget=forms.RadioSelect
    )
    allocated_at = GovukDateTimeField(
        label=_("Date and time allocated"),
        required=False,
        help_text=_("Leave as it is if you are allocating now. For example, 27 3 2026 and 14:30"),
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["case_worker"]).queryset = workers
        self.fields["case_worker"].error_messages["required"] = _("Choose the lead case worker")


class PoliceLiaisonForm(GovukForm):
    """Police liaison on its own moment; the kinds offered are those the user may record (`policies.can_tell_sio`)."""

    kind = forms.ChoiceField(
        label=_("What happened"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what happened")},
    )
    occurred_at = GovukDateTimeField(
        label=_("Date and time"),
        initial=_now_to_the_minute,
        help_text=_("When it happened, not when you record it. For example, 27 3 2026 and 14:30"),
        error_messages={"required": _("Enter the date and time")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=NOTES_MAX_LENGTH, widget=forms.Textarea
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds


class HomicideDatesForm(GovukForm):
    """The date range of the homicide list's filter (the other filters are plain choices in the query)."""

    died_from = GovukDateField(label=_("Died on or after"), required=False)
    died_to = GovukDateField(label=_("Died on or before"), required=False)

    def clean(self):
        data = super().clean() or {}
        if data.get("died_from") and data.get("died_to") and data["died_to"] < data["died_from"]:
            self.add_error("died_to", _("The end date must be on or after the start date"))
        return data


class NoReferralForm(GovukForm):
    no_referral_reason = forms.ChoiceField(
        label=_("Why was nobody referred?"), choices=NoReferralReason.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_referral_reason"].error_messages["required"] = _("Select why nobody was referred")
