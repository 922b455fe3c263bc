"""Finding 6: no response may be kept by a browser or proxy, so Back on a shared computer shows nothing again."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.actions import create_api_token

pytestmark = pytest.mark.django_db


def _get_urls(cast) -> list[str]:
    """Every page's URL from the resolver (so a new page is covered without edits), with the cast's record ids."""
    record_ids = {"pk": cast.person.pk, "homicide_pk": cast.homicide.pk}
    urls = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names = pattern.pattern.regex.groupindex
                if "format" in names:  # the API's `.json` suffix copies of the same views
                    continue
                urls.append(reverse(f"{prefix}{pattern.name}", kwargs={k: record_ids.get(k, 1) for k in names}))

    walk(get_resolver(), "")
    return urls


def _no_store(response) -> bool:
    return "no-store" in re.split(r"\s*,\s*", response.get("Cache-Control", ""))


def test_every_page_says_no_store_to_a_signed_in_user(cast, signed_in):
    client = signed_in(cast.national_manager)

    stored = [url for url in _get_urls(cast) if not _no_store(client.get(url))]

    assert not stored, f"pages a browser may keep: {stored}"


def test_a_record_page_says_no_store(cast, signed_in):
    response = signed_in(cast.case_worker).get(reverse("casework:person-detail", args=[cast.person.pk]))

    assert response.status_code == 200
    assert cast.person.first_name in response.content.decode()
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


def test_api_answers_say_no_store_with_a_session_and_with_a_token(cast, signed_in, client):
    _, secret = create_api_token(user=cast.case_worker, name="Script")
    by_token = client.get(reverse("api:person-list"), HTTP_AUTHORIZATION=f"Token {secret}")
    by_session = signed_in(cast.case_worker).get(reverse("api:person-detail", args=[cast.person.pk]))

    assert by_token.status_code == 200 and _no_store(by_token)
    assert by_session.status_code == 200 and _no_store(by_session)


def test_after_signing_out_the_record_is_not_shown_again(cast, signed_in):
    client = signed_in(cast.case_worker)
    url = reverse("casework:person-detail", args=[cast.person.pk])
    assert _no_store(client.get(url))

    signed_out = client.post(reverse("accounts:sign-out"))
    again = client.get(url)

    assert _no_store(signed_out)
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("accounts:sign-in"))
    assert cast.person.first_name not in again.content.decode()
