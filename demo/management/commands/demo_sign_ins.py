"""`manage.py demo_sign_ins [--code]`: the demo accounts, to sign in with. For the demo only."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_otp.plugins.otp_static.models import StaticToken

from accounts.models import Role
from demo import generator


class Command(BaseCommand):
    help = "Print the demo accounts: role, region, email, password, authenticator secret and a backup code."

    def add_arguments(self, parser):
        parser.add_argument("--code", action="store_true", help="Also print each account's current 6-digit code")

    def handle(self, *args, code: bool, **options):
        users = {u.email: u for u in generator.demo_users().select_related("region")}
        if not users:
            self.stdout.write("No demo accounts yet: run `manage.py seed_demo` first.")
            return
        unused = {
            (token.device.user_id, token.token)
            for token in StaticToken.objects.filter(device__user__in=users.values()).select_related("device")
        }
        header = ["Role", "Region", "Email", "TOTP secret (base32)", "Backup code"] + (["Code now"] if code else [])
        rows = []
        for account in generator.demo_accounts():
            user = users.get(account.email)
            if user is None:
                continue
            backup = next((c for c in account.backup_codes if (user.pk, c) in unused), "(all used: run seed_demo)")
            row = [
                str(Role(user.role).label),
                user.region.name if user.region else "",
                user.email,
                account.totp_secret,
                backup,
            ]
            rows.append(row + ([account.current_code()] if code else []))
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        self.stdout.write("Demo accounts: FOR THE DEMO ONLY. Every record in this database is invented.")
        self.stdout.write(f"Password for every demo account: {generator.DEMO_PASSWORD}")
        self.stdout.write("Add the TOTP secret to an authenticator app, or sign in with a backup code (one use each).")
        self.stdout.write("")
        for row in [header, ["-" * w for w in widths], *rows]:
            self.stdout.write("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
