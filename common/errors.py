"""Domain errors raised by services; the API handler turns them into 400s with field names."""

from django.core.exceptions import ValidationError


class ApplicationError(ValidationError):
    """A business-rule refusal; `field` names the input it is about (None for the whole request)."""

    def __init__(self, message, *, field: str | None = None, code: str | None = None, extra: dict | None = None):
        if field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)
        self.field = field
        self.extra = extra or {}
