"""The starting categories: the eight categories of need of the Ministry of Justice's Victims' Services
Commissioning Framework (2013), then feeling safe and coping with the justice process. Editable as data."""

from django.db import migrations

CATEGORIES = [
    ("mental-physical-health", "Mental and physical health", "Sleep, mood, grief, physical health"),
    ("shelter-accommodation", "Shelter and accommodation", "A safe, settled home"),
    ("family-friends-children", "Family, friends and children", "Relationships at home, caring for children"),
    ("education-skills-employment", "Education, skills and employment", "Work, school or training"),
    ("drugs-alcohol", "Drugs and alcohol", "Use of alcohol, drugs or medication to cope"),
    ("finance-benefits", "Finance and benefits", "Money, debts, benefits, compensation"),
    ("outlook-attitudes", "Outlook and attitudes", "Hope, confidence, looking ahead"),
    ("social-interaction", "Social interaction", "Getting out, seeing people, isolation"),
    ("feeling-safe", "Feeling safe", "At home and when out"),
    ("coping-justice-process", "Coping with the justice process", "The investigation, trial and inquest"),
]


def load(apps, schema_editor):
    category = apps.get_model("outcomes", "OutcomeCategory")
    for order, (code, name, hint) in enumerate(CATEGORIES, start=1):
        category.objects.update_or_create(code=code, defaults={"name": name, "hint": hint, "display_order": order})


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_outcome_measures")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
