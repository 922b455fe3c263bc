"""M4, volunteer deployment (issue 9; the evaluation's chapter 5 asks for "the use of volunteers by the service,
including how many have been deployed on a case and what support they provided"): volunteers deployed, the people
and homicides they helped, their visits, calls and hours, per region and period, or per volunteer beside their team.

As tables B2 to B8: the period and the previous one in the same grouped queries, four of them whatever the data.
Columns of one volunteer (`volunteer_columns`) are for team leaders (their team's volunteers) and the national
manager (`access.policies.report_volunteers`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from access import policies
from accounts.models import User
from casework.models import Contact, ContactKind, VolunteerAssignment
from organisation.models import Region
from reporting.measures import percentage
from reporting.queries import ELIGIBLE, Period, average
from reporting.suppression import suppress
from reporting.table_views import EVERY_WORKER, TableForm, _csv, _query_string
from reporting.tables import (
    AVERAGE,
    Builder,
    Column,
    ComparedTable,
    Found,
    Line,
    _grouped,
    _setup,
    _supported,
    _table,
    region_columns,
)
from reporting.views import PeriodForm, _form, suppressed_below, xlsx_response

MINUTES_PER_HOUR = 60


def volunteer_columns(volunteers: User | Iterable[User], team: Region) -> tuple[Column, ...]:
    """One volunteer (or each of several) beside their team (region)."""
    volunteers = [volunteers] if isinstance(volunteers, User) else list(volunteers)
    own = tuple(Column(f"volunteer-{v.pk}", v.full_name, worker_id=v.pk) for v in volunteers)
    return (*own, *region_columns([team]))


def _active_in(p: Period) -> Q:
    """A task held at some time in the period: given on or before its last day, not ended before its first."""
    return Q(assigned_on__lte=p.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=p.start))


def _either(b: Builder, key: str, label, by_volunteer: Found, by_region: Found) -> Line:
    """A count of different people (or homicides): a volunteer's column from the rows per volunteer, a region's from
    the rows per region, so that someone helped by two volunteers counts once in the region."""

    def figures(index: int) -> tuple:
        return tuple((by_volunteer if c.worker_id is not None else by_region).sum(c, key, index) for c in b.columns)

    totals = [by_region.sum(None, key, i) for i in (0, 1)] if b.show_total else [None, None]
    return Line(key, str(label), figures(0), figures(1), totals[0], totals[1])


def _hours(b: Builder, minutes: Line, contacts: Line) -> Line:
    """Minutes as hours to one decimal place; hidden wherever the contacts they come from are hidden."""

    def hours(values):
        return tuple(average(m, MINUTES_PER_HOUR) if m else 0 for m in values)

    def one(value):
        return None if value is None else (average(value, MINUTES_PER_HOUR) if value else 0)

    return Line(
        "hours",
        str(_("Hours of volunteers' visits and calls")),
        hours(minutes.values),
        hours(minutes.previous),
        one(minutes.total),
        one(minutes.previous_total),
        kind=AVERAGE,
        parts=(contacts.key, contacts.key),
    )


def _hours_per_volunteer(b: Builder, minutes: Line, volunteers: Line) -> Line:
    """From the minutes, not the rounded hours, so that it is rounded once."""

    def per(ms, vs):
        return tuple(average(m, v * MINUTES_PER_HOUR) for m, v in zip(ms, vs, strict=True))

    def one(m, v):
        return None if v is None else average(m, v * MINUTES_PER_HOUR)

    return Line(
        "hours_per_volunteer",
        str(_("Average hours per volunteer deployed")),
        per(minutes.values, volunteers.values),
        per(minutes.previous, volunteers.previous),
        one(minutes.total, volunteers.total),
        one(minutes.previous_total, volunteers.previous_total),
        kind=AVERAGE,
        parts=("hours", volunteers.key),
    )


def _only_regions(b: Builder, line: Line) -> Line:
    """A region's figure; a dash in a volunteer's column, where it means nothing."""

    def cut(values):
        return tuple(None if c.worker_id is not None else v for c, v in zip(b.columns, values, strict=True))

    return Line(line.key, line.label, cut(line.values), cut(line.previous), line.total, line.previous_total)


def m4_volunteer_deployment(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Volunteers deployed and what they did. Four queries."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    tasks = VolunteerAssignment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=earlier.start),
        assigned_on__lte=current.end,
        person__homicide__offence_type__in=ELIGIBLE,
        person__homicide__region_id__in=region_ids,
    )
    per_volunteer = _grouped(
        tasks,
        "person__homicide__region_id",
        "volunteer_id",
        periods,
        volunteers=lambda p: Count("volunteer_id", distinct=True, filter=_active_in(p)),
        tasks=lambda p: Count("id", filter=Q(assigned_on__gte=p.start, assigned_on__lte=p.end)),
        people=lambda p: Count("person_id", distinct=True, filter=_active_in(p)),
        homicides=lambda p: Count("person__homicide_id", distinct=True, filter=_active_in(p)),
    )
    per_region = Found(
        cast(
            Iterable[dict],
            tasks.values(by_region=F("person__homicide__region_id"), by_worker=Value(None, output_field=IntegerField()))
            .annotate(
                **{
                    f"people_{i}": Count("person_id", distinct=True, filter=_active_in(p))
                    for i, p in enumerate(periods)
                },
                **{
                    f"homicides_{i}": Count("person__homicide_id", distinct=True, filter=_active_in(p))
                    for i, p in enumerate(periods)
                },
            )
            .order_by(),
        )
    )
    contacts = _grouped(
        Contact.objects.filter(
            by_volunteer=True,
            occurred_at__gte=earlier.starts_at,
            occurred_at__lt=current.ends_before,
            person__homicide__offence_type__in=ELIGIBLE,
            person__homicide__region_id__in=region_ids,
        ),
        "person__homicide__region_id",
        "made_by_id",
        periods,
        visits=lambda p: Count("id", filter=p.moments("occurred_at") & Q(kind=ContactKind.VISIT)),
        calls_to_person=lambda p: Count("id", filter=p.moments("occurred_at") & Q(kind=ContactKind.CALL_TO_PERSON)),
        calls_on_behalf=lambda p: Count("id", filter=p.moments("occurred_at") & Q(kind=ContactKind.CALL_ON_BEHALF)),
        contacts=lambda p: Count("id", filter=p.moments("occurred_at")),
        minutes=lambda p: Sum("duration_minutes", filter=p.moments("occurred_at")),
    )
    supported = _supported(periods, region_ids)

    volunteers = b.count(
        "volunteers", _("Volunteers deployed (holding a task at some time in the period)"), per_volunteer
    )
    tasks_given = b.count("tasks", _("Tasks given to volunteers in the period"), per_volunteer)
    people = _either(b, "people", _("People with a volunteer's task in the period"), per_volunteer, per_region)
    homicides = _either(b, "homicides", _("Homicides with a volunteer's task in the period"), per_volunteer, per_region)
    visits = b.count("visits", _("Visits by volunteers"), contacts)
    all_contacts = b.count("contacts", _("Total number of visits and calls by volunteers"), contacts)
    minutes = b.count("minutes", "", contacts)
    hours = _hours(b, minutes, all_contacts)
    people_supported = _only_regions(b, b.count("people_supported", _("People supported"), supported, "people"))
    return _table(
        "M4",
        _("Volunteer deployment"),
        columns,
        periods,
        b,
        (
            (volunteers, tasks_given, people, homicides),
            (
                visits,
                b.count("calls_to_person", _("Calls to the person by volunteers"), contacts),
                b.count("calls_on_behalf", _("Calls on the person's behalf by volunteers"), contacts),
                all_contacts,
                hours,
            ),
            (
                b.average(
                    "visits_per_volunteer", _("Average number of visits per volunteer deployed"), visits, volunteers
                ),
                _hours_per_volunteer(b, minutes, volunteers),
                b.average(
                    "contacts_per_person",
                    _("Average number of visits and calls per person with a volunteer"),
                    all_contacts,
                    people,
                ),
                percentage(
                    b,
                    "people_share",
                    _("Percentage of people supported who had a volunteer's task"),
                    people,
                    people_supported,
                ),
            ),
        ),
        extra_rows=(people_supported,),
    )


# ---- The page ---------------------------------------------------------------------------------------------


class VolunteerTableForm(TableForm):
    """The period and region, and for team leaders and the national manager one volunteer, or every volunteer of a
    region, beside the team."""

    def __init__(self, data, *, regions: list, workers: list | None = None, **kwargs):
        super().__init__(data, regions=regions, workers=workers, **kwargs)
        field = self.fields.get("worker")
        if isinstance(field, forms.ChoiceField):
            field.label = _("Volunteer")
            field.choices = [
                ("", _("The whole team")),
                (EVERY_WORKER, _("Every volunteer, side by side")),
                *list(cast(Iterable, field.choices))[2:],
            ]
            field.error_messages["invalid_choice"] = _("Choose a volunteer from the list")

    def clean(self):
        cleaned = PeriodForm.clean(self)  # the period and region; the volunteer is checked here
        if cleaned.get("worker") == EVERY_WORKER and len(self.chosen_regions()) != 1:
            self.add_error("worker", _("Choose a region to see each of its volunteers"))
        return cleaned

    def columns(self) -> tuple[Column, ...]:
        choice = self.cleaned_data.get("worker") or ""
        if choice == EVERY_WORKER:
            team = self.chosen_regions()[0]
            return volunteer_columns([v for v in self.workers.values() if v.region_id == team.pk], team)
        volunteer = self.workers.get(choice)
        if volunteer is not None:
            return volunteer_columns(volunteer, volunteer.region)
        return region_columns(self.chosen_regions())


@login_required
def page(request: HttpRequest) -> HttpResponse:
    period_form = _form(request)  # refuses readers without reports, and fills in the default period
    volunteers = list(policies.report_volunteers(request.user).select_related("region").order_by("full_name", "id"))
    form = VolunteerTableForm(period_form.data, regions=period_form.regions, workers=volunteers)
    form.is_valid()
    table = None
    if not form.errors:
        table = m4_volunteer_deployment(form.columns(), form.cleaned_data["period"])
        table = suppress(table, suppressed_below(request), has_total=table.show_total)
        if request.GET.get("format") == "csv":
            return _csv(table)
        if request.GET.get("format") == "xlsx":
            return xlsx_response(table, [c.name for c in table.columns], show_total=table.show_total)
    return render(request, "reporting/m4.html", {"form": form, "table": table, "query": _query_string(form)})
