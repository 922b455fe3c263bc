"""How the OpenAPI schema describes our two ways of signing in (imported by ApiConfig.ready)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.VerifiedSessionAuthentication"
    name = "verifiedSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "waypoint-session",
            "description": "A browser session that has passed the second factor (one-time code).",
        }


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Your API token, as "Token <key>" or "Bearer <key>".',
        }


class WaypointAutoSchema(AutoSchema):
    """Our operations as drf-spectacular describes them, and one thing it leaves out: a paged list refuses a cursor
    or a limit it cannot read with 400 (`api.pagination`), so every paged list documents that answer."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response" and self._is_list_view() and self._get_paginator() is not None:
            responses.setdefault("400", {"description": "A cursor or limit this API cannot read: a message for each"})
        return responses
