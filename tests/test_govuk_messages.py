"""No stock framework message ("This field is required.", "Ensure this value is greater than or equal to 1.",
"Select a valid choice.") reaches a user: every form of every page in the permission matrix is submitted empty and
with values out of range or of the wrong kind, and so is every write of the API; the answers hold GOV.UK messages
only. The stock messages are read from Django's and DRF's own field classes, not listed here."""

from __future__ import annotations

import html
import inspect
import json
import re
from html.parser import HTMLParser

import pytest
from django.core import validators
from django.urls import reverse

from api.tests.endpoints import request_fields, url_for, write_operations
from conftest import sign_in
from tests.test_permission_matrix import PAGES

pytestmark = pytest.mark.django_db


def _prefixes(messages) -> set[str]:
    """Each message up to its first placeholder, when that says enough to be recognised."""
    found = set()
    for message in messages:
        head = re.split(r"%\(|\{", str(message))[0].strip()
        if len(head) >= 12:
            found.add(head)
    return found


def _django_stock() -> set[str]:
    from django import forms

    messages = []
    for module in (forms.fields, forms.models):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            for klass in cls.__mro__:
                messages += list(getattr(klass, "default_error_messages", {}).values())
    messages += [getattr(cls, "message", "") for _n, cls in inspect.getmembers(validators, inspect.isclass)]
    return _prefixes(messages)


def _drf_stock() -> set[str]:
    from rest_framework import fields, relations, serializers

    messages = []
    for module in (fields, relations, serializers):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            for klass in cls.__mro__:
                messages += list(getattr(klass, "default_error_messages", {}).values())
    return _prefixes(messages)


DJANGO_STOCK = _django_stock()
DRF_STOCK = _drf_stock()


def test_the_stock_messages_are_found():
    assert "This field is required." in DJANGO_STOCK
    assert "Select a valid choice." in DJANGO_STOCK
    assert "Ensure this value is greater than or equal to" in DJANGO_STOCK
    assert "This field is required." in DRF_STOCK
    assert "A valid integer is required." in DRF_STOCK


class _FormFields(HTMLParser):
    """The names and kinds of the fields of a page's POST forms."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_form = (a.get("method") or "").lower() == "post"
        elif self.in_form and tag in {"input", "select", "textarea"} and a.get("name"):
            kind = a.get("type") or tag
            if tag == "input" and a.get("inputmode") == "numeric":
                kind = "number"
            self.fields.setdefault(a["name"], "select" if tag == "select" else kind)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def _out_of_range(fields: dict[str, str], big: bool) -> dict[str, str]:
    """A value of the wrong kind or out of range for every field."""
    data = {}
    for name, kind in fields.items():
        if name == "csrfmiddlewaretoken" or kind in {"hidden", "submit", "file"}:
            continue
        if name.endswith("_day"):
            data[name] = "32"
        elif name.endswith("_month"):
            data[name] = "13"
        elif name.endswith("_year"):
            data[name] = "1800"
        elif name.endswith("_time"):
            data[name] = "25:99"
        elif kind == "number":
            data[name] = "99999999999" if big else "-1"
        elif kind in {"select", "radio", "checkbox"}:
            data[name] = "not-a-choice"
        else:
            data[name] = "x" * 20_001 if big else "a\x00b"
    return data


def _user_for(access) -> str:
    return "national_manager" if "national_manager" in access.inside else sorted(access.inside)[0]


FORM_PAGES = sorted(name for name, access in PAGES.items() if access.method == "get" and access.ok == {200})


@pytest.fixture
def world(cast):
    from tests.test_permission_matrix import add_page_records

    add_page_records(cast)
    return cast


@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_form_answers_in_govuk_messages(world, client, name):
    access = PAGES[name]
    url = reverse(name, kwargs=access.kwargs(world) if access.kwargs else None)
    sign_in(client, getattr(world, _user_for(access)))
    page = client.get(url + access.query)
    parser = _FormFields()
    parser.feed(page.content.decode())
    if not parser.fields:
        pytest.skip("no form on this page")

    problems = []
    for label, data in (
        ("empty", {}),
        ("wrong", _out_of_range(parser.fields, big=False)),
        ("too big", _out_of_range(parser.fields, big=True)),
    ):
        answer = html.unescape(client.post(url, data).content.decode(errors="replace"))
        problems += [f"{label}: {stock!r}" for stock in DJANGO_STOCK if stock in answer]
    assert not problems, "\n".join(problems)


def test_the_form_check_sees_fields_and_catches_a_stock_message(world, client):
    """The test above is not vacuous: it finds a page's fields, and a stock message when one shows."""
    sign_in(client, world.case_worker)
    parser = _FormFields()
    parser.feed(client.get(reverse("casework:contact-new", args=[world.person.pk])).content.decode())
    assert {"kind", "duration_minutes", "occurred_at_day", "notes"} <= set(parser.fields)
    assert parser.fields["duration_minutes"] == "number"
    assert any(stock in "<p>This field is required.</p>" for stock in DJANGO_STOCK)


def test_a_contact_out_of_range_says_what_to_enter(world, client):
    sign_in(client, world.case_worker)
    answer = client.post(
        reverse("casework:contact-new", args=[world.person.pk]), {"kind": "nonsense", "duration_minutes": "abc"}
    ).content.decode()

    assert "Select the type of contact" in answer
    assert "Enter the duration in minutes as a whole number" in answer
    assert "Enter the date and time of contact" in html.unescape(answer)


# ---- The API ----------------------------------------------------------------------------------------------------

WRONG = {
    "integer": "not a number",
    "number": "not a number",
    "boolean": "perhaps",
    "array": "not a list",
    "object": "not an object",
}


def _wrong_value(prop: dict, big: bool):
    kind = prop.get("type")
    if prop.get("format") in {"date", "date-time"}:
        return "2026-02-31" if big else "yesterday"
    if "enum" in prop or "$ref" in prop or "allOf" in prop or "oneOf" in prop:
        return "not-a-choice"
    if kind == "integer":
        return 10**15 if big else -1
    if kind == "string":
        return "x" * 20_001 if big else 42
    return WRONG.get(kind)


@pytest.fixture
def api_world(cast):
    from api.tests.conftest import add_api_records
    from intake.models import Allocation

    add_api_records(cast)
    cast.allocation = Allocation.objects.create(
        homicide=cast.homicide, case_worker=cast.case_worker, allocated_by=cast.team_leader
    )
    return cast


@pytest.mark.parametrize(("method", "path"), write_operations())
def test_every_api_write_answers_in_govuk_messages(api_world, client, method, path):
    sign_in(client, api_world.national_manager)
    url = url_for(path, api_world)
    props = request_fields(method, path)
    problems = []
    for label, body in (
        ("empty", {}),
        ("wrong", {name: _wrong_value(prop, big=False) for name, prop in props.items()}),
        ("too big", {name: _wrong_value(prop, big=True) for name, prop in props.items()}),
        ("nulls", dict.fromkeys(props)),
    ):
        response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
        text = response.content.decode(errors="replace")
        problems += [f"{label}: {stock!r} in {text[:300]}" for stock in DRF_STOCK if stock in text]
    assert not problems, "\n".join(problems)
