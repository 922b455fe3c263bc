"""Risk and safeguarding forms: the fields a user sets. Every rule is the actions'; these only read what was typed."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.models import NOTES_MAX_LENGTH, BereavedPerson
from frontend.forms import GovukDateField, GovukForm
from safeguarding.models import ConcernAbout, ReferredTo, RiskLevel, SuspectContact

DATE_HINT = _("For example, 27 3 2026")
MAX_TEXT = NOTES_MAX_LENGTH


def _required(message) -> dict:
    return {"required": message}


def _text(label, *, help_text="", required: bool = False, message="") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        error_messages=_required(message) if message else {},
    )


class RiskCheckForm(GovukForm):
    checked_on = GovukDateField(
        label=_("Date of the check"), help_text=DATE_HINT, error_messages=_required(_("Enter the date of the check"))
    )
    address_risks = _text(
        _("Known risks at the address (optional)"),
        help_text=_("For example, dogs, other people living there, access, the area"),
    )
    suspect_contact = forms.ChoiceField(
        label=_("Is the suspect, or the suspect's family, in contact with the person?"),
        choices=SuspectContact.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select whether the suspect or their family is in contact with the person")),
    )
    other_risks = _text(_("Other risks (optional)"))
    risk_level = forms.ChoiceField(
        label=_("Overall risk level"),
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select the overall risk level")),
    )
    safety_measures = _text(
        _("Agreed safety measures"),
        help_text=_(
            "For example, visit in pairs, meet at the office, check in by phone after the visit. "
            "Needed for a medium or high risk."
        ),
    )
    review_by = GovukDateField(
        label=_("Review by"),
        help_text=_("Within a year of the check, for example 27 9 2026"),
        error_messages=_required(_("Enter the date to review the check by")),
    )


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BereavedPerson) -> str:
        return obj.full_name


class ConcernProgressForm(GovukForm):
    """Where the concern was referred, and what came of it: recorded with the concern, or later."""

    referred_to = forms.ChoiceField(
        label=_("Referred to (optional)"),
        choices=[("", _("Not referred yet")), *ReferredTo.choices],
        required=False,
    )
    referred_to_other = forms.CharField(
        label=_("Other agency"), help_text=_("If referred to another agency"), max_length=200, required=False
    )
    referred_on = GovukDateField(label=_("Date referred"), help_text=DATE_HINT, required=False)
    outcome = _text(_("Outcome (optional)"))
    outcome_on = GovukDateField(label=_("Date of the outcome"), help_text=DATE_HINT, required=False)


class ConcernForm(ConcernProgressForm):
    about = forms.ChoiceField(
        label=_("Who is the concern about?"),
        choices=ConcernAbout.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select who the concern is about")),
    )
    child = ChildChoiceField(
        label=_("The child (if a child in the family)"),
        queryset=BereavedPerson.objects.none(),
        required=False,
        empty_label=_("Not on our records, or not a child"),
    )
    child_name = forms.CharField(label=_("The child's name, if not on our records"), max_length=200, required=False)
    description = _text(_("What is the concern?"), required=True, message=_("Enter what the concern is"))
    raised_on = GovukDateField(
        label=_("Date raised"),
        help_text=DATE_HINT,
        error_messages=_required(_("Enter the date the concern was raised")),
    )
    field_order = ["about", "child", "child_name", "description", "raised_on"]

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        if children is not None:
            cast(forms.ModelChoiceField, self.fields["child"]).queryset = children
