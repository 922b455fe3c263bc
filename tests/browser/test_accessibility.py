"""Every page a user can reach, in a real browser: WCAG 2.2 AA by axe-core, no sideways scrolling at 320px, and
no Content Security Policy violation, at desktop width and at 320px, and for forms also after an empty submit.

PAGES lists the pages by URL name, with the role that sees each and how its URL is built from the `cast`.
`test_every_page_in_the_url_conf_is_checked` fails when a page is added to the URL conf without a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Role
from conftest import sign_in
from tests import factories as f
from tests.browser.helpers import (
    NARROW,
    assert_accessible,
    assert_fits_320,
    assert_no_csp_violations,
    sign_in_quickly,
    totp_device,
    visit,
)

browser = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Who is looking: a role in the cast signed in with both factors, or one of the sign-in states.
ANONYMOUS = "anonymous"
PASSWORD_ONLY = "password only"  # password given, one-time code still to come
PASSWORD_ONLY_NO_APP = "password only, no authenticator app yet"


@dataclass(frozen=True)
class PageSpec:
    url_name: str
    who: str  # an attribute of the cast (a user), or one of the sign-in states above
    kwargs: Callable[[object], dict] = lambda c: {}
    query: Callable[[object], str] = lambda c: ""
    form: bool = False  # a form whose empty submit must show the error summary
    variant: str = ""

    @property
    def id(self) -> str:
        return self.url_name + (f"[{self.variant}]" if self.variant else "")

    def path(self, cast) -> str:
        query = self.query(cast)
        return reverse(self.url_name, kwargs=self.kwargs(cast)) + (f"?{query}" if query else "")


def _person(c) -> dict:
    return {"pk": c.person.pk}


def _homicide(c) -> dict:
    return {"pk": c.homicide.pk}


def _with_police_liaison(c) -> dict:
    """The cast's homicide with its police liaison recorded (made once), so that the page shows the table."""
    if not hasattr(c, "police_liaison"):
        from intake.models import LiaisonKind, PoliceLiaison

        c.police_liaison = PoliceLiaison.objects.create(
            homicide=c.homicide,
            kind=LiaisonKind.SIO_TOLD,
            named_case_worker=c.case_worker,
            notes="Told DCI Invented by phone",
            recorded_by=c.team_leader,
        )
    return _homicide(c)


def _unlinked_notification(c) -> dict:
    notification = f.NotificationFactory(region=c.london, submitted_by=c.police_referrer, homicide=None)
    return {"pk": notification.pk}


def _api_token(c) -> dict:
    from accounts.actions import create_api_token

    token, _ = create_api_token(user=c.case_worker, name="Monthly report script")
    return {"pk": token.pk}


def _waiting_service(c) -> dict:
    from commissioning.tests.helpers import waiting_service

    return {"pk": waiting_service(c).pk}


def _journey(c):
    """A journey on the cast's homicide (made once): a defendant charged, a trial listed ahead, an event in error."""
    if not hasattr(c, "journey_event"):
        defendant = f.DefendantFactory(homicide=c.homicide, name="Invented Accused", added_by=c.case_worker)
        c.journey_event = f.JourneyEventFactory(
            homicide=c.homicide, kind="charge", defendant=defendant, offence="Murder", recorded_by=c.case_worker
        )
        f.JourneyEventFactory(
            homicide=c.homicide,
            kind="trial_listed",
            occurred_on=timezone.localdate() + timedelta(days=30),
            recorded_by=c.case_worker,
        )
        f.JourneyEventFactory(
            homicide=c.homicide,
            kind="arrest",
            entered_in_error=True,
            error_reason="Wrong day",
            recorded_by=c.case_worker,
        )
    return c.journey_event


def _closed_person(c) -> dict:
    """A person whose case was closed, reopened, and has an exit plan (made once): two periods of support."""
    if not hasattr(c, "closed_person"):
        today = timezone.localdate()
        c.closed_person = f.PersonFactory(
            homicide=c.homicide, closed_on=today - timedelta(days=20), closure_reason="after_trial"
        )
        c.reopened_person = f.PersonFactory(
            homicide=c.homicide, closed_on=today - timedelta(days=20), closure_reason="after_trial"
        )
        from casework import actions

        actions.reopen_case(
            person=c.reopened_person, by=c.case_worker, reopened_on=today - timedelta(days=5), reason="Trial listed"
        )
        actions.plan_exit(person=c.reopened_person, by=c.case_worker, planned_on=today + timedelta(days=90))
    return {"pk": c.closed_person.pk}


