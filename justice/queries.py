"""Justice journey reads: a homicide's events and defendants (offence-data roles only), and the stage of the case
derived from its events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from access import policies
from casework import models as casework_stages
from casework.models import CaseStage
from intake.models import Homicide
from justice.models import Defendant, EventKind, JourneyEvent

# The stage each criminal-justice event starts (one mapping, `casework.models.CRIMINAL_STAGE`, which the database's
# contact stages use too; `EventKind(...)` refuses a kind that is not one). Inquest events and deaths abroad apart.
CRIMINAL_STAGE: dict[str, str] = {EventKind(kind): stage for kind, stage in casework_stages.CRIMINAL_STAGE.items()}
INQUEST_SITTING = frozenset(EventKind(kind) for kind in casework_stages.INQUEST_SITTING)
INQUEST_STANDING_DOWN = frozenset(EventKind(kind) for kind in casework_stages.INQUEST_KINDS) - INQUEST_SITTING


def current_stage(events: Iterable[JourneyEvent], today: date | None = None) -> str:
    """The stage of the case from its events (no queries): the latest criminal-justice event sets it, except while
    an inquest is being heard (opened or resumed, and not adjourned or concluded since).

    Events entered in error, and hearings listed for a later day, do not count. With no events: investigation.
    """
    today = today or timezone.localdate()
    happened = sorted(
        (e for e in events if not e.entered_in_error and e.occurred_on <= today),
        key=lambda e: (e.occurred_on, e.created_at, e.pk or 0),
    )
    stage: str = CaseStage.INVESTIGATION
    inquest_sitting = False
    for event in happened:
        if event.kind in CRIMINAL_STAGE:
            stage = CRIMINAL_STAGE[event.kind]
        elif event.kind in INQUEST_SITTING:
            inquest_sitting = True
        elif event.kind in INQUEST_STANDING_DOWN:
            inquest_sitting = False
    return CaseStage.INQUEST if inquest_sitting else stage


def stage_of(user, homicide: Homicide) -> str | None:
    """The derived stage for a form's initial value, or None where the user may not see the journey (it would
    tell them of a charge or a trial)."""
    if not policies.can_see_offence_data(user):
        return None
    return current_stage(policies.journey_events(user).filter(homicide=homicide))


@dataclass
class Journey:
    """A homicide's journey as one user may see it: shown at all, its events (newest first) and defendants."""

    shown: bool
    events: list[JourneyEvent] = field(default_factory=list)
    defendants: list[Defendant] = field(default_factory=list)
    stage: str = CaseStage.INVESTIGATION

    @property
    def stage_label(self) -> str:
        return str(CaseStage(self.stage).label)

    @property
    def current_events(self) -> list[JourneyEvent]:
        return [e for e in self.events if not e.entered_in_error]


def journey(user, homicide: Homicide) -> Journey:
    """Two queries for an offence-data role; none otherwise."""
    if not policies.can_see_offence_data(user):
        return Journey(shown=False)
    events = list(policies.journey_events(user).filter(homicide=homicide).select_related("defendant", "recorded_by"))
    defendants = list(policies.defendants(user).filter(homicide=homicide))
    return Journey(shown=True, events=events, defendants=defendants, stage=current_stage(events))
