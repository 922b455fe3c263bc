"""Signing in (password, then a one-time code), lockout, the user's own account, and managing a team's accounts."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access import policies
from accounts import actions, otp
from accounts.forms import ApiTokenForm, ChangePasswordForm, CodeForm, SignInForm
from accounts.middleware import REFRESHED_AT, SIGNED_IN_AT
from frontend.forms import apply_errors
from frontend.requests import AuthenticatedRequest

# Backup codes are shown once, on the page after the one that made them; so is a new API token's secret.
NEW_BACKUP_CODES = "waypoint_new_backup_codes"
NEW_API_TOKEN = "waypoint_new_api_token"


def _safe_next(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _continue(request: HttpRequest) -> HttpResponse:
    return redirect(_safe_next(request) or reverse("frontend:home"))


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return _continue(request)
    next_url = _safe_next(request)
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        assert form.user is not None  # a valid form has authenticated its user
        login(request, form.user)  # a new session key, so a planted one is useless
        request.session[SIGNED_IN_AT] = request.session[REFRESHED_AT] = time.time()
        step = "accounts:second-factor" if otp.authenticator_app(form.user) else "accounts:set-up-second-factor"
        return redirect(_with_next(step, next_url))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": next_url, "expired": request.GET.get("expired") == "1"},
    )


def locked_out(request: HttpRequest, credentials, *args, **kwargs) -> HttpResponse:
    """django-axes calls this once an account name is locked from an address. It says nothing about the account."""
    return render(request, "accounts/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:sign-in")
    if user.is_verified():
        return _continue(request)
    if otp.authenticator_app(user) is None:
        return redirect(_with_next("accounts:set-up-second-factor", _safe_next(request)))
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        label=_("Code from your authenticator app, or a backup code"),
        help_text=_("The 6-digit code changes every 30 seconds. Each backup code works once."),
    )
    if form.is_valid():
        device = otp.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            request.session.cycle_key()
            return _continue(request)
        form.add_error(
            "code",
            _("Enter a correct code. After several wrong codes you need to wait a short time before trying again"),
        )
    return render(request, "accounts/second_factor.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def set_up_second_factor(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if otp.authenticator_app(user) is not None:
        # Never a second app on a password alone: the existing one must be used.
        return redirect("accounts:account" if user.is_verified() else "accounts:second-factor")
    device = otp.unconfirmed_authenticator_app(user)
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        label=_("Code from your authenticator app"),
        help_text=_("Enter the 6-digit code the app shows for Waypoint."),
    )
    if form.is_valid():
        if otp.confirm_authenticator_app(device, form.cleaned_data["code"]):
            django_otp.login(request, device)
            request.session.cycle_key()
            request.session[NEW_BACKUP_CODES] = otp.new_backup_codes(user)
            return redirect("accounts:backup-codes")
        form.add_error("code", _("Enter the code your authenticator app shows now"))
    context = {
        "form": form,
        "qr_code": otp.qr_code_svg(device, _("QR code to add Waypoint to your authenticator app")),
        "secret": otp.secret_for_manual_entry(device),
        "next": _safe_next(request),
    }
    return render(request, "accounts/set_up_second_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        request.session[NEW_BACKUP_CODES] = otp.new_backup_codes(request.user)
        return redirect("accounts:backup-codes")
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "codes_left": None if codes else otp.backup_codes_left(request.user)},
    )


@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "codes_left": otp.backup_codes_left(request.user),
        "can_manage_team": policies.can_manage_team(request.user),
        "can_update_profile": policies.may("update_deployment_profile", request.user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: AuthenticatedRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = actions.change_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        # Other sessions fail Django's session hash check from now on; this one is kept.
        update_session_auth_hash(request, user)
        messages.success(
            request,
            _("Your password has been changed. Any other sessions have been signed out and your API tokens ended."),
        )
        return redirect("accounts:account")
    return render(request, "accounts/change_password.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own API tokens: when each was made, expires and was last used; make a new one."""
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            token, secret = actions.create_api_token(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            request.session[NEW_API_TOKEN] = {"id": token.pk, "secret": secret}
            return redirect("accounts:api-tokens")
    new = request.session.pop(NEW_API_TOKEN, None)
    context = {
        "form": form,
        "tokens": request.user.api_tokens.all(),
        "new_token": new,
        "now": timezone.now(),
        "token_days": settings.API_TOKEN_DAYS,
    }
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens.filter(revoked_at__isnull=True), pk=pk)
    if request.method == "POST":
        actions.revoke_api_token(token=token, by=request.user)
        messages.success(request, _("The token %(name)s no longer works") % {"name": token.name})
        return redirect("accounts:api-tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})


@login_required
def users(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_manage_team(request.user):
        raise Http404
    members = policies.team_members(request.user).select_related("region", "police_force")
    rows = [
        (
            member,
            policies.can_deactivate(request.user, member),
            policies.can_reset_second_factor(request.user, member),
            policies.may("update_deployment_profile", request.user, member),
        )
        for member in members
    ]
    return render(request, "accounts/users.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = policies.get_visible_or_404(request.user, policies.team_members(request.user), pk=pk)
    policies.authorize("deactivate_user", request.user, member)
    if request.method == "POST":
        actions.deactivate_user(member=member, by=request.user)
        messages.success(request, _("%(name)s can no longer sign in") % {"name": member.full_name})
        return redirect("accounts:users")
    return render(request, "accounts/user_deactivate.html", {"member": member})


@login_required
@require_http_methods(["GET", "POST"])
def user_reset_second_factor(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = policies.get_visible_or_404(request.user, policies.team_members(request.user), pk=pk)
    policies.authorize("reset_second_factor", request.user, member)
    if request.method == "POST":
        actions.reset_second_factor(user=member, by=request.user)
        messages.success(
            request,
            _("%(name)s’s second factor has been reset. They set up a new authenticator app when they next sign in")
            % {"name": member.full_name},
        )
        return redirect("accounts:users")
    return render(request, "accounts/user_reset_second_factor.html", {"member": member})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:sign-in")
