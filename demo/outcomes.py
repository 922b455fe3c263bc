"""Demo equality answers and outcome measures, at rough real rates; deterministic for the rng and day.

Equality: most people answered (fewer of those who declined the service), each question sometimes "Prefer not to
say" or left blank, in proportions near the 2021 census for England and Wales. Outcomes: a start of support measure
for most people referred, a review for about half of those supported long enough, an exit measure for most closed
cases, showing modest improvement. Written in bulk, a batch of people at a time (the rules are the actions'; these
dates keep them).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from casework.models import AgeGroup, BereavedPerson, Gender
from demo import tracked
from equality.models import EqualityRecord
from outcomes.models import OutcomeCategory, OutcomeMeasure, OutcomeScore

BATCH = 5000
ETHNIC_WEIGHTS = {
    "white_british": 700, "white_irish": 10, "white_gypsy_traveller": 2, "white_roma": 2, "white_other": 55,
    "asian_indian": 30, "asian_pakistani": 28, "asian_bangladeshi": 12, "asian_chinese": 6, "asian_other": 15,
    "black_african": 45, "black_caribbean": 30, "black_other": 10, "mixed_white_asian": 8,
    "mixed_white_black_african": 6, "mixed_white_black_caribbean": 14, "mixed_other": 7, "other_arab": 6,
    "other_any": 14, "not_said": 50,
}  # fmt: skip
RELIGION_WEIGHTS = {"none": 35, "christian": 43, "muslim": 7, "hindu": 2, "sikh": 1, "jewish": 1, "buddhist": 1,
                    "other": 1, "not_said": 9}  # fmt: skip
ORIENTATION_WEIGHTS = {"straight": 86, "gay_lesbian": 2, "bisexual": 2, "other": 1, "not_said": 9}
LANGUAGE_WEIGHTS = {"english": 89, "welsh": 1, "other": 7, "not_said": 3}
OTHER_LANGUAGES = ["Polish", "Urdu", "Punjabi", "Romanian", "Portuguese", "Arabic", "Somali", "Bengali"]
# Categories often not applicable to someone (drugs and alcohol, work or school), and how often.
OFTEN_NOT_APPLICABLE = {"drugs-alcohol": 0.45, "education-skills-employment": 0.2}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _age_band(age: int) -> str:
    if age < 18:
        return "under_18"
    for low, band in ((75, "75_over"), (65, "65_74"), (55, "55_64"), (45, "45_54"), (35, "35_44"), (25, "25_34")):
        if age >= low:
            return band
    return "18_24"


def _equality(rng: random.Random, person: Mapping[str, Any], today: date) -> EqualityRecord:
    def answer(value: str) -> str:
        """Some questions are not asked, or not answered."""
        return "" if rng.random() < 0.08 else value

    child = person["age_group"] == AgeGroup.CHILD
    born = person["date_of_birth"]
    age = (today - born).days // 365 if born else rng.randint(18, 80)
    gender = person["gender"]
    sex = {Gender.FEMALE: "female", Gender.MALE: "male"}.get(gender) or rng.choice(["female", "male", "not_said"])
    language = answer(_pick(rng, LANGUAGE_WEIGHTS))
    return EqualityRecord(
        person_id=person["pk"],
        ethnic_group=answer(_pick(rng, ETHNIC_WEIGHTS)),
        age_band=answer("not_said" if rng.random() < 0.03 else _age_band(age)),
        sex=answer(sex),
        # The census asks these of people aged 16 or over.
        gender_same_as_at_birth="" if child else answer(rng.choices(["yes", "no", "not_said"], [92, 1, 7])[0]),
        disabled=answer(rng.choices(["yes", "no", "not_said"], [18, 72, 10])[0]),
        religion=answer(_pick(rng, RELIGION_WEIGHTS)),
        sexual_orientation="" if child else answer(_pick(rng, ORIENTATION_WEIGHTS)),
        first_language=language,
        other_language=rng.choice(OTHER_LANGUAGES) if language == "other" else "",
        recorded_by_id=person["lead"],
    )


def _measures(rng: random.Random, person: Mapping[str, Any], today: date, categories: list[OutcomeCategory]):
    """(measure, scores) of one person supported: start, perhaps a review, and an exit if their case closed."""
    referred = timezone.localdate(person["referred_at"])
    last_day = min(today, person["closed_on"] or today)
    points = []
    start = referred + timedelta(days=rng.randint(3, 30))
    if start <= last_day and rng.random() < 0.8:
        points.append(("start", start))
    review = referred + timedelta(days=rng.randint(90, 240))
    if review < last_day and rng.random() < 0.5:
        points.append(("review", review))
    if person["closed_on"] and rng.random() < 0.7 and (not points or points[-1][1] <= person["closed_on"]):
        points.append(("exit", person["closed_on"]))
    if not points:
        return []
    baseline = {c.code: rng.choice([1, 2, 2, 3, 3, 3, 4]) for c in categories}
    applies = {c.code: rng.random() >= OFTEN_NOT_APPLICABLE.get(c.code, 0.03) for c in categories}
    made = []
    for step, (point, day) in enumerate(points):
        measure = OutcomeMeasure(person_id=person["pk"], point=point, measured_on=day, recorded_by_id=person["lead"])
        scores = []
        for category in categories:
            value = None
            if applies[category.code]:
                # Modest improvement: about half a point a measure on average, sometimes a setback.
                drift = sum(rng.choice([-1, 0, 0, 1, 1]) for _ in range(step))
                value = max(1, min(5, baseline[category.code] + drift))
            scores.append(OutcomeScore(category=category, score=value))
        made.append((measure, scores))
    return made


def add_outcomes_and_equality(rng: random.Random, today: date) -> None:
    categories = list(OutcomeCategory.objects.filter(is_active=True).order_by("display_order", "pk"))
    people = (
        BereavedPerson.objects.order_by("pk")
        .values("pk", "age_group", "date_of_birth", "gender", "referred_at", "closed_on")
        .annotate(lead=F("homicide__lead_case_worker_id"))
    )
    records: list[EqualityRecord] = []
    measured: list[tuple[OutcomeMeasure, list[OutcomeScore]]] = []

    def flush() -> None:
        tracked.create(records, action="seed_demo")
        tracked.create([m for m, _scores in measured], action="seed_demo")
        scores = []
        for measure, its_scores in measured:
            for score in its_scores:
                score.measure = measure
                scores.append(score)
        tracked.create(scores, batch_size=5000, action="seed_demo")
        records.clear()
        measured.clear()

    for person in people.iterator(chunk_size=BATCH):
        if person["lead"] is None:
            continue  # nobody holds the homicide yet: nobody has asked
        supported = person["referred_at"] is not None
        if rng.random() < (0.85 if supported else 0.6):
            records.append(_equality(rng, person, today))
        if supported:
            measured.extend(_measures(rng, person, today, categories))
        if len(records) >= BATCH:
            flush()
    flush()
