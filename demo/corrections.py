"""Records entered in error in the demo data: about one contact, assessment and instance of support in a hundred, as
a busy team's slips (recorded twice, or for the wrong person). Every ONE_IN-th record in the order they were written,
from a place the generator's random draw chooses (the order, not the ids, which another run of the seed gives apart),
marked in a few UPDATEs: deterministic for a seed and fast at any scale."""

from __future__ import annotations

import random

from casework.models import Contact, NeedsAssessment, SupportGiven
from demo import tracked

# One record in this many.
ONE_IN = 97
CHUNK = 5000


def add_errors(rng: random.Random) -> None:
    for records, reason in (
        (Contact.objects.all(), "Recorded twice: the same visit was typed again"),
        (NeedsAssessment.objects.all(), "Recorded for the wrong person in the family"),
        # Support recorded with a commissioned service is changed with the service, never marked here.
        (SupportGiven.objects.filter(commissioned_service__isnull=True), "Recorded twice: one instance of support"),
    ):
        start = rng.randrange(ONE_IN)
        chosen = list(records.order_by("pk").values_list("pk", flat=True))[start::ONE_IN]
        for first in range(0, len(chosen), CHUNK):
            tracked.update_where(
                records.model.objects.filter(pk__in=chosen[first : first + CHUNK]),
                {"entered_in_error": True, "error_reason": reason},
                action="seed_demo",
            )
