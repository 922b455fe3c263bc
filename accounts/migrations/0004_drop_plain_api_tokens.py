"""Throw away the old API tokens, which were stored as plain text.

A stored secret cannot be turned into a digest and kept in use without keeping the plain text too, so every old
token ends here: holders make a new one on their account's "API tokens" page (or with `create_api_token`).
The old table belonged to `rest_framework.authtoken`, which is no longer installed.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_tokens")]

    operations = [
        migrations.RunSQL(
            sql=[
                "DROP TABLE IF EXISTS authtoken_token",
                "DELETE FROM django_migrations WHERE app = 'authtoken'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
