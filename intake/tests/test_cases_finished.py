"""`Homicide.cases_finished`, kept by the database as people are referred, closed, reopened, moved or removed."""

import pytest
from django.db import connection
from django.utils import timezone

from intake.models import CASES_FINISHED_SQL, Homicide, NoReferralReason
from tests import factories as f

pytestmark = pytest.mark.django_db


def finished(homicide: Homicide) -> bool:
    return Homicide.objects.values_list("cases_finished", flat=True).get(pk=homicide.pk)


def test_a_homicide_is_finished_when_every_referred_case_is_closed_and_open_again_on_reopening():
    homicide = f.HomicideFactory()
    assert not finished(homicide)  # nobody yet
    first, second = f.PersonFactory(homicide=homicide), f.PersonFactory(homicide=homicide)
    f.PersonFactory(homicide=homicide, referred_at=None)  # not referred: does not keep it open
    assert not finished(homicide)
    first.closed_on = timezone.localdate()
    first.save()
    assert not finished(homicide)
    # Any path, not only the actions: a plain UPDATE too.
    type(second).objects.filter(pk=second.pk).update(closed_on=timezone.localdate())
    assert finished(homicide)
    type(first).objects.filter(pk=first.pk).update(closed_on=None)  # reopened
    assert not finished(homicide)


def test_a_reason_nobody_was_referred_finishes_it_and_a_new_referral_reopens_it():
    homicide = f.HomicideFactory(no_referral_reason=NoReferralReason.FAMILY_DECLINED)
    assert finished(homicide)
    Homicide.objects.filter(pk=homicide.pk).update(no_referral_reason="")
    assert not finished(homicide)


def test_moving_or_removing_a_person_updates_both_homicides():
    old, new = f.HomicideFactory(), f.HomicideFactory()
    person = f.PersonFactory(homicide=old, closed_on=timezone.localdate())
    open_case = f.PersonFactory(homicide=new)
    assert finished(old) and not finished(new)
    type(open_case).objects.filter(pk=open_case.pk).update(homicide=old)
    assert not finished(old) and not finished(new)  # `new` has nobody referred now
    type(open_case).objects.filter(pk=open_case.pk).delete()
    assert finished(old)
    assert person.homicide_id == old.pk


def test_the_column_agrees_with_its_definition_everywhere(cast):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM intake_homicide"  # noqa: S608 - constants
            f" WHERE cases_finished IS DISTINCT FROM ({CASES_FINISHED_SQL.format(homicide='intake_homicide')})"
        )
        assert cursor.fetchone() == (0,)
