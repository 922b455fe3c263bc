"""Other money the service helps with, recorded as direct support (table B5) beside "Financial assistance"."""

from django.db import migrations

FINANCIAL_ASSISTANCE = [
    ("funeral-expenses", "Financial assistance: funeral expenses"),
    ("emergency-payment", "Financial assistance: emergency payment"),
    ("benefits-help", "Financial assistance: help with benefits"),
]


def load(apps, schema_editor):
    SupportType = apps.get_model("casework", "SupportType")
    for code, name in FINANCIAL_ASSISTANCE:
        SupportType.objects.update_or_create(
            code=code, defaults={"name": name, "commissioned": False, "display_order": 0}
        )


def unload(apps, schema_editor):
    apps.get_model("casework", "SupportType").objects.filter(code__in=[c for c, _ in FINANCIAL_ASSISTANCE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0001_providers_services_budgets_cica"),
        ("casework", "0003_need_and_support_types"),
    ]

    operations = [migrations.RunPython(load, unload)]
