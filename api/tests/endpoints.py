"""Every API operation, read from the generated OpenAPI schema, so that a new endpoint is tested without edits."""

from __future__ import annotations

from functools import cache

# Which cast record stands in for `{id}` in each collection's paths.
RECORD_FOR_COLLECTION = {
    "notifications": "notification",
    "homicides": "homicide",
    "allocations": "allocation",
    "people": "person",
    "consent-decisions": "consent",
    "contacts": "contact",
    "assessments": "assessment",
    "support-given": "support",
    "agreed-actions": "action",
    "volunteer-tasks": "assignment",
    "volunteer-updates": "volunteer_update",
    "commissioned-services": "service",
    "cica-applications": "cica",
    "journey-events": "journey_event",
    "case-episodes": "episode",
    "safeguarding-concerns": "concern",
    "advocacy-offers": "advocacy_offer",
    "covers": "cover",
    "volunteer-profiles": "volunteer_profile",
}
WRITE_METHODS = {"post", "patch", "put", "delete"}


@cache
def schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def operations() -> list[tuple[str, str]]:
    """(method, path template) of every API operation."""
    return [
        (method, path)
        for path, item in schema()["paths"].items()
        if path.startswith("/api/v1/")
        for method in item
        if method in {"get", *WRITE_METHODS}
    ]


def write_operations() -> list[tuple[str, str]]:
    return [(method, path) for method, path in operations() if method in WRITE_METHODS]


def request_fields(method: str, path: str) -> dict[str, dict]:
    """The JSON body's properties for an operation, with `$ref`s followed."""
    body = schema()["paths"][path][method].get("requestBody", {})
    ref = body.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    if not ref:
        return {}
    return schema()["components"]["schemas"][ref.rsplit("/", 1)[1]].get("properties", {})


def url_for(path: str, cast) -> str:
    """The path with `{id}` replaced by the id of the cast's London record of that collection."""
    if "{id}" not in path:
        return path
    collection = path.removeprefix("/api/v1/").split("/", 1)[0]
    return path.replace("{id}", str(getattr(cast, RECORD_FOR_COLLECTION[collection]).pk))
