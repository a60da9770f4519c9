"""The periodic jobs in embedded mode: Celery beat as a thread of the web process.

With no REDIS_URL there is no broker server and no separate worker; tasks run eagerly, so beat's
`apply_async` runs each due task right in its own thread. The ASGI lifespan starts it.
"""

import logging
import threading

from celery import beat

from config.celery import app

log = logging.getLogger(__name__)
_lock = threading.Lock()
_service: beat.Service | None = None
_configured_schedule = None


def start_embedded_beat(*, schedule: dict | None = None, max_interval: float = 5.0) -> beat.Service:
    """Start beat in a daemon thread (once per process); `schedule` overrides the configured one."""
    global _service, _configured_schedule
    with _lock:
        if _service is not None:
            return _service
        if schedule is not None:
            _configured_schedule = app.conf.beat_schedule
            app.conf.beat_schedule = schedule
        app.loader.import_default_modules()  # registers every app's tasks.py, so beat runs them eagerly
        service = beat.Service(app, max_interval=max_interval, scheduler_cls="celery.beat:Scheduler")
        thread = threading.Thread(target=service.start, kwargs={"embedded_process": True}, daemon=True, name="beat")
        thread.start()
        _service = service
        log.info("embedded beat started with %d periodic jobs", len(app.conf.beat_schedule or {}))
        return service


def stop_embedded_beat() -> None:
    global _service, _configured_schedule
    with _lock:
        if _service is not None:
            _service.stop()
            _service = None
        if _configured_schedule is not None:
            app.conf.beat_schedule, _configured_schedule = _configured_schedule, None
