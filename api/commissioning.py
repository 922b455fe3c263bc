"""The API for commissioned services and money: providers, commissioned services and CICA applications.

As everywhere in the API, querysets come from `access.policies` and every change goes through an action
(`commissioning.actions`); a refused action is a 404, an action's rule a 400 with the field's message.
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from access import policies
from accounts.models import User
from api.idempotency import idempotent
from api.serializers import (
    ScopedPrimaryKeyField,
    SensibleDateField,
    StrictCharField,
    StrictEmailField,
    WaypointModelSerializer,
    WaypointSerializer,
    free_text,
)
from api.views import ERRORS, POST_ERRORS, CreateScopedViewSet, ScopedViewSet
from casework.models import BereavedPerson, CaseStage, SupportType
from commissioning import actions
from commissioning.models import CicaApplication, CicaStatus, CicaStatusChange, CommissionedService, Provider
from organisation.models import Region

# ---- Serializers --------------------------------------------------------------------------------------------


class ProviderSerializer(serializers.ModelSerializer):
    # Read out as stored, blank included: the schema's "email" format would say "" cannot be.
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Provider
        fields = ["id", "name", "services", "regions", "contact_name", "phone", "email", "is_active"]
        read_only_fields = fields


class ProviderInputSerializer(WaypointSerializer):
    name = StrictCharField(max_length=200)
    services = serializers.PrimaryKeyRelatedField(
        queryset=SupportType.objects.filter(commissioned=True), many=True, allow_empty=False
    )
    regions = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), many=True, allow_empty=False)
    contact_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    phone = StrictCharField(max_length=40, required=False, allow_blank=True)
    email = StrictEmailField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)


class CommissionedServiceSerializer(WaypointModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    approved_by_name = serializers.CharField(source="approved_by.full_name", read_only=True, default=None)

    class Meta:
        model = CommissionedService
        fields = [
            "id",
            "person",
            "provider",
            "provider_name",
            "service_type",
            "service_type_name",
            "case_stage",
            "agreed_on",
            "starts_on",
            "ends_on",
            "agreed_cost",
            "actual_cost",
            "costed_on",
            "notes",
            "approved_by_name",
            "approved_at",
            "support",
            "created_at",
        ]
        read_only_fields = fields


class CommissionedServiceInputSerializer(WaypointSerializer):
    person = ScopedPrimaryKeyField(policies.casework_people, BereavedPerson)
    provider = ScopedPrimaryKeyField(policies.providers, Provider)
    service_type = serializers.PrimaryKeyRelatedField(queryset=SupportType.objects.all())
    case_stage = serializers.ChoiceField(choices=CaseStage.choices)
    agreed_on = SensibleDateField()
    starts_on = SensibleDateField()
    ends_on = SensibleDateField(required=False, allow_null=True)
    agreed_cost = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0))
    notes = StrictCharField(**free_text(required=False, allow_blank=True))


class ActualCostSerializer(WaypointSerializer):
    actual_cost = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0))
    costed_on = SensibleDateField(required=False, allow_null=True)


class CicaStatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = CicaStatusChange
        fields = ["status", "changed_on", "notes"]
        read_only_fields = fields


class CicaApplicationSerializer(WaypointModelSerializer):
    helped_by_name = serializers.CharField(source="helped_by.full_name", read_only=True)
    status_changes = CicaStatusChangeSerializer(many=True, read_only=True)

    class Meta:
        model = CicaApplication
        fields = [
            "id",
            "person",
            "applied_on",
            "helped_by",
            "helped_by_name",
            "reference",
            "status",
            "status_on",
            "award_amount",
            "award_decided_on",
            "paid_on",
            "next_step",
            "next_step_on",
            "status_changes",
            "created_at",
        ]
        read_only_fields = fields


class CicaApplicationInputSerializer(WaypointSerializer):
    person = ScopedPrimaryKeyField(policies.casework_people, BereavedPerson)
    applied_on = SensibleDateField()
    helped_by = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    # Every status is accepted here; the action refuses all but drafted and submitted with a field message.
    status = serializers.ChoiceField(choices=CicaStatus.choices, required=False)
    reference = StrictCharField(max_length=50, required=False, allow_blank=True)
    next_step = StrictCharField(max_length=200, required=False, allow_blank=True)
    next_step_on = SensibleDateField(required=False, allow_null=True)


class CicaStatusInputSerializer(WaypointSerializer):
    status = serializers.ChoiceField(choices=CicaStatus.choices)
    changed_on = SensibleDateField()
    notes = StrictCharField(**free_text(required=False, allow_blank=True))
    award_amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True
    )
    next_step = StrictCharField(max_length=200, required=False, allow_blank=True)
    next_step_on = SensibleDateField(required=False, allow_null=True)


# ---- Endpoints ----------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Providers of commissioned services (staff who work cases)"),
    create=extend_schema(
        summary="Add a provider (team leaders, the national manager)",
        request=ProviderInputSerializer,
        responses={201: ProviderSerializer, **POST_ERRORS},
    ),
)
class ProviderViewSet(mixins.ListModelMixin, ScopedViewSet):
    policy = staticmethod(policies.providers)
    prefetch_related = ("services", "regions")
    serializer_class = ProviderSerializer

    @idempotent
    def create(self, request) -> Response:
        policies.authorize("add_provider", request.user)
        provider = actions.add_provider(by=request.user, **self.valid_input(ProviderInputSerializer))
        return self.answer(self.get_queryset().get(pk=provider.pk), status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Commissioned services for the people whose casework you hold"),
    retrieve=extend_schema(
        summary="One commissioned service", responses={200: CommissionedServiceSerializer, 404: ERRORS[404]}
    ),
    create=extend_schema(
        summary="Record a commissioned service (above the approval limit it waits for a team leader)",
        request=CommissionedServiceInputSerializer,
        responses={201: CommissionedServiceSerializer, **POST_ERRORS},
    ),
)
class CommissionedServiceViewSet(CreateScopedViewSet):
    policy = staticmethod(policies.commissioned_services)
    select_related = ("provider", "service_type", "approved_by")
    serializer_class = CommissionedServiceSerializer
    input_serializer_class = CommissionedServiceInputSerializer
    person_key = "person"
    action_name = "commission_service"

    def record(self, **data):
        return actions.commission_service(**data)

    @extend_schema(
        summary="Approve a service above the limit (a team leader of the region, the national manager)",
        request=None,
        responses={200: CommissionedServiceSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None) -> Response:
        service = self.get_object()
        policies.authorize("approve_service", request.user, service)
        actions.approve_service(service=service, by=request.user)
        return self.answer(self.get_object())

    @extend_schema(
        summary="Record the actual cost of a service (the date known defaults to today)",
        request=ActualCostSerializer,
        responses={200: CommissionedServiceSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"], url_path="actual-cost")
    def actual_cost(self, request, pk=None) -> Response:
        service = self.get_object()
        policies.authorize("record_actual_cost", request.user, service)
        actions.record_actual_cost(service=service, by=request.user, **self.valid_input(ActualCostSerializer))
        return self.answer(self.get_object())


@extend_schema_view(
    list=extend_schema(summary="CICA applications for the people whose casework you hold"),
    retrieve=extend_schema(
        summary="One CICA application with its dated status changes",
        responses={200: CicaApplicationSerializer, 404: ERRORS[404]},
    ),
    create=extend_schema(
        summary="Record a CICA application",
        request=CicaApplicationInputSerializer,
        responses={201: CicaApplicationSerializer, **POST_ERRORS},
    ),
)
class CicaApplicationViewSet(CreateScopedViewSet):
    policy = staticmethod(policies.cica_applications)
    select_related = ("helped_by",)
    prefetch_related = ("status_changes",)
    serializer_class = CicaApplicationSerializer
    input_serializer_class = CicaApplicationInputSerializer
    person_key = "person"
    action_name = "record_cica_application"

    def record(self, **data):
        return actions.record_cica_application(**data)

    @extend_schema(
        summary="Record a status change (with the award at a decision)",
        request=CicaStatusInputSerializer,
        responses={200: CicaApplicationSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None) -> Response:
        application = self.get_object()
        policies.authorize("record_cica_status", request.user, application)
        actions.record_cica_status(
            application=application, by=request.user, **self.valid_input(CicaStatusInputSerializer)
        )
        return self.answer(self.get_object())
