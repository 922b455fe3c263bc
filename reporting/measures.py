"""Chapter 5 measures the records support, as tables like B2 to B8 (per region or case worker, with the previous
period beside them, in a fixed number of grouped queries):

- M1, the 24-hour chain: homicides allocated within 24 hours of the first notification, and people first
  contacted within 24 hours of their consent;
- M2, declines by stage (before referral, at first contact, later) and what followed (a re-offer, taking it up);
- M3, length of contact per episode of support, with a survival table (reporting/length_of_contact.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import reduce
from operator import and_
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from casework.models import BereavedPerson, ConsentDecision, ConsentOutcome, Contact, ContactKind, DeclineStage
from intake.models import Allocation, Homicide, LiaisonKind, Notification, PoliceLiaison
from reporting.length_of_contact import m3_length_of_contact
from reporting.queries import ELIGIBLE, Period
from reporting.stages import m7_support_per_stage
from reporting.tables import (
    AVERAGE,
    Builder,
    Column,
    ComparedTable,
    Found,
    Line,
    Periods,
    _grouped,
    _setup,
    _table,
    average,
)

DAY = timedelta(hours=24)


def percentage(b: Builder, key: str, label, part: Line, whole: Line) -> Line:
    """`part` as a percentage of `whole`, to one decimal place; a dash when `whole` is 0."""

    def share(ps, ws):
        return tuple(average(p * 100, w) for p, w in zip(ps, ws, strict=True))

    return Line(
        key,
        str(label),
        share(part.values, whole.values),
        share(part.previous, whole.previous),
        average(part.total * 100, whole.total) if b.show_total else None,
        average(part.previous_total * 100, whole.previous_total) if b.show_total else None,
        kind=AVERAGE,
        parts=(part.key, whole.key),
    )


# ---- M1 The 24-hour chain -------------------------------------------------------------------------------


def m1_24_hour_chain(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Allocation, the SIO told the case worker's name and the FLO contacted, each within 24 hours of the first
    notification; first contact within 24 hours of consent. Two queries."""
    periods, region_ids, b = _setup(columns, period)
    homicides = _first_day_of_homicides(region_ids, periods)
    current, earlier = periods
    # A visit or call by staff within 24 hours from the moment of consent: the family's first one after consent was
    # that soon (calls on their behalf and volunteers' contacts are not the case worker making contact with them).
    contact_within_a_day = Contact.objects.in_force().filter(
        person=OuterRef("pk"),
        by_volunteer=False,
        kind__in=[ContactKind.VISIT, ContactKind.CALL_TO_PERSON],
        occurred_at__gte=OuterRef("referred_at"),
        occurred_at__lte=OuterRef("referred_at") + DAY,
    )
    people = _grouped(
        BereavedPerson.objects.filter(
            referred_at__gte=earlier.starts_at,
            referred_at__lt=current.ends_before,
            homicide__offence_type__in=ELIGIBLE,
            homicide__region_id__in=region_ids,
        ).annotate(contacted_in_a_day=Exists(contact_within_a_day)),
        "homicide__region_id",
        "homicide__lead_case_worker_id",
        periods,
        referred=lambda p: Count("id", filter=p.moments("referred_at")),
        contacted=lambda p: Count("id", filter=p.moments("referred_at") & Q(contacted_in_a_day=True)),
    )
    notified = b.count("notified", _("Homicides first notified in the period"), homicides)
    allocated = b.count("allocated", _("Of those, allocated to a case worker within 24 hours"), homicides)
    sio_told = b.count("sio_told", _("Of those, SIO told the case worker's name within 24 hours"), homicides)
    flo_contacted = b.count("flo_contacted", _("Of those, FLO contacted within 24 hours"), homicides)
    referred = b.count("referred", _("People who consented to a referral in the period"), people)
    contacted = b.count("contacted", _("Of those, first contacted by staff within 24 hours of consent"), people)
    return _table(
        "M1",
        _("The 24-hour chain"),
        columns,
        periods,
        b,
        (
            (
                notified,
                allocated,
                percentage(b, "allocated_share", _("Percentage allocated within 24 hours"), allocated, notified),
                sio_told,
                percentage(
                    b,
                    "sio_told_share",
                    _("Percentage with the SIO told the case worker's name within 24 hours"),
                    sio_told,
                    notified,
                ),
                flo_contacted,
                percentage(
                    b,
                    "flo_contacted_share",
                    _("Percentage with the FLO contacted within 24 hours"),
                    flo_contacted,
                    notified,
                ),
            ),
            (
                referred,
                contacted,
                percentage(
                    b,
                    "contacted_share",
                    _("Percentage first contacted within 24 hours of consent"),
                    contacted,
                    referred,
                ),
            ),
        ),
    )