def _reopened_person(c) -> dict:
    _closed_person(c)
    return {"pk": c.reopened_person.pk}


def _with_a_decliner(c) -> dict:
    """Someone who declined, on the case worker's caseload to offer the service again (made once)."""
    if not hasattr(c, "decliner"):
        from casework import actions

        c.decliner = f.PersonFactory(homicide=c.homicide, referred_at=None, first_name="Declined")
        actions.record_consent(
            person=c.decliner,
            by=c.case_worker,
            outcome="declined",
            decline_stage="before_referral",
            review_on=timezone.localdate() + timedelta(days=20),
        )
    return {}


def _domestic_homicide(c):
    return f.HomicideFactory(region=c.london, lead_case_worker=c.case_worker, is_domestic=True)


def _review(c):
    """A review well under way on a domestic homicide of the case worker's (made once), with offers and a meeting."""
    if not hasattr(c, "review"):
        today = timezone.localdate()
        homicide = _domestic_homicide(c)
        died = homicide.date_of_death
        c.review = f.ReviewFactory(
            homicide=homicide,
            opened_by=c.case_worker,
            chair_name="Dr Invented Chair",
            chair_appointed_on=died + timedelta(days=25),
            family_told_on=died + timedelta(days=26),
            family_wish="yes",
            terms_shared_on=died + timedelta(days=30),
            draft_shared_on=today - timedelta(days=5),
        )
        f.AdvocacyOfferFactory(
            review=c.review,
            recorded_by=c.case_worker,
            outcome="declined",
            offer_again_on=today + timedelta(days=30),
            notes="Not ready yet",
        )
        c.advocacy_offer = f.AdvocacyOfferFactory(
            review=c.review, recorded_by=c.case_worker, organisation="hundred_families", referred_on=today
        )
        f.ChairMeetingFactory(review=c.review, recorded_by=c.case_worker, notes="Went through the terms of reference")
    return c.review


def _entered_in_error(c) -> dict:
    """A contact on the cast's person marked entered in error (made once): struck through on the timeline."""
    if not hasattr(c, "contact_in_error"):
        c.contact_in_error = f.ContactFactory(
            person=c.person, made_by=c.case_worker, entered_in_error=True, error_reason="Recorded twice"
        )
    return {"pk": c.contact_in_error.pk}


def _measured(c) -> dict:
    """The cast's person with a start, a review and an exit outcome measure (made once)."""
    if not c.person.outcome_measures.exists():
        start = f.OutcomeMeasureFactory(person=c.person, recorded_by=c.case_worker, score=2, notes="At home")
        for point, days, score in (("review", 60, 3), ("exit", 120, 4)):
            f.OutcomeMeasureFactory(
                person=c.person,
                recorded_by=c.case_worker,
                point=point,
                measured_on=min(start.measured_on + timedelta(days=days), timezone.localdate()),
                score=score,
            )
    return _person(c)


def _period(c) -> str:
    today = timezone.localdate()
    return f"start={(today - timedelta(days=365)).isoformat()}&end={today.isoformat()}"


def _worker_period(c) -> str:
    return f"{_period(c)}&worker={c.case_worker.pk}"


def _every_worker_period(c) -> str:
    return f"{_period(c)}&worker=every"


