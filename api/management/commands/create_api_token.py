"""Make an API token for one account: `manage.py create_api_token <email> [--name N] [--replace]`."""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import actions, tokens
from accounts.models import User


class Command(BaseCommand):
    help = "Make a new API token for the account with this email address and print its secret (shown only once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="Made on the command line", help="What the token is for.")
        parser.add_argument("--replace", action="store_true", help="End the account's other tokens first.")

    def handle(self, *args, email: str, name: str, replace: bool, **options) -> None:
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError("No account has that email address.")
        if not user.is_active:
            raise CommandError("That account is deactivated: it may not have a token.")
        if replace:
            with pghistory.context(action="create_api_token --replace"):
                tokens.end_all(user)
        try:
            _, secret = actions.create_api_token(user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        self.stdout.write(secret)
