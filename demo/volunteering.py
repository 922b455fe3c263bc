"""Demo volunteering: each volunteer's availability, area and travel; languages for some volunteers and staff; and
the updates case workers send volunteers about their tasks (about one every six weeks of a task, more at its
start). Deterministic for a seed and a day; written in bulk."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Role, User
from casework.models import VolunteerAssignment
from demo import tracked
from volunteering.models import VolunteerProfile, VolunteerUpdate, Weekday

LANGUAGES = ["Polish", "Urdu", "Punjabi", "Welsh", "Romanian", "Arabic", "Somali", "Bengali", "Portuguese", "Gujarati"]
# Share of volunteers and staff who work in a language other than English.
SECOND_LANGUAGE_RATE = 0.3
ON_A_BREAK_RATE = 0.15
AVAILABILITY_NOTES = [
    "Mornings only",
    "Afternoons and early evenings",
    "Not during school holidays",
    "Flexible with a week's notice",
    "",
]
AREA_NOTES = [
    "Drives; happy to travel up to 25 miles",
    "Public transport only, within the city",
    "Drives; the north of the region",
    "Walks or cycles; local visits only",
    "Drives; can take people to court or appointments",
]
UPDATES = [
    "The trial date has been set; the family may want to talk about it on your next visit.",
    "The family have asked for help with the CICA form: please bring a copy.",
    "Please visit on a weekday afternoon from now on: mornings are difficult.",
    "The inquest has opened and been adjourned. You may be asked about what happens next.",
    "The family have moved house; I have told them you will visit as usual.",
    "Thank you for the last visit: the family said it helped a lot.",
    "The first anniversary is next month; a card or a call would be welcome.",
    "Please call before visiting: there has been a change at home.",
]
UPDATE_EVERY_DAYS = 42


def add_volunteering(rng: random.Random, now: datetime) -> None:
    today = timezone.localdate(now)
    # The demo's own accounts (with a password): the invented extra case workers of large scales keep English only.
    people = list(
        User.objects.filter(role__in=[Role.VOLUNTEER, Role.CASE_WORKER, Role.TEAM_LEADER, Role.SUPPORT_WORKER])
        .exclude(password__startswith="!")
        .order_by("pk")
    )
    speakers = []
    for user in people:
        if rng.random() < SECOND_LANGUAGE_RATE:
            user.languages = sorted(rng.sample(LANGUAGES, rng.choice([1, 1, 2])))
            speakers.append(user)
    profiles = []
    for volunteer in (u for u in people if u.role == Role.VOLUNTEER):
        days = sorted(rng.sample(range(7), rng.randint(2, 4)))
        on_a_break = rng.random() < ON_A_BREAK_RATE
        profiles.append(
            VolunteerProfile(
                volunteer=volunteer,
                available_days=[Weekday.values[d] for d in days],
                availability_notes=rng.choice(AVAILABILITY_NOTES),
                not_available_until=today + timedelta(days=rng.randint(7, 60)) if on_a_break else None,
                area_notes=rng.choice(AREA_NOTES),
                updated_at=now,
            )
        )
    updates = []
    tasks = VolunteerAssignment.objects.select_related("person").order_by("pk")
    for task in tasks.iterator(chunk_size=2000):
        last = min(task.ended_on or today, task.person.closed_on or today, today)
        day = task.assigned_on + timedelta(days=rng.randint(1, 10))
        while day <= last:
            moment = timezone.make_aware(datetime.combine(day, time(rng.randint(9, 16), rng.choice([0, 15, 30, 45]))))
            if moment <= now:
                updates.append(
                    VolunteerUpdate(
                        assignment=task, text=rng.choice(UPDATES), sent_at=moment, sent_by_id=task.assigned_by_id
                    )
                )
            day += timedelta(days=rng.randint(UPDATE_EVERY_DAYS // 2, UPDATE_EVERY_DAYS * 3 // 2))
    tracked.update(speakers, ["languages"], action="seed_demo")
    existing = set(VolunteerProfile.objects.values_list("volunteer_id", flat=True))
    tracked.create([p for p in profiles if p.volunteer_id not in existing], action="seed_demo")
    tracked.create(updates, batch_size=5000, action="seed_demo")
