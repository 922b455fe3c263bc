"""The API's JSON parser: a body nested deeper than any endpoint takes is refused with 400, not a crash."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# The deepest body an endpoint takes is a list of objects inside an object (a referral's people); allow some room.
MAX_DEPTH = 10


def _depth(data) -> int:
    """How deeply lists and objects nest in `data`, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        message = f"JSON parse error - nested more than {MAX_DEPTH} levels deep"
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # nested thousands deep: the decoder gives up before we can count
            raise ParseError(message) from None
        if _depth(data) > MAX_DEPTH:
            raise ParseError(message)
        return data
