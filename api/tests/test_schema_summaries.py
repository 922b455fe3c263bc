"""Each operation in the OpenAPI schema says, in its summary, what it does to which records."""

from __future__ import annotations

import pytest

from api.tests.endpoints import schema

# The word every summary of a collection's operations uses for its records.
RECORD_WORD = {
    "notifications": "notification",
    "homicides": "homicide",
    "allocations": "allocation",
    "people": ("person", "people"),
    "consent-decisions": "consent",
    "contacts": "contact",
    "assessments": "assessment",
    "support-given": "support",
    "agreed-actions": "action",
    "need-types": "need",
    "support-types": "support",
    "volunteer-tasks": "task",
    "volunteer-updates": "update",
    "volunteer-profiles": "availability",
    "providers": "provider",
    "commissioned-services": "service",
    "cica-applications": ("cica", "status"),
    "case-episodes": "period",
    "safeguarding-concerns": "concern",
    "advocacy-offers": ("advocacy", "offer"),
    "reports": "table",
    "covers": "cover",
    "team-caseload": "caseload",
    # Reference lists: each names what it lists.
    "reference": ("regions", "police forces", "staff", "service"),
    "journey-events": "event",
    "outcome-categories": "categor",
}
OPERATIONS = [
    (method, path, operation)
    for path, item in schema()["paths"].items()
    if path.startswith("/api/v1/")
    for method, operation in item.items()
]


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _o in OPERATIONS])
def test_each_summary_names_the_records_of_its_operation(method, path, operation):
    collection = path.removeprefix("/api/v1/").split("/", 1)[0]
    words = RECORD_WORD[collection]

    summary = operation.get("summary", "").lower()
    assert any(word in summary for word in ((words,) if isinstance(words, str) else words)), summary


def test_each_operation_has_its_own_summary_and_no_internal_description():
    summaries = [operation["summary"] for _m, _p, operation in OPERATIONS]

    assert len(summaries) == len(set(summaries))
    assert not [operation["description"] for _m, _p, operation in OPERATIONS if "description" in operation]
