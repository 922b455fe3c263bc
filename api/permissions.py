"""Who may call the API at all; what each caller may see or change is decided by `access.policies`."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from access import policies


class IsActiveUser(BasePermission):
    """Any signed-in, active account. The querysets and `can_*` checks narrow it from there."""

    message = "Sign in (with your second factor) or give an API token."

    def has_permission(self, request, view) -> bool:
        return policies.is_signed_in(request.user)
