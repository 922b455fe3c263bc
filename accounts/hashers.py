from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with a small work factor, for the test suite only."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1
