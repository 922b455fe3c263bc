"""The starting lists of needs and support types (tables B5 and B6); both stay editable as data."""

from django.db import migrations

NEEDS = [
    "Emotional wellbeing",
    "Information about the investigation or trial",
    "Money and financial hardship",
    "Funeral arrangements and costs",
    "Housing",
    "Safety and security",
    "Physical or mental health",
    "Children and childcare",
    "Work or education",
    "Media attention",
    "Criminal injuries compensation",
    "Benefits",
    "Interpreting or translation",
    "Travel to court",
    "Repatriation",
    "Inquest",
    "Domestic Homicide Review",
]

DIRECT_SUPPORT = [
    ("financial-assistance", "Financial assistance"),
    ("burglar-alarm", "Burglar alarm"),
    ("personal-alarm", "Personal alarm"),
    ("emotional-support", "Emotional support"),
    ("advocacy", "Advocacy"),
    ("crime-prevention", "Crime prevention"),
    ("information", "Information provision"),
    ("practical-support", "Practical support"),
    ("witness-service", "Witness Service liaison"),
    ("other", "Other support"),
]

COMMISSIONED_SUPPORT = [
    ("security-locks", "Security locks"),
    ("childcare", "Childcare"),
    ("interpreting", "Interpreting and translating"),
    ("counselling", "Counselling"),
    ("repairs-cleaning", "Repairs and cleaning"),
    ("specialist-support", "Specialist support (peer groups, respite)"),
    ("transport", "Transport"),
    ("removals", "Removals"),
    ("glazing", "Glazing"),
]


def load(apps, schema_editor):
    NeedType = apps.get_model("casework", "NeedType")
    SupportType = apps.get_model("casework", "SupportType")
    for order, name in enumerate(NEEDS):
        NeedType.objects.update_or_create(name=name, defaults={"display_order": order})
    for commissioned, rows in ((False, DIRECT_SUPPORT), (True, COMMISSIONED_SUPPORT)):
        for order, (code, name) in enumerate(rows):
            SupportType.objects.update_or_create(
                code=code, defaults={"name": name, "commissioned": commissioned, "display_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
