"""`flush` (the test suite's emptying between database-committing tests) as the tables' owner: the application's
role may not TRUNCATE."""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from waypoint.database import as_owner


class Command(DjangoFlush):
    def handle(self, **options):
        with as_owner(connections[options["database"]]):
            return super().handle(**options)
