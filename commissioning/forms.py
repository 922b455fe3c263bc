"""Commissioning forms: the fields a user sets. Sums of money are taken as typed and checked by the actions, so
that a refused amount comes back as the person wrote it, with the action's message."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.models import NOTES_MAX_LENGTH, CaseStage, SupportType
from commissioning.models import CicaStatus, Provider
from frontend.forms import GovukDateField, GovukForm
from organisation.models import Region

DATE_HINT = _("For example, 27 3 2026")
MONEY_HINT = _("In pounds, for example 350.00")


def _required(message) -> dict:
    return {"required": message}


def money_field(label, *, required: bool = True, help_text=MONEY_HINT) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=20,
        error_messages=_required(_("Enter %(label)s") % {"label": str(label).lower()}),
    )


class ProviderForm(GovukForm):
    name = forms.CharField(label=_("Name"), max_length=200, error_messages=_required(_("Enter the provider's name")))
    services = forms.ModelMultipleChoiceField(
        label=_("Services offered"),
        queryset=SupportType.objects.filter(commissioned=True, is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("Select at least one service the provider offers")),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions covered"),
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("Select at least one region the provider covers")),
    )
    contact_name = forms.CharField(label=_("Contact name (optional)"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    is_active = forms.BooleanField(
        label=_("Active"), required=False, initial=True, help_text=_("Inactive providers cannot be chosen")
    )


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Provider) -> str:
        return obj.name


class ServiceForm(GovukForm):
    service_type = forms.ModelChoiceField(
        label=_("Service"),
        queryset=SupportType.objects.filter(commissioned=True, is_active=True),
        empty_label="",
        error_messages=_required(_("Select the service")),
    )
    provider = ProviderChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.none(),
        empty_label="",
        help_text=_("Active providers that cover this person's region"),
        error_messages=_required(_("Select the provider")),
    )
    case_stage = forms.ChoiceField(
        label=_("Stage of the case"),
        choices=[("", ""), *CaseStage.choices],
        error_messages=_required(_("Select the stage of the case")),
    )
    agreed_on = GovukDateField(
        label=_("Date agreed"), help_text=DATE_HINT, error_messages=_required(_("Enter the date agreed"))
    )
    starts_on = GovukDateField(
        label=_("Start date"), help_text=DATE_HINT, error_messages=_required(_("Enter the start date"))
    )
    ends_on = GovukDateField(label=_("End date (optional)"), help_text=DATE_HINT, required=False)
    agreed_cost = money_field(_("Agreed cost"))
    notes = forms.CharField(
        label=_("Notes (optional)"), widget=forms.Textarea, required=False, max_length=NOTES_MAX_LENGTH
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is not None:
            cast(forms.ModelChoiceField, self.fields["provider"]).queryset = providers


class ActualCostForm(GovukForm):
    actual_cost = money_field(_("Actual cost"))
    costed_on = GovukDateField(
        label=_("Date the cost was known"),
        help_text=DATE_HINT,
        error_messages=_required(_("Enter the date the cost was known")),
    )


class BudgetForm(GovukForm):
    financial_year = forms.TypedChoiceField(
        label=_("Financial year"), coerce=int, error_messages=_required(_("Select the financial year"))
    )
    amount = money_field(_("Budget"))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["financial_year"]).choices = [
            (year, f"April {year} to March {year + 1}") for year in years
        ]


class HelperChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class CicaApplicationForm(GovukForm):
    applied_on = GovukDateField(
        label=_("Date applied"), help_text=DATE_HINT, error_messages=_required(_("Enter the date applied"))
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(CicaStatus.DRAFTED, CicaStatus.DRAFTED.label), (CicaStatus.SUBMITTED, CicaStatus.SUBMITTED.label)],
        widget=forms.RadioSelect,
        error_messages=_required(_("Select whether the application is drafted or submitted")),
    )
    helped_by = HelperChoiceField(
        label=_("Who helped"), queryset=None, empty_label="", error_messages=_required(_("Select who helped"))
    )
    reference = forms.CharField(label=_("CICA reference (optional)"), max_length=50, required=False)
    next_step = forms.CharField(label=_("Next step (optional)"), max_length=200, required=False)
    next_step_on = GovukDateField(label=_("Next step due (optional)"), help_text=DATE_HINT, required=False)

    def __init__(self, *args, helpers=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["helped_by"]).queryset = helpers


class CicaStatusForm(GovukForm):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[("", "")] + [choice for choice in CicaStatus.choices if choice[0] != CicaStatus.DRAFTED],
        error_messages=_required(_("Select the application's new status")),
    )
    changed_on = GovukDateField(
        label=_("Date of the change"), help_text=DATE_HINT, error_messages=_required(_("Enter the date of the change"))
    )
    award_amount = money_field(
        _("Award"), required=False, help_text=_("At a decision or payment, in pounds (0 for no award)")
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), widget=forms.Textarea, required=False, max_length=NOTES_MAX_LENGTH
    )
    next_step = forms.CharField(label=_("Next step (optional)"), max_length=200, required=False)
    next_step_on = GovukDateField(label=_("Next step due (optional)"), help_text=DATE_HINT, required=False)
