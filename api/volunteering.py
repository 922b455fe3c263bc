"""The API for volunteering: updates sent to volunteers, and volunteers' languages, availability, area and travel.

Querysets come from `access.policies` and every change goes through an action (`volunteering.actions`), as in the
rest of the API. A volunteer's own visits and calls are contacts (`/api/v1/contacts/`), marked `by_volunteer`.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from access import policies
from api.idempotency import idempotent
from api.serializers import (
    MAX_FREE_TEXT,
    ScopedPrimaryKeyField,
    SensibleDateField,
    StrictCharField,
    WaypointSerializer,
    free_text,
)
from api.views import ERRORS, POST_ERRORS, ReadOnlyScopedViewSet
from casework.models import VolunteerAssignment
from organisation.models import Region
from volunteering import actions
from volunteering.models import VolunteerProfile, VolunteerUpdate, Weekday


class VolunteerUpdateSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="assignment_id", read_only=True, help_text="The volunteer task's id.")
    person = serializers.IntegerField(source="assignment.person_id", read_only=True)
    volunteer = serializers.IntegerField(source="assignment.volunteer_id", read_only=True)
    sent_by_name = serializers.CharField(source="sent_by.full_name", read_only=True)

    class Meta:
        model = VolunteerUpdate
        fields = ["id", "task", "person", "volunteer", "text", "sent_at", "sent_by_name"]
        read_only_fields = fields


class VolunteerUpdateInputSerializer(WaypointSerializer):
    task = ScopedPrimaryKeyField(policies.volunteer_assignments, VolunteerAssignment)
    text = StrictCharField(max_length=actions.MAX_UPDATE_CHARACTERS)


@extend_schema_view(
    list=extend_schema(summary="Updates sent to volunteers that you may see (volunteers: those of your current tasks)"),
    retrieve=extend_schema(
        summary="One update sent to a volunteer", responses={200: VolunteerUpdateSerializer, 404: ERRORS[404]}
    ),
)
class VolunteerUpdateViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    policy = staticmethod(policies.volunteer_updates)
    select_related = ("assignment", "sent_by")
    serializer_class = VolunteerUpdateSerializer
    person_key = "person"

    @extend_schema(
        summary="Send the volunteer of a current task an update about the case",
        request=VolunteerUpdateInputSerializer,
        responses={201: VolunteerUpdateSerializer, **POST_ERRORS},
    )
    @idempotent
    def create(self, request, *args, **kwargs) -> Response:
        policies.authorize("send_volunteer_update", request.user)
        data = self.valid_input(VolunteerUpdateInputSerializer)
        update = actions.send_volunteer_update(assignment=data["task"], by=request.user, text=data["text"])
        return self.answer(self.get_queryset().get(pk=update.pk), status.HTTP_201_CREATED)


# ---- Volunteers' availability, area and travel ----------------------------------------------------------------


class VolunteerProfileSerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.full_name", read_only=True)
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        source="volunteer.region", slug_field="code", read_only=True
    )
    languages = serializers.ListField(
        source="volunteer.languages", child=serializers.CharField(), read_only=True, help_text="Besides English"
    )
    available_days = serializers.ListField(child=serializers.ChoiceField(choices=Weekday.choices), read_only=True)
    available_now = serializers.SerializerMethodField(help_text="Not on a break today (`not_available_until`)")

    class Meta:
        model = VolunteerProfile
        fields = [
            "id",
            "volunteer",
            "volunteer_name",
            "region",
            "languages",
            "available_days",
            "availability_notes",
            "not_available_until",
            "available_now",
            "area_notes",
            "updated_at",
        ]
        read_only_fields = fields

    def get_available_now(self, profile: VolunteerProfile) -> bool:
        return profile.is_available_on(timezone.localdate())


class VolunteerProfileUpdateSerializer(WaypointSerializer):
    """The fields to change; those not sent are kept (`volunteering.actions.update_deployment_profile`)."""

    languages = serializers.ListField(
        child=StrictCharField(max_length=MAX_FREE_TEXT), max_length=100, help_text="Languages besides English"
    )
    available_days = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.choices), max_length=7, help_text="Days usually available"
    )
    availability_notes = StrictCharField(**free_text(allow_blank=True))
    not_available_until = SensibleDateField(allow_null=True, help_text="Back from a break on this day (null: now)")
    area_notes = StrictCharField(**free_text(allow_blank=True), help_text="Area and travel")


@extend_schema_view(
    list=extend_schema(
        summary="Volunteers' availability, area and travel (volunteers: your own; case workers and team leaders: "
        "your region's; the national manager: all)"
    ),
    retrieve=extend_schema(
        summary="One volunteer's availability, area and travel",
        responses={200: VolunteerProfileSerializer, 404: ERRORS[404]},
    ),
)
class VolunteerProfileViewSet(ReadOnlyScopedViewSet):
    policy = staticmethod(policies.volunteer_profiles)
    select_related = ("volunteer__region",)
    serializer_class = VolunteerProfileSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        # By id: the API's cursor pages follow the model's own fields, not a related one (a volunteer's name).
        return super().get_queryset().order_by("id")

    @extend_schema(
        summary="Change a volunteer's languages, availability, area and travel (the volunteer, their team leader, "
        "the national manager); fields not sent are kept",
        request=VolunteerProfileUpdateSerializer,
        responses={200: VolunteerProfileSerializer, **ERRORS},
    )
    def partial_update(self, request, *args, **kwargs) -> Response:
        profile = self.get_object()
        policies.authorize("update_deployment_profile", request.user, profile.volunteer)
        data = self.valid_input(VolunteerProfileUpdateSerializer, partial=True)
        actions.update_deployment_profile(member=profile.volunteer, by=request.user, **data)
        return self.answer(self.get_object())
