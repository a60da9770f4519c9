"""API plumbing shared by every app: the exception handler and small view helpers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ApplicationError


def _validation_payload(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """Map Django's ValidationError and ApplicationError to 400 with field names; DRF's own as usual."""
    if isinstance(exc, ValidationError):
        payload = _validation_payload(exc)
        if isinstance(exc, ApplicationError) and exc.extra:
            payload.update(exc.extra)
        return Response(payload, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
