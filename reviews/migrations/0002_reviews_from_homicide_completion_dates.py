"""Homicides whose review was recorded as complete (`Homicide.dhr_completed_on`, typed on the homicide until now)
get a review record: a review held and completed on that date. The decision's date and partnership were never
recorded, so they stay empty for someone to fill in."""

from django.db import migrations


def forwards(apps, schema_editor):
    Homicide = apps.get_model("intake", "Homicide")
    Review = apps.get_model("reviews", "DomesticHomicideReview")
    completed = Homicide.objects.filter(dhr_completed_on__isnull=False, dhr__isnull=True)
    Review.objects.bulk_create(
        [Review(homicide_id=h.pk, decision="review", completed_on=h.dhr_completed_on) for h in completed.iterator()]
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_domestic_homicide_reviews"), ("intake", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
