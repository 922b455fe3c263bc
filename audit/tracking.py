"""The change history every record of personal data keeps (django-pghistory, append-only in the database)."""

import pghistory


def tracked(**options):
    """Fresh trackers for one model: every insert, update and delete is kept with who made it and when."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **options)
