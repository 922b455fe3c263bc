"""The provider's services and regions get models of their own over the tables Django made for them, so that their
history can be kept (0005 adds it). Nothing changes in the database here: the state alone learns the models."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0003_financial_assistance_counted_as"),
        ("casework", "0009_support_types_counted_as"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProviderService",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="commissioning.provider",
                            ),
                        ),
                        (
                            "support_type",
                            models.ForeignKey(
                                db_column="supporttype_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="casework.supporttype",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "commissioning_provider_services",
                        "unique_together": {("provider", "support_type")},
                    },
                ),
                migrations.CreateModel(
                    name="ProviderRegion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="commissioning.provider",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="organisation.region",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "commissioning_provider_regions",
                        "unique_together": {("provider", "region")},
                    },
                ),
                migrations.AlterField(
                    model_name="provider",
                    name="services",
                    field=models.ManyToManyField(
                        limit_choices_to={"commissioned": True},
                        related_name="providers",
                        through="commissioning.ProviderService",
                        to="casework.supporttype",
                        verbose_name="services offered",
                    ),
                ),
                migrations.AlterField(
                    model_name="provider",
                    name="regions",
                    field=models.ManyToManyField(
                        related_name="providers",
                        through="commissioning.ProviderRegion",
                        to="organisation.region",
                        verbose_name="regions covered",
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
