"""Benchmarks run against one larger demo data set, seeded once into the test database for the session."""

from __future__ import annotations

import os
import time

import pytest

# Scale 5: about 100 homicides, 200 people and 1,800 contacts per region; seeding takes most of the run.
BENCH_SCALE = float(os.environ.get("WAYPOINT_BENCH_SCALE", "5"))


def pytest_collection_modifyitems(config, items):
    """Benchmarks run with `make bench` (--benchmark-only), not in the ordinary test run: seeding takes a while."""
    if config.getoption("benchmark_only", False):
        return
    skip = pytest.mark.skip(reason="benchmarks run with `make bench`")
    for item in items:
        if "benchmarks" in item.nodeid.split("/")[0]:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def bench_data(django_db_setup, django_db_blocker):
    """The demo accounts and history at BENCH_SCALE (20 homicides per region per unit of scale)."""
    from django.db import connection

    from demo import generator
    from waypoint.database import as_owner

    with django_db_blocker.unblock():
        started = time.monotonic()
        users = generator.ensure_accounts()
        generator.generate_history(users, scale=BENCH_SCALE, seed=2026)
        seconds = time.monotonic() - started
        # Fresh planner statistics, as autovacuum would have gathered on a live database (only the owner may).
        with as_owner(connection), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts = generator.counts()
    print(f"\nSeeded scale {BENCH_SCALE:g} in {seconds:.1f}s: {counts}")
    return users


@pytest.fixture
def demo_user(bench_data, db):
    from demo.generator import DEMO_DOMAIN

    def _user(local_part: str):
        return bench_data[f"{local_part}@{DEMO_DOMAIN}"]

    return _user
