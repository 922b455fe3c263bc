from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = "Volunteers: deployment, updates and their own visits and calls"
