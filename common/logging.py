"""Log filters of the project's one console handler (config/settings.py LOGGING)."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refused request (403, 404, 400...) is logged on one line: its traceback tells nothing but that a check
    said no, and would bury the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info, record.exc_text = None, None
        return True
