"""The demo's cover keeps the rules of `arrange_cover`: one cover at a time per absent worker, nobody away covers,
nobody covering is away; each has a reason, and some ended early."""

from __future__ import annotations

from io import StringIO
from itertools import combinations

from django.core.management import call_command

from casework.models import Cover


def _overlap(a: Cover, b: Cover) -> bool:
    return a.starts_on <= b.ends_on and b.starts_on <= a.ends_on


def test_the_demos_cover_keeps_the_rules(db):
    call_command("seed_demo", "--scale", "1", "--seed", "7", stdout=StringIO())
    covers = list(Cover.objects.select_related("absent_worker", "covering_worker"))

    assert len(covers) > 20
    assert {c.reason for c in covers} >= {"leave", "sickness"}
    assert all(c.reason for c in covers) and any(c.planned_ends_on for c in covers)
    for a, b in combinations(covers, 2):
        if not _overlap(a, b):
            continue
        assert a.absent_worker_id != b.absent_worker_id, (a, b)
        assert a.covering_worker_id != b.absent_worker_id and b.covering_worker_id != a.absent_worker_id, (a, b)
    assert all(c.absent_worker.region_id == c.covering_worker.region_id for c in covers)
