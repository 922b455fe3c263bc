"""Log formatting that keeps personal data out: a traceback names the exception and the code, never its message.

An exception's message can hold what someone typed (a name in a failed lookup, an email in a unique-key error),
and local variables hold whole records, so neither is written. The frames (file, line, function, source line)
are enough to find the fault.
"""

from __future__ import annotations

import logging
import traceback


def _exception_type(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def traceback_without_details(exc: BaseException) -> str:
    """Every exception in the chain, outermost last like Python's own, as its type and frames only."""
    chain = []
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts = []
    for error in reversed(chain):
        frames = "".join(traceback.format_list(traceback.extract_tb(error.__traceback__, limit=None)))
        parts.append(f"Traceback (most recent call last):\n{frames}{_exception_type(error)} (message withheld)")
    return "\nThe above exception led to the following one:\n\n".join(parts)


class NoDetailsFormatter(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802 - logging's own name
        _, exc, _ = ei
        return traceback_without_details(exc) if exc is not None else ""
