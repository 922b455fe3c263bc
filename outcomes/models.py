"""Outcome measures: how a person supported is doing, scored at the start of support, at reviews and at exit, on
the Ministry of Justice's categories of need (Victims' Services Commissioning Framework) and two of our own.

The categories are reference data (`OutcomeCategory`, loaded by a migration, changed in the admin). A measure
holds one score per category that was active when it was taken; "not applicable" is kept as a score of NULL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import tracked
from casework.models import BereavedPerson

NOTES_MAX_LENGTH = 2000
LOWEST_SCORE, HIGHEST_SCORE = 1, 5


class Score(models.IntegerChoices):
    """Higher is better, so that a rise between two measures is an improvement."""

    VERY_POOR = 1, _("1 – Very poor")
    POOR = 2, _("2 – Poor")
    FAIR = 3, _("3 – Fair")
    GOOD = 4, _("4 – Good")
    VERY_GOOD = 5, _("5 – Very good")


class OutcomeCategory(models.Model):
    """An area of a person's life a measure scores: configurable, ordered, retired rather than deleted."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    hint = models.CharField(_("hint"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = _("outcome category")
        verbose_name_plural = _("outcome categories")

    def __str__(self) -> str:
        return self.name


class MeasurePoint(models.TextChoices):
    START = "start", _("Start of support")
    REVIEW = "review", _("Review")
    EXIT = "exit", _("Exit")


@tracked()
class OutcomeMeasure(models.Model):
    """One measurement of a person's outcomes, on its own date."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="outcome_measures")
    point = models.CharField(_("point in the support"), max_length=10, choices=MeasurePoint.choices)
    measured_on = models.DateField(_("date of the measure"))
    notes = models.TextField(_("notes"), blank=True, max_length=NOTES_MAX_LENGTH)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("outcome measure")
        indexes = [models.Index(fields=["person", "measured_on"], name="outcome_person_date_idx")]
        constraints = [
            # The rule is the action's (with its message); the database keeps it against any other path.
            models.UniqueConstraint(fields=["person"], condition=models.Q(point="start"), name="one_start_measure"),
            models.UniqueConstraint(fields=["person"], condition=models.Q(point="exit"), name="one_exit_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.get_point_display()} {self.measured_on:%d/%m/%Y}"


@tracked()
class OutcomeScore(models.Model):
    """A measure's score in one category; NULL is "not applicable"."""

    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="scores")
    category = models.ForeignKey(OutcomeCategory, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, choices=Score.choices)

    class Meta:
        ordering = ["category__display_order", "category__name"]
        verbose_name = _("outcome score")
        constraints = [
            models.UniqueConstraint(fields=["measure", "category"], name="one_score_per_category"),
            models.CheckConstraint(
                name="score_on_the_scale",
                condition=models.Q(score__isnull=True) | models.Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE),
            ),
        ]
        # M6 reads the scores of a category across measures.
        indexes = [models.Index(fields=["category", "measure"], name="outcome_score_category_idx")]
