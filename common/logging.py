"""Log filters of the project's logging (config/settings.py LOGGING): its console handler's and some loggers'."""

import logging

from celery.app.trace import LOG_RECEIVED, LOG_SUCCESS


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refused request (403, 404, 400...) is logged on one line: its traceback tells nothing but that a check
    said no, and would bury the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info, record.exc_text = None, None
        return True


class RoutineRunsQuiet(logging.Filter):
    """The periodic jobs that run every few seconds or minutes (CELERY_BEAT_SCHEDULE entries with an interval of at
    most ROUTINE_SECONDS) are logged only when they did something: the beat's "Sending due task", the worker's
    "received" and a success that returned nothing done (0 or None) are dropped. Otherwise the exam closer alone
    writes two lines every 5 seconds, 1,440 an hour, and buries what happened. Failures are always logged."""

    ROUTINE_SECONDS = 300
    NOTHING_DONE = frozenset({"0", "None", "[]", "{}"})

    def __init__(self, name: str = ""):
        super().__init__(name)
        self._routine: frozenset[str] | None = None

    def routine(self) -> frozenset[str]:
        if self._routine is None:
            from django.conf import settings

            self._routine = frozenset(
                entry["task"]
                for entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).values()
                if _interval_seconds(entry.get("schedule")) <= self.ROUTINE_SECONDS
            )
        return self._routine

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO:
            return True
        message, args = str(record.msg), record.args
        if message.startswith("Scheduler: Sending due task") and isinstance(args, tuple) and len(args) == 2:
            return args[1] not in self.routine()  # the beat: (entry name, task name)
        if not isinstance(args, dict) or args.get("name") not in self.routine():
            return True
        if message == LOG_RECEIVED:  # the worker
            return False
        if message == LOG_SUCCESS:
            return str(args.get("return_value")) not in self.NOTHING_DONE
        return True


def _interval_seconds(schedule) -> float:
    """An interval schedule in seconds (a number, a timedelta or celery's `schedule`); infinity for a crontab."""
    if isinstance(schedule, int | float):
        return float(schedule)
    if hasattr(schedule, "total_seconds"):
        return schedule.total_seconds()
    run_every = getattr(schedule, "run_every", None)  # celery.schedules.schedule; a crontab has none
    return run_every.total_seconds() if run_every is not None else float("inf")
