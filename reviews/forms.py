"""Domestic Homicide Review forms: typing only. The rules (which dates, in what order) are `reviews.actions`'."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from frontend.forms import GovukDateField, GovukForm
from reviews.models import AdvocacyOrganisation, FamilyWish, OfferOutcome, ReviewDecision

TEXT_HINT = _("Up to 2,000 characters")


def _date(label, required_message=None, help_text=None) -> GovukDateField:
    return GovukDateField(
        label=label,
        required=required_message is not None,
        help_text=help_text or _("For example, 27 3 2026"),
        error_messages={"required": required_message} if required_message else None,
    )


def _radios(label, choices, message, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


# Each field a step may record, as a form field.
REVIEW_FIELDS: dict[str, Callable[[bool], forms.Field]] = {
    "partnership": lambda required: forms.CharField(
        label=_("Community Safety Partnership"),
        required=required,
        help_text=_("The partnership that decides on the review, for example Anytown Community Safety Partnership"),
        error_messages={"required": _("Enter the name of the Community Safety Partnership")},
    ),
    "decision": lambda required: _radios(
        _("The partnership decided to"),
        ReviewDecision.choices,
        _("Select whether the partnership decided to hold a review"),
        required,
    ),
    "decided_on": lambda required: _date(
        _("Date of the decision"), _("Enter the date of the partnership's decision") if required else None
    ),
    "chair_name": lambda required: forms.CharField(
        label=_("Chair's name"), required=required, error_messages={"required": _("Enter the chair's name")}
    ),
    "chair_appointed_on": lambda required: _date(
        _("Date the chair was appointed"), _("Enter the date the chair was appointed")
    ),
    "family_told_on": lambda required: _date(
        _("Date the family was told of the review"), _("Enter the date the family was told of the review")
    ),
    "family_wish": lambda required: _radios(
        _("Does the family want to take part?"),
        FamilyWish.choices,
        _("Select whether the family wants to take part"),
        required=False,
    ),
    "terms_shared_on": lambda required: _date(
        _("Date the terms of reference were shared"), _("Enter the date the terms of reference were shared")
    ),
    "draft_shared_on": lambda required: _date(
        _("Date the draft report was shared with the family"),
        _("Enter the date the draft report was shared with the family"),
        help_text=_("The case worker can go through the report with the family. For example, 27 3 2026"),
    ),
    "family_comments_on": lambda required: _date(
        _("Date of the family's comments"), _("Enter the date of the family's comments")
    ),
    "family_comments": lambda required: forms.CharField(
        label=_("The family's comments"), widget=forms.Textarea, required=False, help_text=TEXT_HINT
    ),
    "qa_submitted_on": lambda required: _date(
        _("Date submitted to the Home Office quality assurance panel"),
        _("Enter the date the review was submitted for quality assurance"),
    ),
    "qa_outcome_on": lambda required: _date(
        _("Date of the quality assurance outcome"),
        help_text=_("Leave blank while the outcome is awaited. For example, 27 3 2026"),
    ),
    "published_on": lambda required: _date(_("Date of publication"), _("Enter the date of publication")),
    "completed_on": lambda required: _date(
        _("Date the review was completed"),
        _("Enter the date the review was completed"),
        help_text=_("The family's cases can then be closed. For example, 27 3 2026"),
    ),
}

# The steps of a review, each a page: (slug, title, fields). Their order is the review's usual order.
STEPS: dict[str, tuple[StrOrPromise, tuple[str, ...]]] = {
    "decision": (_("Record the partnership's decision"), ("partnership", "decision", "decided_on")),
    "chair": (_("Record the chair's appointment"), ("chair_name", "chair_appointed_on")),
    "family": (_("Record telling the family of the review"), ("family_told_on", "family_wish")),
    "terms": (_("Record sharing the terms of reference"), ("terms_shared_on",)),
    "draft": (_("Record sharing the draft report with the family"), ("draft_shared_on",)),
    "comments": (_("Record the family's comments on the draft"), ("family_comments_on", "family_comments")),
    "quality-assurance": (_("Record Home Office quality assurance"), ("qa_submitted_on", "qa_outcome_on")),
    "publication": (_("Record publication"), ("published_on",)),
    "completion": (_("Record the review's completion"), ("completed_on",)),
}
STEP_OF_FIELD = {name: step for step, (_title, names) in STEPS.items() for name in names}


class ReviewStepForm(GovukForm):
    """The fields of one step (`STEPS`); opening a review takes the decision's fields, none of them required."""

    def __init__(self, *args, names: tuple[str, ...], required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for name in names:
            self.fields[name] = REVIEW_FIELDS[name](required)

    def review_fields(self) -> dict:
        return {
            name: (
                ""
                if value is None and name in {"partnership", "decision", "chair_name", "family_wish", "family_comments"}
                else value
            )
            for name, value in self.cleaned_data.items()
        }


class AdvocacyOfferForm(GovukForm):
    organisation = _radios(
        _("Advocacy service offered"), AdvocacyOrganisation.choices, _("Select the advocacy service offered")
    )
    organisation_other = forms.CharField(
        label=_("Name of the other service"), required=False, help_text=_("If another service was offered")
    )
    offered_on = _date(_("Date offered"), _("Enter the date advocacy was offered"))
    outcome = _radios(_("Outcome"), OfferOutcome.choices, _("Select the outcome of the offer"))
    referred_on = _date(
        _("Date referred"), help_text=_("If the family accepted and was referred. For example, 27 3 2026")
    )
    offer_again_on = _date(
        _("Date to offer again"),
        help_text=_("If the family declined: when to offer advocacy again. For example, 27 3 2026"),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False, help_text=TEXT_HINT)


class OfferAnswerForm(GovukForm):
    """The family's answer to an offer, or its referral, recorded later."""

    outcome = AdvocacyOfferForm.base_fields["outcome"]
    referred_on = AdvocacyOfferForm.base_fields["referred_on"]
    offer_again_on = AdvocacyOfferForm.base_fields["offer_again_on"]
    notes = AdvocacyOfferForm.base_fields["notes"]


class ChairMeetingForm(GovukForm):
    met_on = _date(_("Date of the meeting"), _("Enter the date of the meeting"))
    attendees = forms.CharField(
        label=_("Who attended"),
        help_text=_("For example, the chair, the victim's mother and sister, the case worker"),
        error_messages={"required": _("Enter who attended the meeting")},
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False, help_text=TEXT_HINT)
