from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm, for the search's trigram indexes (a trusted extension: the database's owner may create it)."""

    dependencies = [("intake", "0002_reference_sequences")]

    operations = [TrigramExtension()]
