"""The API for risk and safeguarding: a person's risk checks and safeguarding concerns, under the person
(`/people/{id}/risk-checks/`, `/people/{id}/safeguarding-concerns/`), and a concern's referral and outcome
(`PATCH /safeguarding-concerns/{id}/`). The people endpoint answers each person's current risk level and agreed
safety measures too, to everyone who sees the person (volunteers included: they visit).

As everywhere in the API, querysets come from `access.policies` and every change goes through an action
(`safeguarding.actions`); a refused action or a record out of reach is a 404, an action's rule a 400.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from access import policies
from api import views
from api.idempotency import idempotent
from api.serializers import (
    ScopedPrimaryKeyField,
    SensibleDateField,
    StrictCharField,
    WaypointModelSerializer,
    WaypointSerializer,
    free_text,
)
from api.views import ERRORS, POST_ERRORS, ReadOnlyScopedViewSet
from casework.models import BereavedPerson
from safeguarding import actions
from safeguarding.models import ConcernAbout, ReferredTo, RiskCheck, RiskLevel, SafeguardingConcern, SuspectContact
from safeguarding.queries import with_current_risk

# ---- Serializers --------------------------------------------------------------------------------------------


class RiskCheckSerializer(WaypointModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = RiskCheck
        fields = [
            "id",
            "person",
            "risk_level",
            "address_risks",
            "suspect_contact",
            "other_risks",
            "safety_measures",
            "checked_on",
            "review_by",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields


class RiskCheckInputSerializer(WaypointSerializer):
    checked_on = SensibleDateField()
    address_risks = StrictCharField(**free_text(required=False, allow_blank=True))
    suspect_contact = serializers.ChoiceField(choices=SuspectContact.choices)
    other_risks = StrictCharField(**free_text(required=False, allow_blank=True))
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    safety_measures = StrictCharField(**free_text(required=False, allow_blank=True))
    review_by = SensibleDateField()


class SafeguardingConcernSerializer(WaypointModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = SafeguardingConcern
        fields = [
            "id",
            "person",
            "kind",
            "about",
            "child",
            "child_name",
            "description",
            "raised_on",
            "referred_to",
            "referred_to_other",
            "referred_on",
            "outcome",
            "outcome_on",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields


# The same fields, named apart in the schema: a person's concerns are paged by offset like the other lists under a
# record, the collection of concerns by cursor, and each page's schema is named after its serializer.
# (A comment, not a docstring: the schema would show a docstring to API users.)
class PersonSafeguardingConcernSerializer(SafeguardingConcernSerializer):
    pass


class ConcernProgressSerializer(WaypointSerializer):
    referred_to = serializers.ChoiceField(choices=ReferredTo.choices, required=False, allow_blank=True)
    referred_to_other = StrictCharField(max_length=200, required=False, allow_blank=True)
    referred_on = SensibleDateField(required=False, allow_null=True)
    outcome = StrictCharField(**free_text(required=False, allow_blank=True))
    outcome_on = SensibleDateField(required=False, allow_null=True)


class SafeguardingConcernInputSerializer(ConcernProgressSerializer):
    about = serializers.ChoiceField(choices=ConcernAbout.choices)
    child = ScopedPrimaryKeyField(policies.people, BereavedPerson, required=False, allow_null=True)
    child_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    # Blank is the action's to refuse, with its own message.
    description = StrictCharField(**free_text(allow_blank=True))
    raised_on = SensibleDateField()


# ---- Endpoints ----------------------------------------------------------------------------------------------


class PersonViewSet(views.PersonViewSet):
    # The people endpoint (api.views.PersonViewSet), with each person's current risk and, under each person, their
    # risk checks and safeguarding concerns.

    def get_queryset(self):
        return with_current_risk(super().get_queryset())

    def _safeguarding_person(self) -> BereavedPerson:
        person = self.get_object()
        if not policies.can_read_safeguarding(self.request.user, person):
            raise Http404
        # The rows answered are the person's records: the access log reads the person from each row.
        self.person_key = "person"
        return person

    def _listed(self, queryset, serializer_class) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(
        methods=["get"],
        summary="The person's risk checks for visits, newest (the current one) first",
        responses={200: RiskCheckSerializer(many=True), 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Record a risk check for visiting the person: it replaces the current one, which is kept",
        request=RiskCheckInputSerializer,
        responses={201: RiskCheckSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["get", "post"], url_path="risk-checks", pagination_class=LimitOffsetPagination)
    def risk_checks(self, request, pk=None) -> Response:
        person = self._safeguarding_person()
        if request.method == "GET":
            rows = policies.risk_checks(request.user).filter(person=person).select_related("recorded_by")
            return self._listed(rows.order_by("-checked_on", "-id"), RiskCheckSerializer)
        policies.authorize("record_risk_check", request.user, person)
        check = actions.record_risk_check(person=person, by=request.user, **self.valid_input(RiskCheckInputSerializer))
        return Response(RiskCheckSerializer(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["get"],
        summary="The person's safeguarding concerns, newest first",
        responses={200: PersonSafeguardingConcernSerializer(many=True), 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Record a safeguarding concern about the person or a child in their family",
        request=SafeguardingConcernInputSerializer,
        responses={201: PersonSafeguardingConcernSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="safeguarding-concerns",
        pagination_class=LimitOffsetPagination,
    )
    def safeguarding_concerns(self, request, pk=None) -> Response:
        person = self._safeguarding_person()
        if request.method == "GET":
            rows = policies.safeguarding_concerns(request.user).filter(person=person).select_related("recorded_by")
            return self._listed(rows.order_by("-raised_on", "-id"), PersonSafeguardingConcernSerializer)
        policies.authorize("raise_safeguarding_concern", request.user, person)
        data = self.valid_input(SafeguardingConcernInputSerializer)
        concern = actions.raise_safeguarding_concern(person=person, by=request.user, **data)
        return Response(PersonSafeguardingConcernSerializer(concern).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Safeguarding concerns for the people whose casework you hold"),
    retrieve=extend_schema(
        summary="One safeguarding concern", responses={200: SafeguardingConcernSerializer, 404: ERRORS[404]}
    ),
)
class SafeguardingConcernViewSet(ReadOnlyScopedViewSet):
    policy = staticmethod(policies.safeguarding_concerns)
    select_related = ("recorded_by",)
    serializer_class = SafeguardingConcernSerializer
    person_key = "person"
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        summary="Record (or correct) where a safeguarding concern was referred, when, and its outcome",
        request=ConcernProgressSerializer,
        responses={200: SafeguardingConcernSerializer, **ERRORS},
    )
    def partial_update(self, request, *args, **kwargs) -> Response:
        concern = self.get_object()
        policies.authorize("update_safeguarding_concern", request.user, concern)
        data = self.valid_input(ConcernProgressSerializer, partial=True)
        actions.update_safeguarding_concern(concern=concern, by=request.user, **data)
        return self.answer(self.get_object())
