"""Pinned dependencies that name no registry, and local state kept out of git."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_python_packages_are_pinned_with_hashes_and_without_registry_addresses():
    for lock in ("base.txt", "dev.txt"):
        text = (ROOT / "requirements" / lock).read_text()
        assert "--index-url" not in text and "--find-links" not in text and "://" not in text, lock
        requirements = [
            entry.strip()
            for entry in re.sub(r"\\\n", " ", text).splitlines()
            if entry.strip() and not entry.lstrip().startswith("#")
        ]
        assert requirements, lock
        for requirement in requirements:
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.\-+]+( +--hash=sha256:[0-9a-f]{64})+", requirement), (
                lock,
                requirement,
            )


def test_the_development_lock_holds_every_runtime_package_at_the_same_version():
    def pins(lock: str) -> dict[str, str]:
        text = (ROOT / "requirements" / lock).read_text()
        return dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.\-+]+)", text, flags=re.M))

    base, dev = pins("base.txt"), pins("dev.txt")
    assert base and all(dev.get(name) == version for name, version in base.items())


def test_front_end_packages_are_pinned_without_registry_addresses():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name, package in lock["packages"].items():
        assert "resolved" not in package, name
    for version in json.loads((ROOT / "package.json").read_text())["dependencies"].values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version


def test_local_state_is_ignored_by_git():
    # Without a trailing slash, so that links to a shared build (git worktrees) are ignored too.
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    for entry in ("var/", "node_modules", ".venv", "static/build", "static/vendor", ".env"):
        assert entry in ignored
