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


@pytest.fixture(scope="session")
def chromium():
    """The one browser for the session; skipped (or failed, in CI) when chromium is not installed."""
    path = chromium_path()
    if path is None:
        if browser_required():
            pytest.fail("chromium not installed, and WAYPOINT_REQUIRE_BROWSER=1 requires the browser tests")
        pytest.skip("chromium not installed: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_db(django_db_serialized_rollback, transactional_db) -> None:
    """The live server runs in another thread, so tests commit; the reference data come back for each test."""


@pytest.fixture
def page(chromium, browser_db, live_server) -> Iterator:
    """A fresh browser context and page, watched for Content Security Policy violations."""
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
    yield page
    context.close()
