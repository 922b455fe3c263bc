"""What the API reads out and accepts for outcome measures and equality monitoring (served under a person:
`/api/v1/people/<id>/outcome-measures/` and `/api/v1/people/<id>/equality/`, see api/views.py).

Input serializers only type and bound what is read; every rule is the action's (outcomes.actions,
equality.actions), whose messages come back per field.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import (
    MAX_FREE_TEXT,
    SensibleDateField,
    StrictCharField,
    WaypointModelSerializer,
    WaypointSerializer,
)
from equality.actions import ANSWER_FIELDS
from equality.models import EQUALITY_FIELDS, EqualityRecord
from outcomes.models import MeasurePoint, OutcomeCategory, OutcomeMeasure

SCORES_HELP = (
    "Per category code (see /api/v1/outcome-categories/): a score from 1 (very poor) to 5 (very good), or null "
    "for not applicable. Every category in use must be given."
)


class OutcomeCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeCategory
        fields = ["code", "name", "hint"]


class OutcomeMeasureSerializer(WaypointModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = OutcomeMeasure
        fields = ["id", "person", "point", "measured_on", "scores", "notes", "recorded_by_name", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField(allow_null=True), help_text=SCORES_HELP))
    def get_scores(self, measure: OutcomeMeasure) -> dict:
        # The scores are prefetched with their categories (the view's queryset): no query per measure.
        return {s.category.code: s.score for s in measure.scores.all()}


class OutcomeMeasureInputSerializer(WaypointSerializer):
    point = serializers.ChoiceField(choices=MeasurePoint.choices)
    measured_on = SensibleDateField()
    scores = serializers.DictField(
        child=serializers.IntegerField(allow_null=True, min_value=-32768, max_value=32767), help_text=SCORES_HELP
    )
    notes = StrictCharField(max_length=MAX_FREE_TEXT, required=False, allow_blank=True, default="")


class EqualityRecordSerializer(WaypointModelSerializer):
    """A person's answers: "" where not asked or not known, "not_said" where they preferred not to say."""

    recorded_by_name = serializers.CharField(
        source="recorded_by.full_name", read_only=True, default=None, allow_null=True
    )
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="Null when nothing is recorded.")

    class Meta:
        model = EqualityRecord
        fields = ["person", *ANSWER_FIELDS, "recorded_by_name", "updated_at"]
        read_only_fields = fields


def _answer_field(name: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=EQUALITY_FIELDS[name].choices, required=False, allow_blank=True, default="")


class EqualityInputSerializer(WaypointSerializer):
    """The answers to change, each optional: one left out is kept; a blank one is "not asked or not known"."""

    ethnic_group = _answer_field("ethnic_group")
    age_band = _answer_field("age_band")
    sex = _answer_field("sex")
    gender_same_as_at_birth = _answer_field("gender_same_as_at_birth")
    disabled = _answer_field("disabled")
    religion = _answer_field("religion")
    sexual_orientation = _answer_field("sexual_orientation")
    first_language = _answer_field("first_language")
    other_language = StrictCharField(max_length=200, required=False, allow_blank=True, help_text="With `other`.")
