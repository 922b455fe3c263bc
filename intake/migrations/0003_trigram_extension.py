from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionWhereAvailable(TrigramExtension):
    """pg_trgm where the server offers it; the embedded PostgreSQL wheel does not, and search works without it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            available = cursor.fetchone() is not None
        if available:
            super().database_forwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    """pg_trgm, for the search's trigram indexes (a trusted extension: the database's owner may create it)."""

    dependencies = [("intake", "0002_reference_sequences")]

    operations = [TrigramExtensionWhereAvailable()]
