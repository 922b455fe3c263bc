"""The navigation each role sees: links only to what that role may use."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access import policies
from accounts.models import CASE_HOLDING_ROLES, Role

# (url name, label, roles that see it)
NAVIGATION = [
    ("teams:home", _("Team"), policies.TEAM_MANAGING_ROLES),
    ("casework:caseload", _("My caseload"), CASE_HOLDING_ROLES),
    ("volunteering:home", _("Your people"), {Role.VOLUNTEER}),
    ("intake:notifications", _("Notifications"), policies.NOTIFYING_ROLES),
    ("intake:homicides", _("Homicides"), policies.FULL_RECORD_ROLES),
    ("casework:people", _("People"), policies.FULL_RECORD_ROLES),
    ("casework:covers", _("Cover"), policies.TEAM_MANAGING_ROLES),
    ("commissioning:providers", _("Providers"), policies.CASEWORK_ROLES),
    ("commissioning:budgets", _("Budgets"), policies.TEAM_MANAGING_ROLES),
    ("reporting:index", _("Reports"), policies.REPORT_READER_ROLES),
    ("reporting:dashboard", _("Dashboard"), policies.DASHBOARD_READER_ROLES),
    ("accounts:account", _("Your account"), set(Role)),
]


def home_url_name(user) -> str:
    """Where a signed-in user lands."""
    return {
        Role.CASE_WORKER: "casework:caseload",
        Role.TEAM_LEADER: "teams:home",
        Role.VOLUNTEER: "volunteering:home",
        Role.SUPPORT_WORKER: "intake:notifications",
        Role.POLICE_REFERRER: "intake:notifications",
        Role.NATIONAL_MANAGER: "reporting:index",
        Role.ANALYST: "reporting:index",
    }[Role(user.role)]


def items_for(user, current_path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {"href": reverse(url_name), "text": label, "current": False}
        for url_name, label, roles in NAVIGATION
        if user.role in roles
    ]
    # The current section is the longest link the path starts with ("/cases/cover/" is Cover, not My caseload).
    matching = [item for item in items if current_path.startswith(item["href"])]
    if matching:
        max(matching, key=lambda item: len(item["href"]))["current"] = True
    return items
