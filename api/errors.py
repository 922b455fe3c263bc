"""Every API error is JSON: 400 with messages per field, 401/403 for who you are, 404 for what you may not see."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from access.policies import NotAllowed

logger = logging.getLogger(__name__)


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """An action's ValidationError as DRF's `{"field": ["message"]}`; errors without a field under non_field_errors."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): list(messages)
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_errors(exc))
    elif isinstance(exc, (Http404, NotAllowed)):
        # A refused action reads as a record that does not exist: the one place the API decides so.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, (ValueError, DataError)):
        # Input the serializers let through but the database or a converter refused: still the caller's error.
        logger.warning("API input refused: %s", type(exc).__name__)
        exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: ["The request could not be processed."]})

    response = drf_exception_handler(exc, context)
    if response is not None:
        return response

    if settings.DEBUG:
        return None  # Django's debug page, in development only.
    # Anything else is our fault: answer in JSON, and log the type and traceback frames (the formatter withholds
    # the message, which may hold personal data).
    logger.error("API error: %s", type(exc).__name__, exc_info=exc)
    set_rollback()
    return Response({"detail": "Something went wrong. Try again later."}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
