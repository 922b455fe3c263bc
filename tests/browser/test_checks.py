"""The browser checks themselves: they catch what they claim to catch, so a passing page means something."""

from __future__ import annotations

import pytest
from csp.utils import build_policy

from tests.browser.helpers import assert_accessible, assert_fits_320, assert_no_csp_violations, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


# A plain, accessible page served with the application's own Content Security Policy and stylesheet, so that
# these tests prove the checks without depending on any one screen of the application.
PLAIN_PAGE = """<!DOCTYPE html><html lang="en-gb" class="govuk-template"><head><meta charset="utf-8">
<title>Check page</title><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/build/waypoint.css"></head>
<body class="govuk-template__body"><div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">Check page</h1><p class="govuk-body">Nothing to see here.</p></main></div></body></html>"""


@pytest.fixture
def plain_page(page, live_server):
    page.route(
        f"{live_server.url}/browser-check/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": build_policy()},
            body=PLAIN_PAGE,
        ),
    )
    visit(page, live_server, "/browser-check/")
    return page


def test_a_plain_page_passes_every_check(plain_page):
    assert_accessible(plain_page)
    assert_fits_320(plain_page)


def test_an_inline_script_is_blocked_and_reported_as_a_csp_violation(plain_page):
    plain_page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.append(s); }"
    )

    with pytest.raises(AssertionError, match="Content Security Policy"):
        assert_no_csp_violations(plain_page)
    assert plain_page.evaluate("window.x") is None


def test_axe_reports_an_unlabelled_field(plain_page):
    plain_page.evaluate("() => document.querySelector('main').append(document.createElement('input'))")

    with pytest.raises(AssertionError, match=r"label \(critical\)"):
        assert_accessible(plain_page)


def test_a_page_wider_than_320px_is_reported_but_a_wide_table_in_its_wrapper_is_not(plain_page):
    plain_page.evaluate(
        """() => {
          const wrapper = document.createElement('div');
          wrapper.className = 'waypoint-table-wrapper';
          wrapper.innerHTML = '<table><caption>Wide</caption><tr><th>' + 'x'.repeat(400) + '</th></tr></table>';
          document.querySelector('main').append(wrapper);
        }"""
    )
    assert_fits_320(plain_page)

    plain_page.evaluate(
        "() => { const p = document.createElement('pre'); p.id = 'too-wide'; p.textContent = 'y'.repeat(300);"
        " document.querySelector('main').append(p); }"
    )
    with pytest.raises(pytest.fail.Exception, match="pre#too-wide"):
        assert_fits_320(plain_page)
