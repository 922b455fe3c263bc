"""Pinned dependencies that name no registry, and local state kept out of git."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_python_packages_are_pinned_without_registry_addresses():
    lines = [
        line for line in (ROOT / "requirements.lock").read_text().splitlines() if line and not line.startswith("#")
    ]
    assert lines
    for line in lines:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.\-+]+", line), line


def test_front_end_packages_are_pinned_without_registry_addresses():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name, package in lock["packages"].items():
        assert "resolved" not in package, name
    for version in json.loads((ROOT / "package.json").read_text())["dependencies"].values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version


def test_local_state_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    for entry in ("var/", "node_modules/", "static/build/", "static/vendor/", ".env"):
        assert entry in ignored
