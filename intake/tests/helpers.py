"""Form data for the intake pages, as a browser would post it. Every name here is invented."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

PEOPLE_PREFIX = "people"
MAX_PEOPLE = 4


def date_parts(name: str, value: date | None = None, *, day="", month="", year="") -> dict:
    if value is not None:
        day, month, year = value.day, value.month, value.year
    return {f"{name}_day": str(day), f"{name}_month": str(month), f"{name}_year": str(year)}


def notification_data(**overrides) -> dict:
    """A complete notification as intake staff would type it (London's Metropolitan Police unless overridden)."""
    received = timezone.localtime() - timedelta(hours=2)
    data = {
        "source": "police",
        "received_at_day": str(received.day),
        "received_at_month": str(received.month),
        "received_at_year": str(received.year),
        "received_at_time": received.strftime("%H:%M"),
        "notifier_name": "DS Imaginary Officer",
        "notifier_role": "Family Liaison Officer",
        "notifier_organisation": "Invented Constabulary",
        "notifier_phone": "07700 900123",
        "notifier_email": "officer@police.invalid",
        "victim_first_name": "Imogen",
        "victim_last_name": "Fictional",
        **date_parts("victim_date_of_birth", date(1980, 5, 17)),
        **date_parts("date_of_death", timezone.localdate() - timedelta(days=2)),
        "place": "Made-up Road, Nowhereton",
        "abroad_country": "",
        "offence_type": "murder",
        "details": "Synthetic details",
        "idempotency_key": "",
    }
    data.update(overrides)
    return data


def people_data(*people: dict) -> dict:
    """The referral formset: the people given, then blank rows up to the maximum."""
    data = {
        f"{PEOPLE_PREFIX}-TOTAL_FORMS": str(MAX_PEOPLE),
        f"{PEOPLE_PREFIX}-INITIAL_FORMS": "0",
        f"{PEOPLE_PREFIX}-MIN_NUM_FORMS": "0",
        f"{PEOPLE_PREFIX}-MAX_NUM_FORMS": str(MAX_PEOPLE),
    }
    for index in range(MAX_PEOPLE):
        row = {"preferred_language": "English"}
        if index < len(people):
            row = {"preferred_language": "English", "phone": "", "email": "", **people[index]}
        for name, value in row.items():
            data[f"{PEOPLE_PREFIX}-{index}-{name}"] = value
    return data


def person(first_name: str, relationship: str = "parent", age_group: str = "adult") -> dict:
    return {
        "first_name": first_name,
        "last_name": "Fictional",
        "age_group": age_group,
        "relationship_to_victim": relationship,
        "phone": "07700 900456",
    }


def add_police_liaison(cast) -> None:
    """A record of police liaison on each of the cast's homicides (the homicide page's table, the API's list)."""
    from intake.models import LiaisonKind, PoliceLiaison

    for homicide, by in ((cast.homicide, cast.case_worker), (cast.other_homicide, cast.south_east_case_worker)):
        PoliceLiaison.objects.create(
            homicide=homicide, kind=LiaisonKind.FLO_CONTACTED, notes="Called the FLO", recorded_by=by
        )
