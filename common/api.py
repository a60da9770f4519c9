"""API plumbing shared by every app: the exception handler and small view helpers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.dated import EARLIEST_DAY, LATEST_DAY, short_date
from common.errors import ApplicationError


def request_object(request) -> dict:
    """The request body as a JSON object; a list, a string or null is a 400, never a crash further on."""
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
    return request.data


class BoundedDateField(serializers.DateField):
    """A date the registry can compute with (EARLIEST_DAY to LATEST_DAY); others are a 400 naming the field."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            message = _("Enter a date between %(start)s and %(end)s.")
            raise exceptions.ValidationError(
                message % {"start": short_date(EARLIEST_DAY), "end": short_date(LATEST_DAY)}
            )
        return day


def errors_labelled(detail, serializer) -> list[dict]:
    """A serializer's errors for a page: each field's label (not its code) with its messages, others unlabelled."""
    fields = serializer.fields
    rows = []
    for name, messages in detail.items():
        field = fields.get(name)
        messages = messages if isinstance(messages, list) else [messages]
        rows.append({"label": field.label if field is not None else None, "messages": [str(m) for m in messages]})
    return rows


def job_accepted(job) -> Response:
    """202 Accepted for work queued as a job: where to follow it (API status and page)."""
    data = {
        "job": str(job.pk),
        "status": job.status,
        "status_url": reverse("api:job-status", args=[job.pk]),
        "page_url": reverse("common:job-detail", args=[job.pk]),
    }
    return Response(data, status=status.HTTP_202_ACCEPTED)


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
