"""Cross-site request forgery: no page and no session-authenticated API operation takes a change without the token.

The pages come from the URL resolver and the API operations from its schema, so a new form or endpoint is
covered without edits; `@csrf_exempt` on any of them, or a session sign-in to the API that skips the check,
fails here.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.tests.endpoints import url_for, write_operations
from conftest import sign_in

pytestmark = pytest.mark.django_db


def _sample(regex: str, name: str) -> str:
    """A value the URL accepts for `name`: the first of a list of choices (the admin's app labels), else "1"."""
    choices = re.search(rf"\(\?P<{name}>([\w|]+)\)", regex)
    return choices.group(1).split("|")[0] if choices else "1"


def page_urls() -> list[str]:
    """Every named page, the admin site's included, with any ids (the check comes before the record is found)."""
    urls = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "api":
                    continue  # the API answers for itself, below
                walk(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                regex = pattern.pattern.regex.pattern
                kwargs = {name: _sample(regex, name) for name in pattern.pattern.regex.groupindex}
                urls.append(reverse(f"{prefix}{pattern.name}", kwargs=kwargs))

    walk(get_resolver(), "")
    return sorted(set(urls))


def test_every_page_is_walked():
    urls = page_urls()
    for name in ("accounts:sign-in", "accounts:api-tokens", "casework:case-close", "intake:notification-new"):
        url = reverse(name, kwargs={"pk": 1} if name == "casework:case-close" else None)
        assert url in urls
    assert any(url.startswith("/admin/") for url in urls)


def _refused_for_csrf(response) -> bool:
    return response.status_code == 403 and "CSRF" in response.content.decode()


def test_no_page_takes_a_post_without_the_csrf_token(cast):
    client = sign_in(Client(enforce_csrf_checks=True), cast.national_manager)

    accepted = [
        f"{url} ({response.status_code})"
        for url in page_urls()
        if not _refused_for_csrf(response := client.post(url, {"name": "x", "reason": "x"}))
    ]

    assert not accepted, "pages taking a POST without a CSRF token:\n" + "\n".join(accepted)


def test_signing_in_needs_the_csrf_token_too(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:sign-in"), {"email": "someone@waypoint.test", "password": "x"})

    assert _refused_for_csrf(response)


def test_no_api_operation_takes_a_session_change_without_the_csrf_token(cast):
    from api.tests.conftest import add_api_records

    add_api_records(cast)  # every collection's {id} has a record
    client = sign_in(Client(enforce_csrf_checks=True), cast.national_manager)

    accepted = []
    for method, path in write_operations():
        response = getattr(client, method)(url_for(path, cast), "{}", content_type="application/json")
        if not (response.status_code == 403 and "CSRF" in response.json().get("detail", "")):
            accepted.append(f"{method.upper()} {path} ({response.status_code})")

    assert write_operations()
    assert not accepted, "API operations taking a session change without a CSRF token:\n" + "\n".join(accepted)


def test_with_the_token_the_same_session_is_let_through(cast):
    """The refusals above are the CSRF check's, not the roles': with the token a page post goes through."""
    client = sign_in(Client(enforce_csrf_checks=True), cast.case_worker)
    page = client.get(reverse("accounts:api-tokens"))
    token = (
        page.cookies["waypoint-csrf"].value
        if "waypoint-csrf" in page.cookies
        else client.cookies["waypoint-csrf"].value
    )

    response = client.post(reverse("accounts:api-tokens"), {"name": "Script", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
