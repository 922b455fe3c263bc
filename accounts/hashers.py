from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with a small work factor, for the test suite only."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1


class WaypointArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's password storage parameters (19 MiB, two passes, one lane).

    Django's default (100 MiB, eight lanes) costs about two seconds of CPU per sign-in on a small server, which
    is also a way to exhaust it. Hashes made with other parameters still verify and are redone at the next sign-in.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
