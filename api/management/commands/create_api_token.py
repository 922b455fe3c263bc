"""Make (or show) the API token of one account: `manage.py create_api_token <email> [--replace]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from accounts.models import User


class Command(BaseCommand):
    help = "Print the API token of the account with this email address, making one if needed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--replace", action="store_true", help="Throw away the current token and make a new one.")

    def handle(self, *args, email: str, replace: bool, **options) -> None:
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError("No account has that email address.")
        if not user.is_active:
            raise CommandError("That account is deactivated: it may not have a token.")
        if replace:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
