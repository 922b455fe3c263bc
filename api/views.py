"""The API's endpoints: every queryset from `access.policies`, every change through an action."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django_otp.decorators import otp_required
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from access import policies
from accounts.models import Role
from api import outcomes as o
from api import serializers as s
from api.idempotency import idempotent
from audit.access_log import log_access, log_people_shown
from audit.models import AccessChannel
from casework import actions as casework
from casework import lists
from casework.models import BereavedPerson, NeedType, SupportType
from equality import actions as equality
from equality.models import EqualityRecord
from intake import actions as intake
from intake.models import Notification, NotificationSource
from justice import actions as justice
from outcomes import actions as outcomes
from outcomes.models import OutcomeCategory, OutcomeScore
from teams import queries as team_queries

ERRORS = {
    400: OpenApiResponse(description="Invalid input: messages per field, or under non_field_errors"),
    404: OpenApiResponse(description="No such record, not one you may see, or not something your role may do"),
}
# Every POST takes an Idempotency-Key (`api.idempotency`), and refuses one already used for another request.
REUSED_KEY = {422: OpenApiResponse(description="This Idempotency-Key was already used for a different request")}
POST_ERRORS = {**ERRORS, **REUSED_KEY}


def _people_in(data, person_key: str) -> list[BereavedPerson]:
    """The people an answer shows: `person_key` of each serialized row (a page's results, a list or one record)."""
    rows = data.get("results", [data]) if isinstance(data, dict) else data or []
    return [
        # Never saved: it only carries the ids to the access log, and some answers leave the homicide out.
        BereavedPerson(pk=row[person_key], homicide_id=row.get("homicide"))  # type: ignore[misc]
        for row in rows
        if isinstance(row, dict) and row.get(person_key) is not None
    ]


class ScopedViewSet(viewsets.GenericViewSet):
    """Records the caller may see, from `policy` (an `access.policies` function); anything else is a 404.

    Every successful answer showing people is written to the access log: `person_key` names the field of a
    serialized row that holds the id of the person the row is about (None where rows show no one).
    """

    policy: Callable = staticmethod(lambda user: None)
    person_key: str | None = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.policy(self.request.user)
        return qs.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH"):
            # A body that cannot be read (malformed, nested too deep) is refused with 400 before anything else,
            # whether or not the operation needs one.
            request.data  # noqa: B018

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)  # None on an answer made without a serializer
        if self.person_key and response.status_code < 300 and request.method not in ("HEAD", "OPTIONS"):
            people = _people_in(data, self.person_key)
            log_people_shown(
                request.user, people, view_name=request.resolver_match.view_name, channel=AccessChannel.API
            )
        return response

    def valid_input(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, instance, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(instance).data, status=code)


class ReadOnlyScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


# Corrections: PATCH a record with the fields to change and a `reason`; POST `.../entered-in-error/` with a
# `reason`. Each calls its action (`correct_action`, `error_action`), which checks who may and every rule.
class CorrectableViewSet(ScopedViewSet):
    correction_serializer_class: type
    correct_action: str
    error_action: str

    def correct(self, record, *, by, reason, **data):
        raise NotImplementedError

    def mark(self, record, *, by, reason):
        raise NotImplementedError

    def partial_update(self, request, *args, **kwargs) -> Response:
        record = self.get_object()
        policies.authorize(self.correct_action, request.user, record)
        data = self.valid_input(self.correction_serializer_class, partial=True)
        reason = data.pop("reason", "")
        self.correct(record, by=request.user, reason=reason, **data)
        return self.answer(self.get_object())

    @idempotent
    @action(detail=True, methods=["post"], url_path="entered-in-error")
    def entered_in_error(self, request, pk=None) -> Response:
        record = self.get_object()
        policies.authorize(self.error_action, request.user, record)
        data = self.valid_input(s.EnteredInErrorSerializer)
        self.mark(record, by=request.user, reason=data["reason"])
        return self.answer(self.get_object())


def _correction_schemas(correction_serializer, output_serializer, noun: str) -> dict:
    return {
        "partial_update": extend_schema(
            summary=f"Correct {noun}: the fields to change and a reason (the history keeps the version before)",
            request=correction_serializer,
            responses={200: output_serializer, **ERRORS},
        ),
        "entered_in_error": extend_schema(
            summary=f"Mark {noun} entered in error, with a reason: it is kept, and no longer counts",
            request=s.EnteredInErrorSerializer,
            responses={200: output_serializer, **POST_ERRORS},
        ),
    }


