"""The three kinds of financial assistance (0002) are counted in table B5 as the evaluation's one row, "Financial
assistance"."""

from django.db import migrations

FINER = ["funeral-expenses", "emergency-payment", "benefits-help"]


def fold(apps, schema_editor):
    SupportType = apps.get_model("casework", "SupportType")
    broader = SupportType.objects.filter(code="financial-assistance").first()
    if broader is not None:
        SupportType.objects.filter(code__in=FINER).update(counted_as=broader)


def unfold(apps, schema_editor):
    apps.get_model("casework", "SupportType").objects.filter(code__in=FINER).update(counted_as=None)


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0002_direct_financial_assistance_types"),
        ("casework", "0009_support_types_counted_as"),
    ]

    operations = [migrations.RunPython(fold, unfold)]
