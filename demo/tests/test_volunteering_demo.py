"""The demo's volunteering: every volunteer has availability, some people a second language, and updates are sent
within each task's life, at about one every six weeks."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from casework.models import Contact, VolunteerAssignment
from demo import generator
from volunteering.models import VolunteerProfile, VolunteerUpdate


def test_volunteers_availability_languages_and_updates(db):
    users = generator.ensure_accounts()
    generator.generate_history(users, scale=1, seed=3)

    volunteers = User.objects.filter(role=Role.VOLUNTEER, email__in=[u.email for u in users.values()])
    assert VolunteerProfile.objects.filter(volunteer__in=volunteers).count() == volunteers.count() == 10
    assert all(p.available_days for p in VolunteerProfile.objects.all())
    assert User.objects.exclude(languages=[]).exists()
    tasks = VolunteerAssignment.objects.count()
    updates = VolunteerUpdate.objects.count()
    assert tasks and tasks <= updates <= tasks * 6
    assert not VolunteerUpdate.objects.filter(sent_at__date__lt=F("assignment__assigned_on")).exists()
    assert not VolunteerUpdate.objects.filter(sent_at__gt=timezone.now()).exists()
    assert generator.counts()["updates to volunteers"] == updates
    # Tasks start a week after the referral, before the volunteer's visits; none is dated in the future.
    assert not VolunteerAssignment.objects.filter(assigned_on__gt=timezone.localdate()).exists()
    first_visits = Contact.objects.filter(
        by_volunteer=True, occurred_at__date__lt=F("person__volunteer_assignments__assigned_on")
    )
    assert not first_visits.exists()
