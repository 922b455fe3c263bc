"""Password hashing: Argon2id with OWASP's parameters, and older hashes upgraded at the next sign-in."""

from __future__ import annotations

import os
import subprocess
import sys

from django.contrib.auth.hashers import Argon2PasswordHasher

from accounts.hashers import WaypointArgon2PasswordHasher


def test_passwords_are_hashed_with_owasps_argon2id_parameters():
    hasher = WaypointArgon2PasswordHasher()

    encoded = hasher.encode("correct horse battery staple", hasher.salt())

    # OWASP password storage cheat sheet: m=19 MiB, t=2, p=1.
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert hasher.verify("correct horse battery staple", encoded)
    assert not hasher.verify("correct horse battery stable", encoded)


def test_a_hash_made_with_djangos_heavier_defaults_still_verifies_and_is_redone():
    old = Argon2PasswordHasher().encode("correct horse battery staple", "somesaltsomesalt")
    hasher = WaypointArgon2PasswordHasher()

    assert hasher.verify("correct horse battery staple", old)
    assert hasher.must_update(old)
    assert not hasher.must_update(hasher.encode("correct horse battery staple", hasher.salt()))


def test_production_settings_use_it():
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    env = {"WAYPOINT_ENV": "production", "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "waypoint.settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "accounts.hashers.WaypointArgon2PasswordHasher"
