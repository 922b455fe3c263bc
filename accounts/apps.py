from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff, volunteers and sign-in"

    def ready(self) -> None:
        from accounts import lockout

        lockout.connect()
