"""Recording a person's equality monitoring answers: first `access.policies.authorize` (a permission of its own),
then the rules, then the one record, created or changed, with its history context in one transaction."""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from accounts.models import User
from casework.models import AgeGroup, BereavedPerson
from equality.models import EQUALITY_FIELDS, NOT_SAID, AgeBand, EqualityRecord, FirstLanguage

ANSWER_FIELDS = (*EQUALITY_FIELDS, "other_language")
OTHER_LANGUAGE_MAX = 50


def _label(name: str) -> str:
    field = EqualityRecord._meta.get_field(name)
    assert isinstance(field, Field)  # every answer is a column of the record
    return str(field.verbose_name)


@transaction.atomic
def record_equality_data(*, person: BereavedPerson, by: User, **answers: str) -> EqualityRecord:
    """Set the given equality answers of the person (the others are kept; a blank answer is "not asked or not
    known"). Nothing is written when nothing changes.

    For anyone bereaved, supported or not: the answers of people who declined show whom the service does not reach.
    """
    policies.authorize("record_equality_data", by, person)
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"record_equality_data() got unexpected fields {sorted(unknown)}")
    record = EqualityRecord.objects.select_for_update().filter(person=person).first() or EqualityRecord(person=person)
    before = {name: getattr(record, name) for name in ANSWER_FIELDS}
    values = before | {name: (value or "").strip() for name, value in answers.items()}
    errors = {}
    for name, choices in EQUALITY_FIELDS.items():
        if values[name] and values[name] not in choices.values:
            errors[name] = _("Select the %(label)s from the list, or leave it blank") % {"label": _label(name)}
    if values["first_language"] != FirstLanguage.OTHER:
        values["other_language"] = ""
    elif len(values["other_language"]) > OTHER_LANGUAGE_MAX:
        errors["other_language"] = _("The language must be %(n)s characters or fewer") % {"n": OTHER_LANGUAGE_MAX}
    band = values["age_band"]
    if band and band != NOT_SAID:
        if person.age_group == AgeGroup.CHILD and band != AgeBand.UNDER_18:
            errors["age_band"] = _("This person is recorded as a child: select under 18, or prefer not to say")
        elif person.age_group == AgeGroup.ADULT and band == AgeBand.UNDER_18:
            errors["age_band"] = _("This person is recorded as an adult: select an age of 18 or over")
    if errors:
        raise ValidationError(errors)
    if values == before:
        return record
    for name, value in values.items():
        setattr(record, name, value)
    record.recorded_by = by
    record.updated_at = timezone.now()
    with pghistory.context(user=by.pk, action="record_equality_data"):
        record.save()
    return record
