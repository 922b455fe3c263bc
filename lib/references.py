"""Human-friendly record references, such as HOM-26-00042."""

from datetime import date


def format_reference(prefix: str, number: int, on: date) -> str:
    return f"{prefix}-{on:%y}-{number:05d}"
