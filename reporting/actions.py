"""Changes to the reporting records: one transaction, with who made them, decided here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import transaction

from access import policies
from organisation.models import PoliceForce
from reporting.models import PoliceRecordedHomicides


@dataclass(frozen=True)
class RecordedFigure:
    police_force: PoliceForce
    period_start: date
    period_end: date
    homicides: int


def record_police_homicides(figures: list[RecordedFigure], *, by) -> int:
    """Store every figure or none; a figure for the same force and period replaces the one uploaded before."""
    if not policies.can_record_police_figures(by):
        raise PermissionDenied
    with transaction.atomic(), pghistory.context(user=by.pk, action="record_police_homicides"):
        for figure in figures:
            PoliceRecordedHomicides.objects.update_or_create(
                police_force=figure.police_force,
                period_start=figure.period_start,
                period_end=figure.period_end,
                defaults={"homicides": figure.homicides, "uploaded_by": by},
            )
    return len(figures)
