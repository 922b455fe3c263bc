"""`migrate`, always as the tables' owner, even in a process working as the application's role."""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

from waypoint.database import as_owner


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        with as_owner(connections[options["database"]]):
            return super().handle(*args, **options)