PAGES = [
    # Signing in and the user's own account
    PageSpec("accounts:sign-in", ANONYMOUS, form=True),
    PageSpec("accounts:second-factor", PASSWORD_ONLY, form=True),
    PageSpec("accounts:set-up-second-factor", PASSWORD_ONLY_NO_APP, form=True),
    PageSpec("accounts:backup-codes", "case_worker"),
    PageSpec("accounts:account", "case_worker"),
    PageSpec("accounts:change-password", "case_worker", form=True),
    PageSpec("accounts:api-tokens", "case_worker", form=True),
    PageSpec("accounts:api-token-revoke", "case_worker", kwargs=_api_token),
    PageSpec("accounts:users", "team_leader"),
    PageSpec("accounts:user-deactivate", "team_leader", kwargs=lambda c: {"pk": c.support_worker.pk}),
    PageSpec("accounts:user-reset-second-factor", "team_leader", kwargs=lambda c: {"pk": c.support_worker.pk}),
    # Finding records
    PageSpec("frontend:search", "team_leader", query=lambda c: f"q={c.person.last_name}"),
    # Intake
    PageSpec("intake:notifications", "support_worker"),
    PageSpec("intake:notifications", "police_referrer", variant="police"),
    PageSpec("intake:notification-new", "support_worker", form=True),
    PageSpec("intake:notification-new", "police_referrer", form=True, variant="police"),
    PageSpec("intake:notification-detail", "team_leader", kwargs=lambda c: {"pk": c.notification.pk}),
    PageSpec("intake:notification-link", "support_worker", kwargs=_unlinked_notification, form=True),
    PageSpec("intake:homicides", "team_leader"),
    PageSpec(
        "intake:homicides",
        "team_leader",
        query=lambda c: "stage=pre_trial&died_from_day=1&died_from_month=1&died_from_year=2020&sort=reference",
        variant="filtered",
    ),
    PageSpec("intake:homicide-detail", "team_leader", kwargs=_homicide),
    PageSpec("intake:homicide-edit", "team_leader", kwargs=_homicide, form=True),
    PageSpec("intake:homicide-allocate", "team_leader", kwargs=_homicide, form=True),
    PageSpec("intake:homicide-no-referral", "team_leader", kwargs=_homicide, form=True),
    PageSpec("intake:homicide-police-liaison", "team_leader", kwargs=_homicide, form=True),
    PageSpec("intake:homicide-detail", "team_leader", kwargs=_with_police_liaison, variant="police-liaison"),
    # Casework
    PageSpec("casework:caseload", "case_worker"),
    PageSpec("volunteering:home", "volunteer"),
    PageSpec("casework:person-new", "case_worker", kwargs=lambda c: {"homicide_pk": c.homicide.pk}, form=True),
    PageSpec("casework:person-detail", "case_worker", kwargs=_person),
    PageSpec("casework:person-detail", "volunteer", kwargs=_person, variant="volunteer"),
    PageSpec("casework:person-edit", "case_worker", kwargs=_person, form=True),
    PageSpec("casework:consent-new", "case_worker", kwargs=_person, form=True),
    PageSpec("casework:contact-new", "case_worker", kwargs=_person, form=True),
    PageSpec("casework:contact-new", "volunteer", kwargs=_person, form=True, variant="volunteer"),
    PageSpec("casework:assessment-new", "case_worker", kwargs=_person, form=True),
    PageSpec("casework:support-new", "case_worker", kwargs=_person, form=True),
    PageSpec("casework:case-close", "case_worker", kwargs=_person, form=True),
    PageSpec("casework:case-reopen", "case_worker", kwargs=_closed_person, form=True),
    PageSpec("casework:exit-plan", "case_worker", kwargs=_person, form=True),
    PageSpec("casework:person-detail", "case_worker", kwargs=_reopened_person, variant="episodes"),
    PageSpec("casework:caseload", "case_worker", kwargs=_with_a_decliner, variant="consent-review"),
    PageSpec("casework:volunteer-assign", "case_worker", kwargs=_person, form=True),
    PageSpec("casework:volunteer-task-end", "case_worker", kwargs=lambda c: {"pk": c.assignment.pk}),
    PageSpec("casework:people", "team_leader"),
    PageSpec(
        "casework:people", "team_leader", query=lambda c: "status=open&sort=referred&order=desc", variant="filtered"
    ),
    PageSpec("casework:covers", "team_leader"),
    PageSpec("casework:cover-new", "team_leader", form=True),
    PageSpec("casework:cover-new", "national_manager", variant="history"),
    PageSpec("casework:cover-end", "team_leader", kwargs=lambda c: {"pk": c.cover.pk}, form=True),
    PageSpec("casework:cover-cancel", "team_leader", kwargs=lambda c: {"pk": c.cover.pk}),
    # Corrections
    PageSpec("casework:contact-correct", "case_worker", kwargs=lambda c: {"pk": c.contact.pk}, form=True),
    PageSpec(
        "casework:contact-correct",
        "volunteer",
        kwargs=lambda c: {"pk": c.volunteer_contact.pk},
        form=True,
        variant="volunteer",
    ),
    PageSpec("casework:contact-error", "case_worker", kwargs=lambda c: {"pk": c.contact.pk}, form=True),
    PageSpec("casework:assessment-correct", "case_worker", kwargs=lambda c: {"pk": c.assessment.pk}, form=True),
    PageSpec("casework:assessment-error", "case_worker", kwargs=lambda c: {"pk": c.assessment.pk}, form=True),
    PageSpec("casework:support-correct", "case_worker", kwargs=lambda c: {"pk": c.support.pk}, form=True),
    PageSpec("casework:support-error", "case_worker", kwargs=lambda c: {"pk": c.support.pk}, form=True),
    PageSpec("casework:consent-correct", "case_worker", kwargs=lambda c: {"pk": c.consent.pk}, form=True),
    PageSpec("casework:consent-error", "case_worker", kwargs=lambda c: {"pk": c.consent.pk}, form=True),
    PageSpec(
        "casework:person-detail",
        "case_worker",
        kwargs=lambda c: _entered_in_error(c) and _person(c),
        variant="entered-in-error",
    ),
    # Commissioned services and money
    PageSpec("commissioning:providers", "team_leader"),
    PageSpec("commissioning:provider-new", "team_leader", form=True),
    PageSpec("commissioning:provider-edit", "team_leader", kwargs=lambda c: {"pk": c.provider.pk}, form=True),
    PageSpec("commissioning:person-money", "team_leader", kwargs=_person),
    PageSpec("commissioning:service-new", "case_worker", kwargs=_person, form=True),
    PageSpec("commissioning:service-approve", "team_leader", kwargs=_waiting_service),
    PageSpec("commissioning:service-cost", "case_worker", kwargs=lambda c: {"pk": c.service.pk}, form=True),
    PageSpec("commissioning:cica-new", "case_worker", kwargs=_person, form=True),
    PageSpec("commissioning:cica-status", "case_worker", kwargs=lambda c: {"pk": c.cica.pk}, form=True),
    PageSpec("commissioning:budgets", "team_leader"),
    PageSpec("commissioning:budget", "team_leader", kwargs=lambda c: {"region_pk": c.london.pk}),
    PageSpec("commissioning:budget-set", "national_manager", kwargs=lambda c: {"region_pk": c.london.pk}, form=True),
    # Justice journey
    PageSpec(
        "intake:homicide-detail", "case_worker", kwargs=lambda c: {"pk": _journey(c).homicide_id}, variant="journey"
    ),
    PageSpec("casework:person-detail", "case_worker", kwargs=lambda c: _journey(c) and _person(c), variant="journey"),
    PageSpec("justice:event-new", "case_worker", kwargs=lambda c: {"homicide_pk": _journey(c).homicide_id}, form=True),
    PageSpec("justice:defendant-new", "case_worker", kwargs=lambda c: {"homicide_pk": c.homicide.pk}, form=True),
    PageSpec("justice:event-correct", "case_worker", kwargs=lambda c: {"pk": _journey(c).pk}, form=True),
    PageSpec("justice:event-error", "case_worker", kwargs=lambda c: {"pk": _journey(c).pk}, form=True),
    # Outcomes and equality monitoring (all optional: an empty submit saves, so no error state to check)
    PageSpec("outcomes:person-outcomes", "case_worker", kwargs=_measured),
    PageSpec("outcomes:measure-new", "case_worker", kwargs=_person, form=True),
    PageSpec("equality:person-equality", "case_worker", kwargs=_person),
    # Risk and safeguarding
    PageSpec("safeguarding:person-risk", "case_worker", kwargs=_person),
    PageSpec("safeguarding:risk-check-new", "case_worker", kwargs=_person, form=True),
    PageSpec("safeguarding:person-concerns", "case_worker", kwargs=_person),
    PageSpec("safeguarding:concern-new", "case_worker", kwargs=_person, form=True),
    # Every field optional (a referral, an outcome, or neither yet): an empty submit saves, so no error summary.
    PageSpec("safeguarding:concern-update", "case_worker", kwargs=lambda c: {"pk": c.concern.pk}),
    # Domestic Homicide Reviews
    PageSpec("reviews:review", "case_worker", kwargs=lambda c: {"homicide_pk": _review(c).homicide_id}),
    PageSpec(
        "intake:homicide-detail", "case_worker", kwargs=lambda c: {"pk": _review(c).homicide_id}, variant="review"
    ),
    PageSpec(
        "reviews:review",
        "case_worker",
        kwargs=lambda c: {"homicide_pk": _domestic_homicide(c).pk},
        variant="not-opened",
    ),
    PageSpec(
        "reviews:review-open", "case_worker", kwargs=lambda c: {"homicide_pk": _domestic_homicide(c).pk}, form=True
    ),
    PageSpec(
        "reviews:review-step",
        "case_worker",
        kwargs=lambda c: {"homicide_pk": _review(c).homicide_id, "step": "chair"},
        form=True,
    ),
    PageSpec("reviews:offer-new", "case_worker", kwargs=lambda c: {"homicide_pk": _review(c).homicide_id}, form=True),
    # The answer's form opens filled in with the offer's outcome, which an empty submit keeps: no errors to show.
    PageSpec("reviews:offer-answer", "case_worker", kwargs=lambda c: _review(c) and {"pk": c.advocacy_offer.pk}),
    PageSpec("reviews:meeting-new", "case_worker", kwargs=lambda c: {"homicide_pk": _review(c).homicide_id}, form=True),
    PageSpec("reporting:dhr", "team_leader", query=_period),
    # Audit
    PageSpec("audit:person-history", "team_leader", kwargs=_person),
    PageSpec("audit:person-access-log", "team_leader", kwargs=_person),
    # Reports
    PageSpec("reporting:index", "team_leader"),
    PageSpec("reporting:b1", "team_leader", query=_period),
    PageSpec("reporting:b9", "team_leader", query=_period),
    PageSpec("reporting:b2", "team_leader", query=_period),
    PageSpec("reporting:b3", "team_leader", query=_period),
    PageSpec("reporting:b4", "team_leader", query=_period),
    PageSpec("reporting:b5", "team_leader", query=_period),
    PageSpec("reporting:b6", "team_leader", query=_period),
    PageSpec("reporting:b7", "team_leader", query=_period),
    PageSpec("reporting:b8", "team_leader", query=_period),
    PageSpec("reporting:m1", "team_leader", query=_period),
    PageSpec("reporting:m2", "team_leader", query=_period),
    PageSpec("reporting:m3", "team_leader", query=_period),
    PageSpec("reporting:m5", "team_leader", query=_period),
    PageSpec("reporting:m6", "team_leader", query=_period),
    PageSpec("reporting:police-coverage", "national_manager"),
    PageSpec("reporting:police-figures-upload", "national_manager", form=True),
    PageSpec("reporting:b4", "team_leader", query=_worker_period, variant="worker"),
    PageSpec("reporting:b8", "team_leader", query=_every_worker_period, variant="every-worker"),
    PageSpec("reporting:b1", "analyst", query=_period, variant="analyst"),
    # Volunteering
    PageSpec("volunteering:contact-new", "volunteer", form=True),
    PageSpec("volunteering:update-new", "case_worker", kwargs=lambda c: {"pk": c.assignment.pk}, form=True),
    PageSpec("volunteering:find", "case_worker", kwargs=_person),
    # Every field is optional: an empty form is saved, so there is no error summary to check.
    PageSpec("volunteering:profile", "volunteer"),
    PageSpec("volunteering:member-profile", "team_leader", kwargs=lambda c: {"pk": c.volunteer.pk}),
    PageSpec("reporting:m4", "team_leader", query=_period),
    PageSpec("reporting:m4", "team_leader", query=_every_worker_period, variant="every-volunteer"),
    PageSpec("reporting:b10", "team_leader", query=_period),
    PageSpec("reporting:m7", "team_leader", query=_period),
    PageSpec("reporting:m7", "analyst", query=_period, variant="analyst"),
    PageSpec("reporting:board-pack", "national_manager", query=_period),
    PageSpec("reporting:dashboard", "case_worker"),
    PageSpec("reporting:dashboard", "team_leader", variant="team"),
    PageSpec("reporting:dashboard", "national_manager", variant="national"),
    PageSpec("reporting:dashboard", "analyst", query=lambda c: "month=2099-01", variant="analyst-with-error"),
    # Team leaders' pages
    PageSpec("teams:home", "team_leader"),
    PageSpec("teams:home", "national_manager", variant="national"),
    PageSpec("teams:caseload", "team_leader"),
    PageSpec(
        "teams:caseload",
        "national_manager",
        query=lambda c: "region=london&sort=open_people&order=desc",
        variant="national",
    ),
    # The API's documentation page (the API itself answers JSON, not pages)
    PageSpec("api:docs", "national_manager"),
]

