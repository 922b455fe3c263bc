"""The API for volunteering: updates sent to volunteers, and languages and availability.

Querysets come from `access.policies` and every change goes through an action (`volunteering.actions`), as in the
rest of the API. A volunteer's own visits and calls are contacts (`/api/v1/contacts/`), marked `by_volunteer`.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from access import policies
from api.idempotency import idempotent
from api.serializers import ScopedPrimaryKeyField, StrictCharField
from api.views import ERRORS, POST_ERRORS, ReadOnlyScopedViewSet
from casework.models import VolunteerAssignment
from volunteering import actions
from volunteering.models import VolunteerUpdate


class VolunteerUpdateSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="assignment_id", read_only=True, help_text="The volunteer task's id.")
    person = serializers.IntegerField(source="assignment.person_id", read_only=True)
    volunteer = serializers.IntegerField(source="assignment.volunteer_id", read_only=True)
    sent_by_name = serializers.CharField(source="sent_by.full_name", read_only=True)

    class Meta:
        model = VolunteerUpdate
        fields = ["id", "task", "person", "volunteer", "text", "sent_at", "sent_by_name"]
        read_only_fields = fields


class VolunteerUpdateInputSerializer(serializers.Serializer):
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
