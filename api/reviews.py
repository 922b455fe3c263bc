"""The API for Domestic Homicide Reviews, under the homicide they follow: `/api/v1/homicides/<id>/dhr/` (read,
open with POST, record steps with PATCH), its advocacy offers and its meetings with the chair; an offer's later
answer at `/api/v1/advocacy-offers/<id>/` (PATCH).

Reviews are criminal offence data: a role that may not see it, or a homicide that is not domestic, gets 404. As
everywhere in the API, records come from `access.policies` and every change goes through an action
(`reviews.actions`); an action's rule is a 400 with the field's message.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from access import policies
from api.idempotency import idempotent
from api.serializers import SensibleDateField, StrictCharField, WaypointModelSerializer, WaypointSerializer, free_text
from api.views import ERRORS, POST_ERRORS, ReadOnlyScopedViewSet, ScopedViewSet
from audit.access_log import log_access
from audit.models import AccessChannel
from reviews import actions
from reviews.models import (
    AdvocacyOffer,
    AdvocacyOrganisation,
    ChairMeeting,
    DomesticHomicideReview,
    FamilyWish,
    OfferOutcome,
    ReviewDecision,
)

# ---- Serializers --------------------------------------------------------------------------------------------


class ReviewSerializer(WaypointModelSerializer):
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = DomesticHomicideReview
        fields = ["id", "homicide", "is_open", *actions.REVIEW_FIELDS, "created_at"]
        read_only_fields = fields


class ReviewOpenSerializer(WaypointSerializer):
    partnership = StrictCharField(max_length=200, required=False, allow_blank=True)
    decision = serializers.ChoiceField(choices=ReviewDecision.choices, required=False, allow_blank=True)
    decided_on = SensibleDateField(required=False, allow_null=True)


class ReviewStepSerializer(WaypointSerializer):
    """Any of the review's steps; only the fields sent change. Null (or blank) clears one."""

    partnership = StrictCharField(max_length=200, required=False, allow_blank=True)
    decision = serializers.ChoiceField(choices=ReviewDecision.choices, required=False, allow_blank=True)
    decided_on = SensibleDateField(required=False, allow_null=True)
    chair_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    chair_appointed_on = SensibleDateField(required=False, allow_null=True)
    family_told_on = SensibleDateField(required=False, allow_null=True)
    family_wish = serializers.ChoiceField(choices=FamilyWish.choices, required=False, allow_blank=True)
    terms_shared_on = SensibleDateField(required=False, allow_null=True)
    draft_shared_on = SensibleDateField(required=False, allow_null=True)
    family_comments_on = SensibleDateField(required=False, allow_null=True)
    family_comments = StrictCharField(**free_text(required=False, allow_blank=True))
    qa_submitted_on = SensibleDateField(required=False, allow_null=True)
    qa_outcome_on = SensibleDateField(required=False, allow_null=True)
    published_on = SensibleDateField(required=False, allow_null=True)
    completed_on = SensibleDateField(required=False, allow_null=True)


