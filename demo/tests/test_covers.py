"""The demo's cover keeps the rules of `arrange_cover`: one cover at a time per absent worker, nobody away covers,
nobody covering is away; each has a reason, and some ended early. Some were cancelled before they started: those
stand outside the rules (they give nobody any reach)."""

from __future__ import annotations

from io import StringIO
from itertools import combinations

from django.core.management import call_command
from django.utils import timezone

from casework.models import Cover


def _overlap(a: Cover, b: Cover) -> bool:
    return a.starts_on <= b.ends_on and b.starts_on <= a.ends_on


def test_the_demos_cover_keeps_the_rules(db):
    call_command("seed_demo", "--scale", "1", "--seed", "7", stdout=StringIO())
    covers = list(Cover.objects.in_force().select_related("absent_worker", "covering_worker"))
    cancelled = list(Cover.objects.filter(cancelled_at__isnull=False))

    assert cancelled and all(c.cancelled_by_id == c.arranged_by_id for c in cancelled)
    assert all(timezone.localdate(c.cancelled_at) < c.starts_on for c in cancelled)
    assert all(c.cancelled_at <= timezone.now() for c in cancelled)
    assert len(covers) > 20
    assert {c.reason for c in covers} >= {"leave", "sickness"}
    assert all(c.reason for c in covers) and any(c.planned_ends_on for c in covers)
    for a, b in combinations(covers, 2):
        if not _overlap(a, b):
            continue
        assert a.absent_worker_id != b.absent_worker_id, (a, b)
        assert a.covering_worker_id != b.absent_worker_id and b.covering_worker_id != a.absent_worker_id, (a, b)
    assert all(c.absent_worker.region_id == c.covering_worker.region_id for c in covers)
