"""The API for running a team: cover for absent workers, and the reference lists a client needs to fill in forms
(regions, police forces, the staff who may hold cases, commissioned service types).

As everywhere in the API, querysets come from `access.policies` and every change goes through an action
(`casework.actions.arrange_cover`, `end_cover_early`, `cancel_cover`); a refused action is a 404, an action's rule a
400.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from access import policies
from accounts.models import User
from api.idempotency import idempotent
from api.serializers import (
    ScopedPrimaryKeyField,
    SensibleDateField,
    StrictCharField,
    WaypointModelSerializer,
    WaypointSerializer,
    free_text,
)
from api.views import ERRORS, POST_ERRORS, ScopedViewSet
from casework import actions
from casework.models import Cover, CoverReason, SupportType
from organisation.models import PoliceForce, Region
from teams import queries as team_queries

# ---- Serializers --------------------------------------------------------------------------------------------


class CoverSerializer(WaypointModelSerializer):
    absent_worker_name = serializers.CharField(source="absent_worker.full_name", read_only=True)
    covering_worker_name = serializers.CharField(source="covering_worker.full_name", read_only=True)
    arranged_by_name = serializers.CharField(source="arranged_by.full_name", read_only=True)
    cancelled_by_name = serializers.CharField(
        source="cancelled_by.full_name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Who cancelled the cover before it started (null while it stands)",
    )

    class Meta:
        model = Cover
        fields = [
            "id",
            "absent_worker",
            "absent_worker_name",
            "covering_worker",
            "covering_worker_name",
            "starts_on",
            "ends_on",
            "planned_ends_on",
            "reason",
            "note",
            "historical",
            "arranged_by_name",
            "cancelled_at",
            "cancelled_by_name",
        ]
        read_only_fields = fields


class CoverInputSerializer(WaypointSerializer):
    absent_worker = ScopedPrimaryKeyField(policies.cover_workers, User)
    covering_worker = ScopedPrimaryKeyField(policies.cover_workers, User)
    starts_on = SensibleDateField()
    ends_on = SensibleDateField()
    reason = serializers.ChoiceField(choices=CoverReason.choices)
    note = StrictCharField(**free_text(required=False, allow_blank=True, default=""))
    historical = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Cover from an older system's records, whose dates may be past: the national manager only",
    )


class EndCoverSerializer(WaypointSerializer):
    ends_on = SensibleDateField(help_text="The new last day of cover: today or later, before the planned last day")


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]
        read_only_fields = fields


class PoliceForceSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PoliceForce
        fields = ["id", "name", "region"]
        read_only_fields = fields


class CaseHolderSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = User
        fields = ["id", "full_name", "role", "region", "languages"]
        read_only_fields = fields


class ServiceTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportType
        fields = ["id", "name", "code"]
        read_only_fields = fields


# ---- Cover --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Cover for absent workers (team leaders: their region's; the national manager: all)"),
    retrieve=extend_schema(summary="One cover arrangement", responses={200: CoverSerializer, 404: ERRORS[404]}),
)
class CoverViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    policy = staticmethod(policies.covers)
    select_related = ("absent_worker", "covering_worker", "arranged_by", "cancelled_by")
    serializer_class = CoverSerializer

    @extend_schema(
        summary="Arrange cover: who is away, who covers, from and until when, and why",
        request=CoverInputSerializer,
        responses={201: CoverSerializer, **POST_ERRORS},
    )
    @idempotent
    def create(self, request) -> Response:
        policies.authorize("arrange_cover", request.user)
        data = self.valid_input(CoverInputSerializer)
        cover = actions.arrange_cover(by=request.user, **data)
        return self.answer(self.get_queryset().get(pk=cover.pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="End cover early: bring its last day forward (the day first planned is kept)",
        request=EndCoverSerializer,
        responses={200: CoverSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"], url_path="end-early")
    def end_early(self, request, pk=None) -> Response:
        cover = self.get_object()
        policies.authorize("end_cover_early", request.user, cover)
        data = self.valid_input(EndCoverSerializer)
        actions.end_cover_early(cover=cover, by=request.user, ends_on=data["ends_on"])
        return self.answer(self.get_object())

    @extend_schema(
        summary="Cancel cover that has not started yet (it is kept, marked cancelled, and gives nobody any reach)",
        request=None,
        responses={200: CoverSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"], url_path="cancel")
    def cancel(self, request, pk=None) -> Response:
        cover = self.get_object()
        policies.authorize("cancel_cover", request.user, cover)
        self.valid_input(NoFieldsSerializer)  # a body, if sent, is a JSON object and nothing more
        actions.cancel_cover(cover=cover, by=request.user)
        return self.answer(self.get_object())


class NoFieldsSerializer(WaypointSerializer):
    """An operation that takes no fields (cancelling is done now, by the caller): refuses a body that is not an
    object."""


# ---- Reference lists ----------------------------------------------------------------------------------------


# A short list of reference data, read whole (no pages). (A comment: the schema would show a docstring.)
class ReferenceList(mixins.ListModelMixin, viewsets.GenericViewSet):
    pagination_class = None


@extend_schema_view(list=extend_schema(summary="The service's regions (teams)"))
class RegionViewSet(ReferenceList):
    queryset = Region.objects.order_by("display_order", "name")
    serializer_class = RegionSerializer


@extend_schema_view(list=extend_schema(summary="Police forces, with the region each belongs to"))
class PoliceForceViewSet(ReferenceList):
    queryset = PoliceForce.objects.select_related("region").order_by("name")
    serializer_class = PoliceForceSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Staff who may hold cases and whom you may allocate (team leaders: their region's; others: none)"
    )
)
class CaseHolderViewSet(ReferenceList):
    serializer_class = CaseHolderSerializer

    def get_queryset(self):
        return policies.allocatable_workers(self.request.user).select_related("region").order_by("full_name", "id")


@extend_schema_view(list=extend_schema(summary="Types of service that may be commissioned from a provider"))
class ServiceTypeViewSet(ReferenceList):
    queryset = SupportType.objects.filter(commissioned=True, is_active=True).order_by("display_order", "name")
    serializer_class = ServiceTypeSerializer


# ---- The team caseload --------------------------------------------------------------------------------------


class CoverSpellSerializer(serializers.Serializer):
    absent_worker = serializers.IntegerField(source="absent_worker_id")
    absent_worker_name = serializers.CharField(source="absent_worker.full_name")
    covering_worker = serializers.IntegerField(source="covering_worker_id")
    covering_worker_name = serializers.CharField(source="covering_worker.full_name")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reason = serializers.CharField()


class WorkerLoadSerializer(serializers.Serializer):
    worker = serializers.IntegerField(source="worker.pk")
    name = serializers.CharField(source="worker.full_name")
    role = serializers.CharField(source="worker.role")
    languages = serializers.ListField(source="worker.languages", child=serializers.CharField())
    open_people = serializers.IntegerField()
    target = serializers.IntegerField()
    over_target = serializers.BooleanField()
    homicides_led = serializers.IntegerField()
    overdue = serializers.IntegerField()
    overdue_first_contacts = serializers.IntegerField()
    overdue_actions = serializers.IntegerField()
    overdue_consent_reviews = serializers.IntegerField()
    overdue_cica_steps = serializers.IntegerField()
    hearings = serializers.IntegerField()
    next_hearing_on = serializers.DateField(allow_null=True)
    away_today = serializers.SerializerMethodField()
    away = CoverSpellSerializer(many=True)
    covering = CoverSpellSerializer(many=True)

    def get_away_today(self, load) -> bool:
        return load.away_today is not None


@extend_schema_view(
    list=extend_schema(
        summary="Your team's caseload: each staff member's open cases, homicides, overdue items, hearings and cover",
        parameters=[
            OpenApiParameter("region", str, description="A region's code (the national manager; others: their own)"),
            OpenApiParameter("days", int, description="Count hearings this many days ahead"),
            OpenApiParameter("sort", str, enum=sorted(team_queries.SORT_KEYS)),
            OpenApiParameter("order", str, enum=["asc", "desc"]),
        ],
        responses={200: WorkerLoadSerializer(many=True), 404: ERRORS[404]},
    )
)
class TeamCaseloadViewSet(viewsets.GenericViewSet):
    serializer_class = WorkerLoadSerializer
    pagination_class = None

    def list(self, request) -> Response:
        user = request.user
        if not policies.can_manage_team(user):
            raise Http404
        regions = list(policies.team_regions(user))
        code = request.query_params.get("region", "")
        region = next((r for r in regions if r.code == code), None) if code else (regions[0] if regions else None)
        if region is None:
            raise Http404
        loads = team_queries.workloads(
            user,
            policies.allocatable_workers(user).filter(region=region),
            days=team_queries.hearing_days(request.query_params.get("days", "")),
        )
        loads = team_queries.sorted_loads(
            loads, request.query_params.get("sort", "name"), request.query_params.get("order") == "desc"
        )
        return Response(WorkerLoadSerializer(loads, many=True).data)