class AdvocacyOfferSerializer(WaypointModelSerializer):
    organisation_name = serializers.CharField(read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = AdvocacyOffer
        fields = [
            "id",
            "review",
            "organisation",
            "organisation_other",
            "organisation_name",
            "offered_on",
            "outcome",
            "referred_on",
            "offer_again_on",
            "notes",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields


class AdvocacyOfferInputSerializer(WaypointSerializer):
    organisation = serializers.ChoiceField(choices=AdvocacyOrganisation.choices)
    organisation_other = StrictCharField(max_length=200, required=False, allow_blank=True)
    offered_on = SensibleDateField()
    outcome = serializers.ChoiceField(choices=OfferOutcome.choices)
    referred_on = SensibleDateField(required=False, allow_null=True)
    offer_again_on = SensibleDateField(required=False, allow_null=True)
    notes = StrictCharField(**free_text(required=False, allow_blank=True))


class AdvocacyOfferAnswerSerializer(WaypointSerializer):
    outcome = serializers.ChoiceField(choices=OfferOutcome.choices, required=False)
    referred_on = SensibleDateField(required=False, allow_null=True)
    offer_again_on = SensibleDateField(required=False, allow_null=True)
    notes = StrictCharField(**free_text(required=False, allow_blank=True))


class ChairMeetingSerializer(WaypointModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = ChairMeeting
        fields = ["id", "review", "met_on", "attendees", "notes", "recorded_by_name", "created_at"]
        read_only_fields = fields


class ChairMeetingInputSerializer(WaypointSerializer):
    met_on = SensibleDateField()
    attendees = StrictCharField(**free_text())
    notes = StrictCharField(**free_text(required=False, allow_blank=True))


# ---- Endpoints ----------------------------------------------------------------------------------------------


# The review of a homicide the caller may see; its routes hang under /homicides/<id>/.
class HomicideReviewViewSet(ScopedViewSet):
    # Blank, not absent: the schema takes the nearest docstring of the class's own ancestors (ScopedViewSet's) as
    # every operation's description, and API users are not told the internals.
    __doc__ = " "

    policy = staticmethod(policies.homicides)
    serializer_class = ReviewSerializer

    def _homicide(self):
        homicide = self.get_object()
        if not policies.can_see_offence_data(self.request.user) or not homicide.is_domestic:
            raise Http404
        return homicide

    def _review(self, homicide) -> DomesticHomicideReview:
        review = policies.homicide_reviews(self.request.user).filter(homicide=homicide).first()
        if review is None:
            raise Http404
        review.homicide = homicide
        return review

    def _listed(self, queryset, serializer_class) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(
        methods=["get"],
        summary="The homicide's Domestic Homicide Review (roles that may see criminal offence data)",
        responses={200: ReviewSerializer, 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Open the homicide's Domestic Homicide Review record, with the partnership's decision if known",
        request=ReviewOpenSerializer,
        responses={201: ReviewSerializer, **POST_ERRORS},
    )
    @extend_schema(
        methods=["patch"],
        summary="Record steps of the homicide's Domestic Homicide Review, each on its own date",
        request=ReviewStepSerializer,
        responses={200: ReviewSerializer, **ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["get", "post", "patch"], url_path="dhr")
    def dhr(self, request, pk=None) -> Response:
        homicide = self._homicide()
        if request.method == "POST":
            policies.authorize("open_review", request.user, homicide)
            data = self.valid_input(ReviewOpenSerializer)
            review = actions.open_review(homicide=homicide, by=request.user, **data)
            return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)
        review = self._review(homicide)
        if request.method == "PATCH":
            policies.authorize("update_review", request.user, review)
            data = self.valid_input(ReviewStepSerializer, partial=True)
            review = actions.update_review(review=review, by=request.user, **data)
        else:
            log_access(request.user, view_name="api:homicide-review-dhr", channel=AccessChannel.API, homicide=homicide)
        return Response(ReviewSerializer(review).data)

    @extend_schema(
        methods=["get"],
        summary="Offers of specialist advocacy in the homicide's review, newest first",
        responses={200: AdvocacyOfferSerializer(many=True), 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Record an offer of specialist advocacy in the homicide's review, on its own date",
        request=AdvocacyOfferInputSerializer,
        responses={201: AdvocacyOfferSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="dhr/advocacy-offers",
        pagination_class=LimitOffsetPagination,
    )
    def advocacy_offers(self, request, pk=None) -> Response:
        review = self._review(self._homicide())
        if request.method == "GET":
            offers = policies.advocacy_offers(request.user).filter(review=review).select_related("recorded_by")
            return self._listed(offers, AdvocacyOfferSerializer)
        policies.authorize("record_advocacy_offer", request.user, review)
        data = self.valid_input(AdvocacyOfferInputSerializer)
        offer = actions.record_advocacy_offer(review=review, by=request.user, **data)
        return Response(AdvocacyOfferSerializer(offer).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["get"],
        summary="Meetings with the chair of the homicide's review, newest first",
        responses={200: ChairMeetingSerializer(many=True), 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Record a meeting with the chair of the homicide's review, on its own date",
        request=ChairMeetingInputSerializer,
        responses={201: ChairMeetingSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="dhr/chair-meetings",
        pagination_class=LimitOffsetPagination,
    )
    def chair_meetings(self, request, pk=None) -> Response:
        review = self._review(self._homicide())
        if request.method == "GET":
            meetings = policies.chair_meetings(request.user).filter(review=review).select_related("recorded_by")
            return self._listed(meetings, ChairMeetingSerializer)
        policies.authorize("record_chair_meeting", request.user, review)
        data = self.valid_input(ChairMeetingInputSerializer)
        meeting = actions.record_chair_meeting(review=review, by=request.user, **data)
        return Response(ChairMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Offers of specialist advocacy in the reviews you may see"),
    retrieve=extend_schema(
        summary="One offer of specialist advocacy", responses={200: AdvocacyOfferSerializer, 404: ERRORS[404]}
    ),
    partial_update=extend_schema(
        summary="Record the family's answer to an advocacy offer, its referral or when to offer again",
        request=AdvocacyOfferAnswerSerializer,
        responses={200: AdvocacyOfferSerializer, **ERRORS},
    ),
)
class AdvocacyOfferViewSet(mixins.UpdateModelMixin, ReadOnlyScopedViewSet):
    policy = staticmethod(policies.advocacy_offers)
    select_related = ("review__homicide", "recorded_by")
    serializer_class = AdvocacyOfferSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def partial_update(self, request, *args, **kwargs) -> Response:
        offer = self.get_object()
        policies.authorize("update_advocacy_offer", request.user, offer)
        data = self.valid_input(AdvocacyOfferAnswerSerializer, partial=True)
        offer = actions.update_advocacy_offer(offer=offer, by=request.user, **data)
        return self.answer(offer)
