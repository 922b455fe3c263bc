"""Sign-in forms. None of them exposes a user's role, region or permissions, so posting those changes nothing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import otp
from accounts.models import User
from frontend.forms import GovukForm, GovukFormMixin


class SignInForm(GovukForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your email address"), "invalid": _("Enter a correct email address")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    # One message whether the email is unknown or the password wrong, so accounts cannot be discovered.
    invalid_sign_in = _("Enter a correct email address and password")

    def __init__(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean returns cleaned_data
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            # Through authenticate() so that django-axes counts failures and refuses locked accounts.
            self.user = authenticate(self.request, email=email, password=password)
            if self.user is None:
                raise forms.ValidationError(self.invalid_sign_in, code="invalid_sign_in")
        return cleaned


class CodeForm(GovukForm):
    """One code: 6 digits from the authenticator app, or (on the second-factor page) a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": _("Enter a code")},
    )

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["code"].label = label
        if help_text:
            self.fields["code"].help_text = help_text

    def clean_code(self) -> str:
        return otp.normalise(self.cleaned_data["code"])


class ApiTokenForm(GovukForm):
    """A name for a new API token; the rules for it live in `actions.create_api_token`."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        help_text=_("Say where you will use it, for example “Monthly report script”."),
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )


class ChangePasswordForm(GovukFormMixin, PasswordChangeForm):
    """Django's password change, with GOV.UK messages."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Your current password is not right: enter it again"),
        "password_mismatch": _("The two new passwords must match"),
    }
