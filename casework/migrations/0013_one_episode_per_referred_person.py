"""One episode per person already referred, from the person's own referral and closure; a person whose latest
consent decision is a decline made after their referral has that episode closed on the day they declined."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone


def forwards(apps, schema_editor):
    BereavedPerson = apps.get_model("casework", "BereavedPerson")
    CaseEpisode = apps.get_model("casework", "CaseEpisode")
    ConsentDecision = apps.get_model("casework", "ConsentDecision")
    latest = ConsentDecision.objects.filter(person=OuterRef("pk"), entered_in_error=False).order_by(
        "-decided_at", "-id"
    )
    people = (
        BereavedPerson.objects.filter(referred_at__isnull=False)
        .annotate(
            latest_outcome=Subquery(latest.values("outcome")[:1]), latest_at=Subquery(latest.values("decided_at")[:1])
        )
        .order_by("pk")
    )
    episodes = []
    for person in people.iterator(chunk_size=2000):
        episode = CaseEpisode(
            person_id=person.pk,
            opened_at=person.referred_at,
            closed_on=person.closed_on,
            closure_reason=person.closure_reason if person.closed_on else "",
            closure_notes=person.closure_notes,
            created_at=person.referred_at,
        )
        if person.closed_on is None and person.latest_outcome == "declined" and person.latest_at >= person.referred_at:
            declined_on = timezone.localdate(person.latest_at)
            episode.closed_on, episode.closure_reason = declined_on, "declined"
            BereavedPerson.objects.filter(pk=person.pk).update(closed_on=declined_on, closure_reason="declined")
        if episode.closed_on is not None and not episode.closure_reason:
            episode.closure_reason = "other"
        episodes.append(episode)
        if len(episodes) >= 2000:
            CaseEpisode.objects.bulk_create(episodes)
            episodes = []
    CaseEpisode.objects.bulk_create(episodes)


class Migration(migrations.Migration):
    dependencies = [("casework", "0012_case_episodes_exit_plans")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