# URL names that are not pages a person looks at, and why.
NOT_PAGES = {
    "frontend:home": "redirects to the role's home page",
    "accounts:sign-out": "POST only",
    "casework:action-complete": "POST only (a button on the person page)",
}
# Namespaces that are not the service's pages: the JSON API (its docs page is listed above) and Django's admin.
NOT_PAGE_NAMESPACES = {"api", "admin", "djdt"}


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _page_params(specs):
    return [pytest.param(spec, id=spec.id, marks=browser) for spec in specs]


def _show(page, live_server, cast, spec: PageSpec) -> None:
    """Sign in as the spec says and open the page."""
    path = spec.path(cast)
    if spec.who in (PASSWORD_ONLY, PASSWORD_ONLY_NO_APP):
        if spec.who == PASSWORD_ONLY:
            user = cast.case_worker
            totp_device(user)
        else:  # a new colleague: the cast's users may have an app by now
            user = f.UserFactory(role=Role.CASE_WORKER, region=cast.london, full_name="Newly Joined")
        client = sign_in(Client(), user, second_factor=False)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    elif spec.who != ANONYMOUS:
        sign_in_quickly(page, live_server, getattr(cast, spec.who))
    response = visit(page, live_server, path)
    assert response.status == 200, f"{path} answered {response.status} for {spec.who}"


