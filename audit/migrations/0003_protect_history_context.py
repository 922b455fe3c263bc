"""The table of who made each change (`pghistory_context`) keeps its rows: no DELETE, and an UPDATE may only add
to a row's metadata (pghistory's upsert as nested contexts open), never move its id or time. For everyone, the
owner too. TRUNCATE is refused to the application's role by its rights (audit/database_role.py); it stays open to
the owner, whose test runs empty every table between tests."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION waypoint_protect_history_context() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'pghistory_context is append-only: DELETE is refused';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'pghistory_context is append-only: a context''s id and time cannot change';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS waypoint_protect_history_context ON pghistory_context;
CREATE TRIGGER waypoint_protect_history_context
    BEFORE UPDATE OR DELETE ON pghistory_context
    FOR EACH ROW EXECUTE FUNCTION waypoint_protect_history_context();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS waypoint_protect_history_context ON pghistory_context;
DROP FUNCTION IF EXISTS waypoint_protect_history_context();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_initial"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