# Each homicide's first notification, allocation and police liaison of each kind, found once per homicide by
# grouping each table (the ORM would repeat a correlated subquery at every use: a dozen times a homicide), then
# counted per region and case worker for both periods. Moments 24 hours after, or before, the first notification count.
_FIRST_DAY_SQL = """
    WITH first AS (
        SELECT h.id, h.region_id, h.lead_case_worker_id, min(n.received_at) AS notified_at
        FROM {homicide} h JOIN {notification} n ON n.homicide_id = h.id
        WHERE h.region_id = ANY(%(regions)s) AND h.offence_type = ANY(%(eligible)s){workers}
        GROUP BY h.id
        HAVING min(n.received_at) >= %(earliest)s AND min(n.received_at) < %(latest)s
    )
    SELECT first.region_id AS by_region, first.lead_case_worker_id AS by_worker, {counts}
    FROM first
    LEFT JOIN (SELECT homicide_id, min(allocated_at) AS allocated_at FROM {allocation} GROUP BY homicide_id) a
           ON a.homicide_id = first.id
    LEFT JOIN (SELECT homicide_id,
                      min(occurred_at) FILTER (WHERE kind = %(sio_told)s) AS sio_told_at,
                      min(occurred_at) FILTER (WHERE kind = %(flo_contacted)s) AS flo_contacted_at
               FROM {liaison} GROUP BY homicide_id) l
           ON l.homicide_id = first.id
    GROUP BY first.region_id, first.lead_case_worker_id
"""


def _first_day_of_homicides(region_ids: list[int], periods: Periods) -> Found:
    """Per region and worker, for each period: homicides first notified in it (`notified_i`) and of those, allocated
    (`allocated_i`), the SIO told (`sio_told_i`) and the FLO contacted (`flo_contacted_i`) within 24 hours."""
    params: dict[str, Any] = {
        "regions": region_ids,
        "eligible": ELIGIBLE,
        "sio_told": LiaisonKind.SIO_TOLD.value,
        "flo_contacted": LiaisonKind.FLO_CONTACTED.value,
        "day": DAY,
        "earliest": min(p.starts_at for p in periods),
        "latest": max(p.ends_before for p in periods),
    }
    counts = []
    for i, p in enumerate(periods):
        params[f"start_{i}"], params[f"end_{i}"] = p.starts_at, p.ends_before
        notified = f"first.notified_at >= %(start_{i})s AND first.notified_at < %(end_{i})s"
        counts.append(f"count(*) FILTER (WHERE {notified}) AS notified_{i}")
        for moment in ("allocated", "sio_told", "flo_contacted"):
            counts.append(
                f"count(*) FILTER (WHERE {notified} AND {moment}_at <= first.notified_at + %(day)s) AS {moment}_{i}"
            )
    sql = _FIRST_DAY_SQL.format(
        workers=periods.workers_sql("h.lead_case_worker_id", params),
        counts=", ".join(counts),
        notification=Notification._meta.db_table,
        homicide=Homicide._meta.db_table,
        allocation=Allocation._meta.db_table,
        liaison=PoliceLiaison._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return Found(dict(zip(names, row, strict=True)) for row in cursor.fetchall())


# ---- M2 Declines by stage and what followed -------------------------------------------------------------


def m2_declines(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Declines decided in the period by stage, and whether a re-offer and a referral followed. One query."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    later = ConsentDecision.objects.in_force().filter(person=OuterRef("person"), decided_at__gt=OuterRef("decided_at"))
    declines = (
        ConsentDecision.objects.in_force()
        .filter(
            outcome=ConsentOutcome.DECLINED,
            decided_at__gte=earlier.starts_at,
            decided_at__lt=current.ends_before,
            person__homicide__offence_type__in=ELIGIBLE,
            person__homicide__region_id__in=region_ids,
        )
        .annotate(
            reoffered=Exists(later),
            taken_up=Exists(later.filter(outcome=ConsentOutcome.REFERRED)),
        )
    )

    def counted(*conditions: Q) -> Callable[[Period], Count]:
        """The declines decided in a period that also meet `conditions`."""
        return lambda p: Count("id", filter=reduce(and_, conditions, p.moments("decided_at")))

    measures: dict[str, Callable[[Period], Count]] = {}
    for stage in DeclineStage:
        at_stage = Q(decline_stage=stage)
        measures[f"{stage.value}"] = counted(at_stage)
        measures[f"{stage.value}_reoffered"] = counted(at_stage, Q(reoffered=True))
        measures[f"{stage.value}_taken_up"] = counted(at_stage, Q(taken_up=True))
    measures["declines"] = counted()
    measures["reoffered"] = counted(Q(reoffered=True))
    measures["taken_up"] = counted(Q(taken_up=True))
    found = _grouped(
        declines, "person__homicide__region_id", "person__homicide__lead_case_worker_id", periods, **measures
    )
    stage_labels = {
        DeclineStage.BEFORE_REFERRAL: _("Declined before referral (when the police offered the service)"),
        DeclineStage.FIRST_CONTACT: _("Declined at first contact"),
        DeclineStage.LATER: _("Declined later in the case"),
    }
    groups: list[tuple[Line, ...]] = [
        (
            b.count(stage.value, stage_labels[stage], found),
            b.count(f"{stage.value}_reoffered", _("Of those, offered the service again later"), found),
            b.count(f"{stage.value}_taken_up", _("Of those, referred later"), found),
        )
        for stage in DeclineStage
    ]
    total = b.count("declines", _("Total number of declines"), found)
    taken_up = b.count("taken_up", _("Of those, referred later"), found)
    groups.append(
        (
            total,
            b.count("reoffered", _("Of those, offered the service again later"), found),
            taken_up,
            percentage(b, "taken_up_share", _("Percentage of declines followed by a referral"), taken_up, total),
        )
    )
    return _table("M2", _("Declines by stage and what followed"), columns, periods, b, groups)


MEASURES = {
    # code: (build, whether a single case worker's figures make sense), as tables.TABLES
    "m1": (m1_24_hour_chain, True),
    "m2": (m2_declines, True),
    "m3": (m3_length_of_contact, True),
    "m7": (m7_support_per_stage, True),
}
