from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "History and access log"

    def ready(self) -> None:
        from audit.database_role import after_migrate

        # Once per migrate (and flush), after every app's tables exist: the application's role gets its rights.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="waypoint-application-role")
