"""Helpers for the browser tests: signing in, visiting pages, and the accessibility, layout and CSP checks."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_PATH = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js"
NAVIGATION_TIMEOUT_MS = 15_000

# Reports CSP violations from the page to Python (the listener is added by the browser, not by the page's CSP).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.__waypointCspViolation(`${event.violatedDirective} blocked ${blocked} on ${location.pathname}`);
});
"""


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    return path if path and Path(path).exists() else None


def browser_required() -> bool:
    return os.environ.get("WAYPOINT_REQUIRE_BROWSER") == "1"


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def visit(page, live_server, path: str):
    """Open `path` and fail on any CSP violation or server error while it loads."""
    response = page.goto(url(live_server, path), wait_until="load")
    assert response is not None, f"no response for {path}"
    assert response.status < 500, f"{path} answered {response.status}"
    assert_no_csp_violations(page)
    return response


def assert_no_csp_violations(page) -> None:
    # Violation events are dispatched asynchronously; give them a moment to arrive.
    page.wait_for_timeout(50)
    violations = list(dict.fromkeys(page.csp_violations))
    page.csp_violations.clear()
    assert not violations, "Content Security Policy violations:\n" + "\n".join(violations)


# ---- Signing in ---------------------------------------------------------------------------------------------


def totp_device(user, key: str = "3132333435363738393031323334353637383930"):
    """The user's confirmed authenticator device, with a known key (hex) so the test can compute its codes."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True, key=key)
    return device


def current_code(device) -> str:
    """A one-time code the device will accept now: a later time step if this one was already used."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t is not None and totp.t() <= device.last_t:
        # django-otp refuses a code twice; the next step is within its tolerance of one step.
        totp.time += device.step * (device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"


def sign_in_through_browser(page, live_server, user, password: str | None = None) -> None:
    """Sign in as a person would: email and password, then a one-time code from their authenticator."""
    from django.urls import reverse

    from tests.factories import TEST_PASSWORD

    device = totp_device(user)
    visit(page, live_server, reverse("accounts:sign-in"))
    page.locator("input[name=email]").fill(user.email)
    page.locator("input[name=password]").fill(password or TEST_PASSWORD)
    page.locator("main form button, main form input[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert_no_csp_violations(page)
    assert page.url.endswith(reverse("accounts:second-factor")), f"expected the code page, got {page.url}"
    page.locator("main input[type=text], main input:not([type])").first.fill(current_code(device))
    page.locator("main form button, main form input[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert_no_csp_violations(page)
    assert reverse("accounts:second-factor") not in page.url, "the one-time code was not accepted"


def sign_in_quickly(page, live_server, user) -> None:
    """Give the browser a session signed in with both factors, without typing (for tests about other pages)."""
    from django.conf import settings
    from django.test import Client

    from conftest import sign_in

    client = sign_in(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


# ---- Checks -------------------------------------------------------------------------------------------------


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A/AA violation on the page as it stands."""
    assert AXE_PATH.exists(), f"{AXE_PATH} is missing: run scripts/build_assets.sh"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # The vendored file, served by the app itself: the CSP allows scripts from the same origin, whereas
        # add_script_tag(path=...) would inline its text, which the CSP (rightly) blocks.
        page.add_script_tag(url=page.evaluate("location.origin") + "/static/vendor/axe.min.js")
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = results["violations"]
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    assert not violations, f"accessibility violations on {page.url}:\n" + "\n".join(lines)
    assert_no_csp_violations(page)


OVERFLOWING_ELEMENTS = """
() => {
  const limit = document.documentElement.clientWidth + 1;
  const overflowing = Array.from(document.querySelectorAll("body *"))
    // Inside a table wrapper only what escapes its scrolling (absolutely positioned text) counts.
    .filter((el) => !el.closest(".waypoint-table-wrapper") || getComputedStyle(el).position === "absolute")
    .filter((el) => getComputedStyle(el).visibility !== "hidden")
    .filter((el) => el.getBoundingClientRect().right > limit
      || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible"));
  // The innermost culprits name the cause; their ancestors only carry the overflow up.
  return overflowing
    .filter((el) => !overflowing.some((other) => other !== el && el.contains(other)))
    .slice(0, 8)
    .map((el) => {
      const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
      return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes.map((c) => "." + c).join("");
    });
}
"""


def assert_fits_320(page) -> None:
    """At 320px wide the page does not scroll sideways (wide tables scroll inside their wrapper)."""
    original = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        page.wait_for_timeout(50)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > NARROW["width"] + 1:
            culprits = page.evaluate(OVERFLOWING_ELEMENTS)
            pytest.fail(f"{page.url} is {scroll_width}px wide at 320px; overflowing: {', '.join(culprits)}")
    finally:
        if original:
            page.set_viewport_size(original)
