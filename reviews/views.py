"""Domestic Homicide Review pages: a homicide's review (its milestones, advocacy offers and meetings with the chair),
opening it, recording each step, offers and their answers, and meetings.

Reviews are criminal offence data (`access.policies.homicide_reviews`): other roles, and homicides that are not
domestic, get 404. Changes go through `reviews.actions`, whose refusals (NotAllowed) become 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from access import policies
from audit.access_log import log_access
from frontend.forms import apply_errors
from frontend.requests import AuthenticatedRequest
from intake.models import Homicide
from reviews import actions
from reviews.forms import STEPS, AdvocacyOfferForm, ChairMeetingForm, OfferAnswerForm, ReviewStepForm
from reviews.models import AdvocacyOffer, DomesticHomicideReview
from reviews.queries import review_page


def _posted(request: AuthenticatedRequest):
    """The submitted data, even when empty, so that an empty submit shows the error summary."""
    return request.POST if request.method == "POST" else None


def _domestic_homicide(request: AuthenticatedRequest, pk: int) -> Homicide:
    """A domestic homicide the user may see, for a role that may see offence data; anything else is a 404."""
    homicide = policies.get_visible_or_404(request.user, Homicide, pk=pk)
    if not policies.can_see_offence_data(request.user) or not homicide.is_domestic:
        raise Http404
    return homicide


def _review(request: AuthenticatedRequest, homicide_pk: int, action: str) -> DomesticHomicideReview:
    qs = policies.homicide_reviews(request.user).select_related("homicide")
    review = policies.get_visible_or_404(request.user, qs, homicide_id=homicide_pk)
    policies.authorize(action, request.user, review)
    return review


def _to_review(request: AuthenticatedRequest, homicide: Homicide, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("reviews:review", args=[homicide.pk]) + anchor)


def _form_page(request, homicide: Homicide, form, title, button, **extra) -> HttpResponse:
    if request.method == "GET":
        log_access(request.user, homicide=homicide, view_name=request.resolver_match.view_name)
    context = {"homicide": homicide, "form": form, "title": title, "button": button, **extra}
    return render(request, "reviews/form.html", context)


def _day(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _milestone_rows(record: DomesticHomicideReview | None) -> list[tuple[str, str, str]]:
    """(step, what, what was recorded: blank if nothing) for each step of the review, in order."""
    if record is None:
        return []
    decision = ""
    if record.decision:
        decision = _("%(decision)s, decided %(date)s") % {
            "decision": record.get_decision_display(),
            "date": _day(record.decided_on) or _("on a date not recorded"),
        }
    elif record.partnership:
        decision = _("Awaited")
    if record.partnership and decision:
        decision += f" ({record.partnership})"
    family = _day(record.family_told_on)
    if family and record.family_wish:
        family += f". {record.get_family_wish_display()}"
    comments = _day(record.family_comments_on)
    if comments and record.family_comments:
        comments += f": {record.family_comments}"
    quality = ""
    if record.qa_submitted_on:
        quality = _("Submitted %(date)s") % {"date": _day(record.qa_submitted_on)}
        quality += ". " + (
            _("Outcome %(date)s") % {"date": _day(record.qa_outcome_on)}
            if record.qa_outcome_on
            else _("Outcome awaited")
        )
    chair = _("%(name)s, appointed %(date)s") % {"name": record.chair_name, "date": _day(record.chair_appointed_on)}
    return [
        ("decision", _("Partnership's decision"), decision),
        ("chair", _("Chair"), chair if record.chair_name else ""),
        ("family", _("Family told of the review"), family),
        ("terms", _("Terms of reference shared"), _day(record.terms_shared_on)),
        ("draft", _("Draft report shared with the family"), _day(record.draft_shared_on)),
        ("comments", _("Family's comments on the draft"), comments),
        ("quality-assurance", _("Home Office quality assurance"), quality),
        ("publication", _("Published"), _day(record.published_on)),
        ("completion", _("Completed"), _day(record.completed_on)),
    ]


@login_required
def review(request: AuthenticatedRequest, homicide_pk: int) -> HttpResponse:
    user = request.user
    homicide = _domestic_homicide(request, homicide_pk)
    page = review_page(user, homicide)
    log_access(user, homicide=homicide, view_name="reviews:review")
    record = page.review
    context = {
        "homicide": homicide,
        "page": page,
        "review": record,
        "rows": _milestone_rows(record),
        "can_open": record is None and policies.may("open_review", user, homicide),
        "can_record": record is not None and policies.may("update_review", user, record),
        "title": settings.WAYPOINT_DHR_TITLE,
    }
    return render(request, "reviews/review.html", context)


@login_required
def review_open(request: AuthenticatedRequest, homicide_pk: int) -> HttpResponse:
    homicide = _domestic_homicide(request, homicide_pk)
    policies.authorize("open_review", request.user, homicide)
    form = ReviewStepForm(_posted(request), names=STEPS["decision"][1], required=False)
    if request.method == "POST" and form.is_valid():
        try:
            actions.open_review(homicide=homicide, by=request.user, **form.review_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_review(request, homicide, _("%(name)s record opened") % {"name": settings.WAYPOINT_DHR_NAME})
    hint = _("Record the partnership's decision now if it is known, or leave it for later.")
    return _form_page(
        request,
        homicide,
        form,
        _("Open the %(name)s record") % {"name": settings.WAYPOINT_DHR_NAME},
        _("Open the record"),
        hint=hint,
    )


@login_required
def review_step(request: AuthenticatedRequest, homicide_pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    homicide = _domestic_homicide(request, homicide_pk)
    record = _review(request, homicide.pk, "update_review")
    title, names = STEPS[step]
    form = ReviewStepForm(_posted(request), names=names, initial={name: getattr(record, name) for name in names})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_review(review=record, by=request.user, **form.review_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_review(request, homicide, _("%(name)s updated") % {"name": settings.WAYPOINT_DHR_NAME})
    return _form_page(request, homicide, form, title, _("Save"))


@login_required
def offer_new(request: AuthenticatedRequest, homicide_pk: int) -> HttpResponse:
    homicide = _domestic_homicide(request, homicide_pk)
    record = _review(request, homicide.pk, "record_advocacy_offer")
    form = AdvocacyOfferForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_advocacy_offer(review=record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_review(request, homicide, _("Offer of advocacy recorded"), "#advocacy")
    return _form_page(request, homicide, form, _("Record an offer of specialist advocacy"), _("Save offer"))


@login_required
def offer_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    qs = policies.advocacy_offers(request.user).select_related("review__homicide")
    offer: AdvocacyOffer = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize("update_advocacy_offer", request.user, offer)
    homicide = offer.review.homicide
    initial = {name: getattr(offer, name) for name in actions.OFFER_UPDATE_FIELDS}
    form = OfferAnswerForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_advocacy_offer(offer=offer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_review(request, homicide, _("Offer of advocacy updated"), "#advocacy")
    title = _("Update the offer of %(organisation)s") % {"organisation": offer.organisation_name}
    return _form_page(request, homicide, form, title, _("Save"), offer=offer)


@login_required
def meeting_new(request: AuthenticatedRequest, homicide_pk: int) -> HttpResponse:
    homicide = _domestic_homicide(request, homicide_pk)
    record = _review(request, homicide.pk, "record_chair_meeting")
    form = ChairMeetingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_chair_meeting(review=record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_review(request, homicide, _("Meeting with the chair recorded"), "#meetings")
    return _form_page(request, homicide, form, _("Record a meeting with the chair"), _("Save meeting"))