# ---- Intake -------------------------------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(
        summary="One notification, with its homicide reference and case worker",
        responses={200: s.NotificationSerializer, 404: ERRORS[404]},
    ),
)
class NotificationViewSet(ReadOnlyScopedViewSet):
    policy = staticmethod(policies.notifications)
    select_related = ("region", "police_force", "submitted_by", "homicide__lead_case_worker")
    serializer_class = s.NotificationSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            return qs
        filters = s.NotificationFiltersSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        if filters.validated_data["unlinked"]:
            qs = team_queries.unlinked(qs)
        if "waited_hours" in filters.validated_data:
            qs = team_queries.waited_at_least(qs, filters.validated_data["waited_hours"], timezone.now())
        return qs

    @extend_schema(
        summary="Notifications you may see (police referrers: your own); `unlinked` gives the team leader's list of "
        "notifications to link, oldest first, with how long each has waited",
        parameters=[s.NotificationFiltersSerializer],
    )
    def list(self, request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Submit a notification (police: with the consenting people)",
        request=s.NotificationInputSerializer,
        responses={201: s.NotificationSerializer, **POST_ERRORS},
    )
    @idempotent
    def create(self, request) -> Response:
        user = request.user
        # Refuse a role before reading its input, so that a refusal is 404 whatever was sent; the action checks again.
        policies.authorize("record_notification", user)
        data = self.valid_input(s.NotificationInputSerializer)
        people = [dict(person) for person in data.pop("people", [])]
        data.setdefault("source", NotificationSource.POLICE)  # police referrers' source is always the police
        # Retries are answered by `@idempotent`, so the action's own key (the pages' guard against a second
        # submission of one form) is not used here.
        if people or user.role == Role.POLICE_REFERRER:
            notification, _created = casework.submit_referral(by=user, people=people, **data)
        else:
            notification, _created = intake.record_notification(by=user, **data)
        # The caller's own submission, even where it belongs to a region they do not otherwise see.
        notification = Notification.objects.select_related(*self.select_related).get(pk=notification.pk)
        return self.answer(notification, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Link a notification to a homicide: an existing one, or a new record when none is given",
        request=s.LinkNotificationSerializer,
        responses={200: s.NotificationSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None) -> Response:
        notification = self.get_object()
        policies.authorize("link_notification", request.user, notification)
        homicide = self.valid_input(s.LinkNotificationSerializer).get("homicide")
        if homicide is None:
            intake.create_homicide(notification=notification, by=request.user)
        else:
            intake.link_notification(notification=notification, homicide=homicide, by=request.user)
        return self.answer(self.get_object())


@extend_schema_view(
    list=extend_schema(summary="Homicides you may see"),
    retrieve=extend_schema(summary="One homicide", responses={200: s.HomicideSerializer, 404: ERRORS[404]}),
)
class HomicideViewSet(ReadOnlyScopedViewSet):
    policy = staticmethod(policies.homicides)
    select_related = ("region", "police_force", "lead_case_worker")
    serializer_class = s.HomicideSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            return qs
        filters = s.HomicideFiltersSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return lists.filter_homicides(self.request.user, qs, **filters.validated_data)

    @extend_schema(parameters=[s.HomicideFiltersSerializer])
    def list(self, request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs) -> Response:
        homicide = self.get_object()
        log_access(request.user, view_name="api:homicide-detail", channel=AccessChannel.API, homicide=homicide)
        return self.answer(homicide)

    @extend_schema(
        summary="Change a homicide's details (case holders)",
        request=s.HomicideUpdateSerializer,
        responses={200: s.HomicideSerializer, **ERRORS},
    )
    def partial_update(self, request, *args, **kwargs) -> Response:
        homicide = self.get_object()
        policies.authorize("update_homicide", request.user, homicide)
        data = self.valid_input(s.HomicideUpdateSerializer, partial=True)
        intake.update_homicide(homicide=homicide, by=request.user, **data)
        return self.answer(self.get_object())

    @extend_schema(
        summary="Allocate a homicide's lead case worker",
        request=s.AllocateSerializer,
        responses={201: s.AllocationSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"])
    def allocate(self, request, pk=None) -> Response:
        homicide = self.get_object()
        policies.authorize("allocate", request.user, homicide)
        data = self.valid_input(s.AllocateSerializer)
        allocation = intake.allocate(homicide=homicide, by=request.user, **data)
        return Response(s.AllocationSerializer(allocation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record why nobody was referred for a homicide (blank clears it)",
        request=s.NoReferralReasonSerializer,
        responses={200: s.HomicideSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"], url_path="no-referral-reason")
    def no_referral_reason(self, request, pk=None) -> Response:
        homicide = self.get_object()
        policies.authorize("record_no_referral_reason", request.user, homicide)
        data = self.valid_input(s.NoReferralReasonSerializer)
        intake.record_no_referral_reason(homicide=homicide, reason=data["no_referral_reason"], by=request.user)
        return self.answer(self.get_object())

    @extend_schema(
        methods=["get"],
        summary="The homicide's police liaison (SIO told the case worker's name, FLO contacted), newest first",
        responses={200: s.PoliceLiaisonSerializer(many=True), 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Record police liaison on a homicide, at its own moment",
        request=s.PoliceLiaisonInputSerializer,
        responses={201: s.PoliceLiaisonSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["get", "post"], url_path="police-liaison", pagination_class=LimitOffsetPagination)
    def police_liaison(self, request, pk=None) -> Response:
        homicide = self.get_object()
        if request.method == "GET":
            log_access(
                request.user, view_name="api:homicide-police-liaison", channel=AccessChannel.API, homicide=homicide
            )
            listed = policies.police_liaison(request.user).filter(homicide=homicide)
            return self._listed(listed.select_related("named_case_worker", "recorded_by"), s.PoliceLiaisonSerializer)
        policies.authorize("record_police_liaison", request.user, homicide)
        data = self.valid_input(s.PoliceLiaisonInputSerializer)
        liaison = intake.record_police_liaison(homicide=homicide, by=request.user, **data)
        return Response(s.PoliceLiaisonSerializer(liaison).data, status=status.HTTP_201_CREATED)

    # ---- The justice journey: criminal offence data, so a role that may not see it gets 404 ----

    def _journey_homicide(self):
        homicide = self.get_object()
        if not policies.can_see_offence_data(self.request.user):
            raise Http404
        return homicide

    def _listed(self, queryset, serializer_class) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(
        methods=["get"],
        summary="The homicide's justice journey, newest first (roles that may see criminal offence data)",
        responses={200: s.JourneyEventSerializer(many=True), 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Record an event in the homicide's justice journey, on its own date",
        request=s.JourneyEventInputSerializer,
        responses={201: s.JourneyEventSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["get", "post"], url_path="journey-events", pagination_class=LimitOffsetPagination)
    def journey_events(self, request, pk=None) -> Response:
        homicide = self._journey_homicide()
        if request.method == "GET":
            events = policies.journey_events(request.user).filter(homicide=homicide)
            return self._listed(events.select_related("defendant", "recorded_by"), s.JourneyEventSerializer)
        policies.authorize("record_journey_event", request.user, homicide)
        data = self.valid_input(s.JourneyEventInputSerializer)
        event = justice.record_journey_event(homicide=homicide, by=request.user, **data)
        return Response(s.JourneyEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["get"],
        summary="The homicide's defendants (roles that may see criminal offence data)",
        responses={200: s.DefendantSerializer(many=True), 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Add a defendant to the homicide",
        request=s.DefendantInputSerializer,
        responses={201: s.DefendantSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["get", "post"], pagination_class=LimitOffsetPagination)
    def defendants(self, request, pk=None) -> Response:
        homicide = self._journey_homicide()
        if request.method == "GET":
            return self._listed(policies.defendants(request.user).filter(homicide=homicide), s.DefendantSerializer)
        policies.authorize("add_defendant", request.user, homicide)
        data = self.valid_input(s.DefendantInputSerializer)
        defendant = justice.add_defendant(homicide=homicide, by=request.user, **data)
        return Response(s.DefendantSerializer(defendant).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Allocation history of the homicides you may see"),
    retrieve=extend_schema(summary="One allocation", responses={200: s.AllocationSerializer, 404: ERRORS[404]}),
)
class AllocationViewSet(ReadOnlyScopedViewSet):
    policy = staticmethod(policies.allocations)
    select_related = ("homicide", "case_worker", "allocated_by")
    serializer_class = s.AllocationSerializer


# No list here: a journey is listed under its homicide (`/homicides/{id}/journey-events/`).
@extend_schema_view(
    retrieve=extend_schema(
        summary="One event of a justice journey", responses={200: s.JourneyEventSerializer, 404: ERRORS[404]}
    ),
    **_correction_schemas(
        s.JourneyEventCorrectionSerializer, s.JourneyEventSerializer, "an event of a justice journey"
    ),
)
class JourneyEventViewSet(mixins.RetrieveModelMixin, CorrectableViewSet):
    policy = staticmethod(policies.journey_events)
    select_related = ("homicide", "defendant", "recorded_by")
    serializer_class = s.JourneyEventSerializer
    correction_serializer_class = s.JourneyEventCorrectionSerializer
    correct_action = "correct_journey_event"
    error_action = "mark_journey_event_in_error"

    def correct(self, record, **data):
        return justice.correct_journey_event(event=record, **data)

    def mark(self, record, **data):
        return justice.mark_journey_event_in_error(event=record, **data)


# ---- Casework -----------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Bereaved people you may see"),
    retrieve=extend_schema(
        summary="One bereaved person (the view is logged)", responses={200: s.PersonSerializer, 404: ERRORS[404]}
    ),
)
class PersonViewSet(ReadOnlyScopedViewSet):
    policy = staticmethod(policies.people)
    select_related = ("homicide",)
    serializer_class = s.PersonSerializer
    person_key = "id"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            return qs
        filters = s.PersonFiltersSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return lists.filter_people(qs, **filters.validated_data)

    @extend_schema(parameters=[s.PersonFiltersSerializer])
    def list(self, request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Add a bereaved person to a homicide",
        request=s.PersonInputSerializer,
        responses={201: s.PersonSerializer, **POST_ERRORS},
    )
    @idempotent
    def create(self, request) -> Response:
        policies.authorize("add_person", request.user)
        data = self.valid_input(s.PersonInputSerializer)
        homicide = data.pop("homicide")
        person = casework.add_person(homicide=homicide, by=request.user, **data)
        return self.answer(self.get_queryset().get(pk=person.pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a person's details",
        request=s.PersonUpdateSerializer,
        responses={200: s.PersonSerializer, **ERRORS},
    )
    def partial_update(self, request, *args, **kwargs) -> Response:
        person = self.get_object()
        policies.authorize("update_person", request.user, person)
        data = self.valid_input(s.PersonUpdateSerializer, partial=True)
        casework.update_person(person=person, by=request.user, **data)
        return self.answer(self.get_object())

    @extend_schema(
        summary="Close a person's case",
        request=s.CloseCaseSerializer,
        responses={200: s.PersonSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None) -> Response:
        person = self.get_object()
        policies.authorize("close_case", request.user, person)
        data = self.valid_input(s.CloseCaseSerializer)
        casework.close_case(person=person, by=request.user, **data)
        return self.answer(self.get_object())

    @extend_schema(
        summary="Reopen a person's closed case: a new period of support starts on the date given",
        request=s.ReopenCaseSerializer,
        responses={201: s.CaseEpisodeSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None) -> Response:
        person = self.get_object()
        policies.authorize("reopen_case", request.user, person)
        data = self.valid_input(s.ReopenCaseSerializer)
        episode = casework.reopen_case(person=person, by=request.user, **data)
        return Response(s.CaseEpisodeSerializer(episode).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Plan the end of a person's support in advance (their open case's exit plan), or change the plan",
        request=s.ExitPlanInputSerializer,
        responses={200: s.ExitPlanSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"], url_path="exit-plan")
    def exit_plan(self, request, pk=None) -> Response:
        person = self.get_object()
        policies.authorize("plan_exit", request.user, person)
        data = self.valid_input(s.ExitPlanInputSerializer)
        plan = casework.plan_exit(person=person, by=request.user, **data)
        return Response(s.ExitPlanSerializer(plan).data)

    # ---- Outcome measures (casework readers) and equality data (its own permission), under the person ----
    # Their rows name the person in `person`, which the access log reads.

    @extend_schema(
        methods=["get"],
        summary="The person's outcome measures, oldest first (whoever reads their casework)",
        responses={200: o.OutcomeMeasureSerializer(many=True), 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["post"],
        summary="Record an outcome measure for the person, on its own date, scoring every category in use",
        request=o.OutcomeMeasureInputSerializer,
        responses={201: o.OutcomeMeasureSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["get", "post"], url_path="outcome-measures", pagination_class=LimitOffsetPagination)
    def outcome_measures(self, request, pk=None) -> Response:
        self.person_key = "person"
        person = policies.get_visible_or_404(request.user, policies.casework_people(request.user), pk=pk)
        measures = policies.outcome_measures(request.user).filter(person=person).select_related("recorded_by")
        measures = measures.prefetch_related(Prefetch("scores", OutcomeScore.objects.select_related("category")))
        if request.method == "GET":
            page = self.paginate_queryset(measures.order_by("measured_on", "pk"))
            return self.get_paginated_response(o.OutcomeMeasureSerializer(page, many=True).data)
        policies.authorize("record_outcome_measure", request.user, person)
        data = self.valid_input(o.OutcomeMeasureInputSerializer)
        measure = outcomes.record_outcome_measure(person=person, by=request.user, **data)
        return Response(o.OutcomeMeasureSerializer(measures.get(pk=measure.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["get"],
        summary="The person's equality monitoring answers (the case holder, their team leader, national manager)",
        responses={200: o.EqualityRecordSerializer, 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["patch"],
        summary="Change the person's equality monitoring answers (those given; the others are kept)",
        request=o.EqualityInputSerializer,
        responses={200: o.EqualityRecordSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "patch"], url_path="equality")
    def equality(self, request, pk=None) -> Response:
        self.person_key = "person"
        person = policies.get_visible_or_404(request.user, policies.equality_people(request.user), pk=pk)
        policies.authorize("record_equality_data", request.user, person)
        if request.method == "PATCH":
            data = self.valid_input(o.EqualityInputSerializer, partial=True)
            equality.record_equality_data(person=person, by=request.user, **data)
        record = policies.equality_records(request.user).select_related("recorded_by").filter(person=person).first()
        if record is None:
            record = EqualityRecord(person=person, updated_at=None)  # type: ignore[misc]  # nothing recorded yet
        return Response(o.EqualityRecordSerializer(record).data)


# A casework record made through `record`, the action named `action_name`, taking `person`, `by` and the input's
# other fields.
# (A comment, not a docstring: the schema would show a docstring to API users as each operation's description.)
class CreateScopedViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    input_serializer_class: type
    action_name: str

    def record(self, *, person, by, **data):
        raise NotImplementedError

    @idempotent
    def create(self, request, *args, **kwargs) -> Response:
        policies.authorize(self.action_name, request.user)
        data = self.valid_input(self.input_serializer_class)
        person = data.pop("person")
        record = self.record(person=person, by=request.user, **data)
        return self.answer(self.get_queryset().get(pk=record.pk), status.HTTP_201_CREATED)


def _create_schema(input_serializer, output_serializer, summary: str):
    return extend_schema(
        summary=summary,
        request=input_serializer,
        responses={201: output_serializer, **POST_ERRORS},
    )


@extend_schema_view(
    list=extend_schema(summary="Consent decisions you may see"),
    retrieve=extend_schema(
        summary="One consent decision", responses={200: s.ConsentDecisionSerializer, 404: ERRORS[404]}
    ),
    create=_create_schema(s.ConsentDecisionInputSerializer, s.ConsentDecisionSerializer, "Record a consent decision"),
    **_correction_schemas(s.ConsentDecisionCorrectionSerializer, s.ConsentDecisionSerializer, "a consent decision"),
)
class ConsentDecisionViewSet(CorrectableViewSet, CreateScopedViewSet):
    policy = staticmethod(policies.consent_decisions)
    select_related = ("recorded_by",)
    serializer_class = s.ConsentDecisionSerializer
    person_key = "person"
    input_serializer_class = s.ConsentDecisionInputSerializer
    action_name = "record_consent"
    correction_serializer_class = s.ConsentDecisionCorrectionSerializer
    correct_action = "correct_consent"
    error_action = "mark_consent_entered_in_error"

    def record(self, **data):
        return casework.record_consent(**data)

    def correct(self, record, **data):
        return casework.correct_consent(decision=record, **data)

    def mark(self, record, **data):
        return casework.mark_consent_entered_in_error(decision=record, **data)


@extend_schema_view(
    list=extend_schema(summary="Contacts you may see (volunteers: your own)"),
    retrieve=extend_schema(summary="One contact", responses={200: s.ContactSerializer, 404: ERRORS[404]}),
    create=_create_schema(s.ContactInputSerializer, s.ContactSerializer, "Record a contact: a visit or call"),
    **_correction_schemas(s.ContactCorrectionSerializer, s.ContactSerializer, "a contact"),
)
class ContactViewSet(CorrectableViewSet, CreateScopedViewSet):
    policy = staticmethod(policies.contacts)
    select_related = ("made_by",)
    serializer_class = s.ContactSerializer
    person_key = "person"
    input_serializer_class = s.ContactInputSerializer
    action_name = "record_contact"
    correction_serializer_class = s.ContactCorrectionSerializer
    correct_action = "correct_contact"
    error_action = "mark_contact_entered_in_error"

    def record(self, **data):
        return casework.record_contact(**data)

    def correct(self, record, **data):
        return casework.correct_contact(contact=record, **data)

    def mark(self, record, **data):
        return casework.mark_contact_entered_in_error(contact=record, **data)


@extend_schema_view(
    list=extend_schema(summary="Needs assessments you may see"),
    retrieve=extend_schema(summary="One needs assessment", responses={200: s.AssessmentSerializer, 404: ERRORS[404]}),
    create=_create_schema(s.AssessmentInputSerializer, s.AssessmentSerializer, "Record a needs assessment"),
    **_correction_schemas(s.AssessmentCorrectionSerializer, s.AssessmentSerializer, "a needs assessment"),
)
class AssessmentViewSet(CorrectableViewSet, CreateScopedViewSet):
    policy = staticmethod(policies.assessments)
    select_related = ("assessed_by",)
    prefetch_related = ("needs", "actions")
    serializer_class = s.AssessmentSerializer
    person_key = "person"
    input_serializer_class = s.AssessmentInputSerializer
    action_name = "record_assessment"
    correction_serializer_class = s.AssessmentCorrectionSerializer
    correct_action = "correct_assessment"
    error_action = "mark_assessment_entered_in_error"

    def record(self, *, actions=(), **data):
        agreed = [(a["description"], a["review_on"]) for a in actions]
        return casework.record_assessment(actions=agreed, **data)

    def correct(self, record, **data):
        return casework.correct_assessment(assessment=record, **data)

    def mark(self, record, **data):
        return casework.mark_assessment_entered_in_error(assessment=record, **data)


@extend_schema_view(
    list=extend_schema(summary="Support given that you may see"),
    retrieve=extend_schema(
        summary="One instance of support", responses={200: s.SupportGivenSerializer, 404: ERRORS[404]}
    ),
    create=_create_schema(s.SupportGivenInputSerializer, s.SupportGivenSerializer, "Record support given"),
    **_correction_schemas(s.SupportGivenCorrectionSerializer, s.SupportGivenSerializer, "an instance of support"),
)
class SupportGivenViewSet(CorrectableViewSet, CreateScopedViewSet):
    policy = staticmethod(policies.support_given)
    select_related = ("support_type", "recorded_by")
    serializer_class = s.SupportGivenSerializer
    person_key = "person"
    input_serializer_class = s.SupportGivenInputSerializer
    action_name = "record_support"
    correction_serializer_class = s.SupportGivenCorrectionSerializer
    correct_action = "correct_support"
    error_action = "mark_support_entered_in_error"

    def record(self, **data):
        return casework.record_support(**data)

    def correct(self, record, **data):
        return casework.correct_support(support=record, **data)

    def mark(self, record, **data):
        return casework.mark_support_entered_in_error(support=record, **data)


@extend_schema_view(
    list=extend_schema(summary="Periods of support (episodes) of the people whose casework you may see"),
    retrieve=extend_schema(
        summary="One period of support, with its length and exit plan",
        responses={200: s.CaseEpisodeSerializer, 404: ERRORS[404]},
    ),
)
class CaseEpisodeViewSet(ReadOnlyScopedViewSet):
    policy = staticmethod(policies.case_episodes)
    select_related = ("exit_plan",)
    serializer_class = s.CaseEpisodeSerializer
    person_key = "person"


# ---- Reference lists ----------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Actions agreed at the assessments you may see"),
    retrieve=extend_schema(
        summary="One agreed action", responses={200: s.AgreedActionRecordSerializer, 404: ERRORS[404]}
    ),
)
class AgreedActionViewSet(ReadOnlyScopedViewSet):
    policy = staticmethod(policies.agreed_actions)
    select_related = ("assessment",)
    serializer_class = s.AgreedActionRecordSerializer
    person_key = "person"

    @extend_schema(
        summary="Mark an agreed action complete (today unless a date is given)",
        request=s.CompleteActionSerializer,
        responses={200: s.AgreedActionRecordSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None) -> Response:
        agreed_action = self.get_object()
        policies.authorize("complete_action", request.user, agreed_action)
        data = self.valid_input(s.CompleteActionSerializer)
        casework.complete_action(action=agreed_action, by=request.user, completed_on=data.get("completed_on"))
        return self.answer(self.get_object())


@extend_schema_view(
    list=extend_schema(summary="Volunteer tasks you may see (volunteers: your own, ended ones too)"),
    retrieve=extend_schema(summary="One volunteer task", responses={200: s.VolunteerTaskSerializer, 404: ERRORS[404]}),
    create=_create_schema(
        s.VolunteerTaskInputSerializer,
        s.VolunteerTaskSerializer,
        "Give a volunteer of the person's region a task, from the day it was given (today unless given)",
    ),
)
class VolunteerTaskViewSet(CreateScopedViewSet):
    policy = staticmethod(policies.volunteer_assignments)
    select_related = ("volunteer", "person")
    serializer_class = s.VolunteerTaskSerializer
    person_key = "person"
    input_serializer_class = s.VolunteerTaskInputSerializer
    action_name = "assign_volunteer"

    def record(self, **data):
        return casework.assign_volunteer(**data)

    @extend_schema(
        summary="End a volunteer's task (today unless a day is given): the volunteer no longer sees the person",
        request=s.EndTaskSerializer,
        responses={200: s.VolunteerTaskSerializer, **POST_ERRORS},
    )
    @idempotent
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None) -> Response:
        assignment = self.get_object()
        policies.authorize("end_volunteer_task", request.user, assignment)
        data = self.valid_input(s.EndTaskSerializer)
        casework.end_volunteer_task(assignment=assignment, by=request.user, ended_on=data.get("ended_on"))
        return self.answer(self.get_object())


@extend_schema_view(list=extend_schema(summary="Needs an assessment may find"))
class NeedTypeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = NeedType.objects.filter(is_active=True)
    serializer_class = s.NeedTypeSerializer
    pagination_class = None


@extend_schema_view(list=extend_schema(summary="Types of support, direct and commissioned"))
class SupportTypeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = SupportType.objects.filter(is_active=True)
    serializer_class = s.SupportTypeSerializer
    pagination_class = None


@extend_schema_view(list=extend_schema(summary="Categories an outcome measure scores, in order"))
class OutcomeCategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = OutcomeCategory.objects.filter(is_active=True)
    serializer_class = o.OutcomeCategorySerializer
    pagination_class = None


# Exempt from CSRF: it changes nothing, and a POST to a wrong address should hear 404, not the CSRF page.
@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


# ---- Documentation page -------------------------------------------------------------------------------------


@login_required
@otp_required
def docs(request: HttpRequest) -> HttpResponse:
    """The endpoints, read from the OpenAPI schema and rendered on the server (no scripts from elsewhere)."""
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    endpoints = [
        {"method": method.upper(), "path": path, "summary": operation.get("summary", "")}
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]
    return render(request, "api/docs.html", {"endpoints": endpoints, "version": schema["info"]["version"]})
