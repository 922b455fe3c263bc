"""`manage.py seed_demo [--scale N] [--seed S] [--if-empty]`: the demo accounts and an invented history."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection

from demo import generator


class Command(BaseCommand):
    help = "Create the demo accounts (one per role, a team per region) and a deterministic invented history."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Volume multiplier (1 = about 20 homicides per region)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed: the same seed gives the same data")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="Write the same records with COPY, not through the actions: for large scales (minutes, not hours)",
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the demo accounts already exist")

    def handle(self, *args, scale: float, seed: int, if_empty: bool, bulk: bool, **options):
        if scale <= 0:
            self.stderr.write("--scale must be more than 0")
            return
        if if_empty and generator.has_demo_users():
            self.stdout.write("Demo accounts already exist: nothing done.")
            return
        started = time.monotonic()
        users = generator.ensure_accounts()
        self.stdout.write(f"{len(users)} demo accounts ready (password, authenticator key and backup codes reset).")
        if generator.has_demo_history():
            self.stdout.write("The demo history is already there: not added again.")
        else:
            generator.generate_history(users, scale=scale, seed=seed, bulk=bulk)
            # Fresh planner statistics, and the visibility map: a freshly loaded table otherwise looks empty to the
            # planner, and every index-only scan (a list's count, a filter's choices) reads the table as well, until
            # autovacuum comes round (at 100x, 6 ms rather than 21 ms to count the homicides). VACUUM cannot run
            # inside a transaction (a test's): there, statistics alone.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            self.stdout.write(f"Invented history written (scale {scale:g}, seed {seed}{', bulk' if bulk else ''}).")
        for name, number in generator.counts().items():
            self.stdout.write(f"  {name}: {number}")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f}s. Run `manage.py demo_sign_ins` for the accounts.")