def _check_both_widths(page) -> None:
    assert_accessible(page)
    desktop = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        assert_accessible(page)
        assert_fits_320(page)
    finally:
        page.set_viewport_size(desktop)


CLEAR_FORM = """
(form) => {
  for (const el of form.querySelectorAll("input, textarea")) {
    if (["hidden", "radio", "checkbox", "submit", "button"].includes(el.type)) continue;
    el.value = "";
  }
  for (const el of form.querySelectorAll("select")) {
    const blank = Array.from(el.options).findIndex((option) => option.value === "");
    if (blank >= 0) el.selectedIndex = blank;
  }
}
"""


@pytest.mark.parametrize("spec", _page_params(PAGES))
def test_page_is_accessible_and_fits_320px(blank_page, live_server, shared_records, spec):
    page = blank_page
    _show(page, live_server, shared_records, spec)

    _check_both_widths(page)


@pytest.mark.parametrize("spec", _page_params([spec for spec in PAGES if spec.form]))
def test_form_with_errors_is_accessible_and_fits_320px(blank_page, live_server, shared_records, spec):
    page = blank_page
    _show(page, live_server, shared_records, spec)
    form = page.locator("main form[method=post]:has(input:not([type=hidden]), select, textarea)").first
    form.evaluate(CLEAR_FORM)

    with page.expect_navigation(wait_until="load"):
        form.locator("button, input[type=submit]").first.click()

    assert_no_csp_violations(page)
    assert page.locator(".govuk-error-summary").is_visible(), f"no error summary after an empty {spec.id}"
    _check_both_widths(page)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_check_page_before_closing_a_case_is_accessible(blank_page, live_server, shared_records):
    """Reached by sending the closing form: the answers, what closing will do, and the length of contact."""
    page = blank_page
    _show(page, live_server, shared_records, PageSpec("casework:case-close", "case_worker", kwargs=_person))
    today = timezone.localdate()
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        page.locator(f"main input[name='closed_on_{part}']").fill(str(value))
    page.locator("main input[name='reason'][value='user_led_exit']").check()
    page.locator("main input[name='open_actions'][value='cancel']").check()

    with page.expect_navigation(wait_until="load"):
        page.locator("main").get_by_role("button", name="Continue", exact=True).click()

    assert_no_csp_violations(page)
    assert "Check your answers before closing the case" in page.locator("h1").inner_text()
    _check_both_widths(page)


def test_every_page_in_the_url_conf_is_checked():
    listed = {spec.url_name for spec in PAGES} | set(NOT_PAGES)
    pages = {name for name in _url_names() if name.split(":")[0] not in NOT_PAGE_NAMESPACES}

    unchecked = sorted(pages - listed)

    assert not unchecked, f"pages missing from tests/browser/test_accessibility.py PAGES: {unchecked}"
