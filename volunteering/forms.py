"""Volunteering forms: only what the user may set. Who records, who sends and when it was sent are never fields."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import ContactKind
from frontend.forms import GovukDateField, GovukDateTimeField, GovukForm
from volunteering.actions import MAX_NOTE_CHARACTERS, MAX_UPDATE_CHARACTERS
from volunteering.models import Weekday


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class VolunteerContactForm(GovukForm):
    """A volunteer's visit or call: five fields, the time already filled in, so that it takes under a minute."""

    person = PersonChoiceField(
        queryset=None,
        label=_("Who was it with?"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Select the person you visited or called"),
            "invalid_choice": _("Select one of the people you help"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Visit or call"),
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a visit or a call")},
    )
    occurred_at = GovukDateTimeField(
        label=_("When was it?"),
        help_text=_("Already filled in with now: change it if it was earlier"),
        error_messages={"required": _("Enter the date and time of the visit or call")},
    )
    duration_minutes = forms.IntegerField(
        label=_("How long, in minutes?"),
        error_messages={
            "required": _("Enter how long it took, in minutes"),
            "invalid": _("Enter the number of minutes, for example 45"),
        },
    )
    notes = forms.CharField(
        label=_("Short notes (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        help_text=_("Anything the case worker should know. Do not write anything you would not say to the person"),
        error_messages={"max_length": _("Notes must be 1,000 characters or fewer")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        self.initial.setdefault("occurred_at", timezone.now().replace(second=0, microsecond=0))


class VolunteerUpdateForm(GovukForm):
    text = forms.CharField(
        label=_("Update for the volunteer"),
        max_length=MAX_UPDATE_CHARACTERS,
        widget=forms.Textarea,
        help_text=_(
            "What the volunteer needs to know for their task, for example a change of plan or news they may be "
            "asked about. They read it with the person's name"
        ),
        error_messages={
            "required": _("Enter the update"),
            "max_length": _("The update must be 2,000 characters or fewer"),
        },
    )


class DeploymentProfileForm(GovukForm):
    """Languages for everyone; days, notes, "not available until" and area for volunteers."""

    languages = forms.CharField(
        label=_("Languages other than English"),
        required=False,
        max_length=500,
        help_text=_("Separate languages with commas, for example Polish, Urdu"),
    )

    def __init__(self, *args, is_volunteer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if is_volunteer:
            self.fields["available_days"] = forms.MultipleChoiceField(
                label=_("Days you are usually available"),
                choices=Weekday.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["availability_notes"] = forms.CharField(
                label=_("Availability notes"),
                required=False,
                max_length=MAX_NOTE_CHARACTERS,
                help_text=_("For example, mornings only, or not during school holidays"),
            )
            self.fields["not_available_until"] = GovukDateField(
                label=_("Not available until (optional)"),
                required=False,
                help_text=_("If you are taking a break, the day you can take tasks again. For example, 27 3 2026"),
            )
            self.fields["area_notes"] = forms.CharField(
                label=_("Area and travel"),
                required=False,
                max_length=MAX_NOTE_CHARACTERS,
                widget=forms.Textarea,
                help_text=_("Where you can visit, and how you travel, for example by car within 20 miles of Leeds"),
            )

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["languages"] = [part for part in data.get("languages", "").split(",") if part.strip()]
        return data
