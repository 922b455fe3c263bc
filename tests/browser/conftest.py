"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

One browser per test session, a new context (cookies, storage) per test. Every page visit is watched for
Content Security Policy violations (see helpers.py for the checks).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse database calls here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser.helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    CSP_LISTENER,
    DESKTOP,
    NAVIGATION_TIMEOUT_MS,
    browser_required,
    chromium_path,
)


def pytest_configure(config: pytest.Config) -> None:
    # Registered by pytest-xdist when it runs; declared here too so `-p no:xdist` runs pass --strict-markers.
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")


_SNAPSHOT: dict[str, str] = {}


def _remember_reference_snapshot() -> None:
    """Keep Django's snapshot of the migrated test database (reference data: regions, forces, support types).

    Django keeps it on the thread's connection object; once Playwright runs an event loop in this thread,
    asgiref hands out connection objects per async context, and a database set up before then (by other
    tests on this xdist worker) no longer shows its snapshot.
    """
    from django.db import connection

    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot is not None:
        _SNAPSHOT["default"] = snapshot


def reference_snapshot() -> str | None:
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None) or _SNAPSHOT.get("default")


@pytest.fixture(scope="session")
def chromium():
    """The one browser for the session; skipped (or failed, in CI) when chromium is not installed."""
    path = chromium_path()
    if path is None:
        if browser_required():
            pytest.fail("chromium not installed, and WAYPOINT_REQUIRE_BROWSER=1 requires the browser tests")
        pytest.skip("chromium not installed: browser tests skipped")
    from playwright.sync_api import sync_playwright

    _remember_reference_snapshot()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_db(django_db_serialized_rollback, transactional_db) -> None:
    """The live server runs in another thread, so tests commit; the reference data come back for each test."""
    from django.core.management import call_command
    from django.db import connection

    from organisation.models import Region

    if not Region.objects.exists():
        # Django restores its snapshot only when it can see it (see _remember_reference_snapshot).
        snapshot = reference_snapshot()
        assert snapshot is not None, "no snapshot of the migrated test database to restore reference data from"
        # Other tests' flushes re-create content types and permissions under new ids: start from empty.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(snapshot)


def _watched_page(chromium):
    """A page in a new browser context, watched for Content Security Policy violations."""
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    violations: list[str] = []
    context.expose_function("__waypointCspViolation", lambda text: violations.append(text))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.csp_violations = violations
    return page


@pytest.fixture
def new_page(chromium) -> Iterator:
    """`new_page()` opens another watched page in a browser context of its own (another person's browser)."""
    pages = []

    def _open():
        pages.append(_watched_page(chromium))
        return pages[-1]

    yield _open
    for page in pages:
        page.context.close()


@pytest.fixture
def blank_page(new_page):
    """A fresh browser context and page, watched for Content Security Policy violations (no database)."""
    return new_page()


@pytest.fixture
def page(blank_page, browser_db, live_server):
    """A page for a test with a database of its own (emptied after it, which is slow: about 2s)."""
    return blank_page


@pytest.fixture(scope="module")
def shared_records(django_db_setup, django_db_blocker) -> Iterator:
    """One committed `cast` for a whole module of tests that only look at pages (they do not change records).

    Emptying the database takes seconds, so these tests share one set of records and the database is emptied
    once, after the module, and given back its reference data (regions, police forces, support types).
    """
    from django.core.management import call_command
    from django.db import connection

    from conftest import make_cast
    from organisation.models import Region

    def empty_database() -> None:
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(reference)

    with django_db_blocker.unblock():
        # Django's snapshot, or (when no test asked Django for one) the database as it is now.
        reference = reference_snapshot() or connection.creation.serialize_db_to_string()
        if not Region.objects.exists():  # left empty by an earlier transactional test
            empty_database()
        try:
            yield make_cast()
        finally:
            empty_database()


@pytest.fixture(autouse=True)
def _live_server_helper(request) -> Iterator[None]:
    """pytest-django's helper of this name, except that tests on `shared_records` keep them.

    pytest-django gives every test that uses `live_server` a transactional database, emptied after the test;
    tests on `shared_records` share the module's committed records instead (see there). Otherwise the same.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    if "shared_records" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()
