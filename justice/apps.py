from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "justice"
    verbose_name = "Justice journey"
