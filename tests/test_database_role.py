"""Finding 12: the application works as a database role that owns nothing, so it cannot switch off or wipe the
history, and the table of who made each change keeps its rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pghistory
import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError, ProgrammingError

from audit.database_role import append_only_tables
from casework.models import BereavedPerson
from waypoint.database import APPLICATION_ROLE

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
HISTORY_TABLE = "casework_bereavedpersonevent"


@pytest.fixture
def changed(cast):
    """A change made through a history context, so that there are context and event rows."""
    with pghistory.context(user=cast.case_worker.pk, action="test"):
        BereavedPerson.objects.filter(pk=cast.person.pk).update(first_name="Renamed")
    return cast


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - a constant table name
        return cursor.fetchone()[0]


INSUFFICIENT_PRIVILEGE = "42501"
RAISED_BY_TRIGGER = "P0001"


def refused(sql: str, because: str = INSUFFICIENT_PRIVILEGE) -> bool:
    """Whether the database refuses `sql` for that reason (in a savepoint, so the test's transaction carries on)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        code = getattr(error.__cause__, "sqlstate", None)
        assert code == because, f"{sql}: refused with {code} ({error}), not {because}"
        return True
    return False


def current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def test_the_tests_work_as_the_application_role():
    assert current_user() == APPLICATION_ROLE


def test_the_web_server_works_as_the_application_role():
    """waypoint/wsgi.py, as gunicorn or runserver load it, against this test database."""
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    code = (
        "import waypoint.wsgi; from django.db import connection; c = connection.cursor(); "
        "c.execute('SELECT current_user'); print(c.fetchone()[0])"
    )
    env = {**os.environ, "DATABASE_URL": url, "WAYPOINT_ENV": "test"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.stdout.strip() == APPLICATION_ROLE, result.stderr


def test_history_and_access_log_tables_are_known():
    tables = append_only_tables()
    assert {HISTORY_TABLE, "audit_accesslog", "accounts_userevent", "accounts_apitokenevent"} <= set(tables)


@pytest.mark.parametrize("table", [HISTORY_TABLE, "audit_accesslog", "casework_bereavedperson"])
def test_the_application_cannot_disable_triggers(table):
    assert refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert refused(f"ALTER TABLE {table} DISABLE TRIGGER USER")


def test_the_application_cannot_truncate_history_or_the_access_log():
    for table in [*append_only_tables(), "pghistory_context"]:
        assert refused(f"TRUNCATE {table}"), table


def test_the_application_cannot_delete_or_rewrite_history(changed):
    assert count(HISTORY_TABLE) > 0
    assert refused("DELETE FROM casework_bereavedpersonevent")
    assert refused("UPDATE casework_bereavedpersonevent SET first_name = 'x'")
    assert refused("DELETE FROM audit_accesslog")


def test_the_application_cannot_delete_who_made_a_change(changed):
    assert count("pghistory_context") == 1

    assert refused("DELETE FROM pghistory_context")
    assert refused("UPDATE pghistory_context SET created_at = now() - interval '1 day'", RAISED_BY_TRIGGER)
    assert refused("UPDATE pghistory_context SET id = gen_random_uuid()", RAISED_BY_TRIGGER)


def test_the_application_cannot_become_the_owner_or_change_the_schema():
    assert refused("CREATE TABLE sneaky (id int)")
    assert refused("DROP TABLE audit_accesslog")
    assert refused("DROP TRIGGER IF EXISTS waypoint_protect_history_context ON pghistory_context")
    assert refused("INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())")


def test_even_the_owner_cannot_delete_history_contexts(changed):
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    try:
        assert refused("DELETE FROM pghistory_context", RAISED_BY_TRIGGER)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {APPLICATION_ROLE}")


def test_the_application_still_writes_records_their_history_and_who_made_it(cast):
    """The rights it has are enough: a change is saved with its history and context, and nested contexts add
    to the context row (pghistory's upsert, which the context table's guard lets through)."""
    before = count(HISTORY_TABLE)

    with pghistory.context(user=cast.case_worker.pk), pghistory.context(action="nested"):
        BereavedPerson.objects.filter(pk=cast.person.pk).update(first_name="Renamed")
        BereavedPerson.objects.filter(pk=cast.person.pk).update(first_name="Renamed again")

    assert count(HISTORY_TABLE) == before + 2
    assert count("pghistory_context") == 1


def test_programming_errors_are_what_refusals_look_like():
    with pytest.raises(ProgrammingError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_accesslog")
