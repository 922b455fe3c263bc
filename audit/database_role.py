"""The application's database role: rights to read and write rows, and no more.

`migrate` (run as the tables' owner) ends by calling `grant_application_role`, so every table, including ones
added later, is covered. The role owns nothing, so it cannot `ALTER TABLE ... DISABLE TRIGGER` (the history
triggers), `TRUNCATE`, or drop anything. On top of that it may not:
- change or delete history events or access-log rows (the pgtrigger `Protect` triggers refuse that to everyone);
- delete from `pghistory_context`, the table of who made each change. It may insert and update there, because
  pghistory adds to a context row as nested contexts open (an upsert); a trigger (audit migration 0003) keeps the
  row's id and time fixed and refuses deletes, to the owner too;
- write to `django_migrations`.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections

from waypoint.database import APPLICATION_ROLE


def append_only_tables() -> list[str]:
    """History event tables and the access log."""
    from pghistory.models import Event

    from audit.models import AccessLog

    events = [
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, Event) and model._meta.managed and not model._meta.proxy
    ]
    return sorted({*events, AccessLog._meta.db_table})


def grant_application_role(using: str = "default") -> None:
    connection = connections[using]
    role = connection.ops.quote_name(APPLICATION_ROLE)
    with connection.cursor() as cursor:
        # Roles belong to the whole server: another database may have made it already, perhaps at this moment.
        cursor.execute(
            f"""
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APPLICATION_ROLE}') THEN
                    CREATE ROLE {role} NOLOGIN NOINHERIT;
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$;
            """
        )
        # An owner that is not a superuser needs membership to SET ROLE to it.
        cursor.execute(
            f"""
            DO $$
            BEGIN
                IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                   AND NOT pg_has_role(current_user, '{APPLICATION_ROLE}', 'MEMBER') THEN
                    EXECUTE 'GRANT {role} TO ' || quote_ident(current_user);
                END IF;
            END $$;
            """  # noqa: S608 - names from constants, not from input
        )
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}")
        for table in append_only_tables():
            cursor.execute(f"REVOKE UPDATE, DELETE ON {connection.ops.quote_name(table)} FROM {role}")
        cursor.execute(f"REVOKE DELETE ON pghistory_context FROM {role}")
        cursor.execute(f"REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {role}")


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    grant_application_role(using)
