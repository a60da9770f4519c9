"""Clean logs: a refused request is one line, without a traceback; real errors keep theirs."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common.logging import ClientErrorsWithoutTraceback

ROOT = Path(__file__).resolve().parents[2]


def _record(status):
    try:
        raise PermissionError("no")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: /x", (), exc_info)
    record.status_code = status
    return record


def test_a_403_is_logged_without_its_traceback():
    record = _record(403)
    assert ClientErrorsWithoutTraceback().filter(record) and record.exc_info is None


def test_a_500_keeps_its_traceback():
    record = _record(500)
    assert ClientErrorsWithoutTraceback().filter(record) and record.exc_info is not None


def test_a_403_page_writes_no_traceback_to_the_log(client, outsider, caplog, settings):
    console = settings.LOGGING["handlers"]["console"]
    assert [settings.LOGGING["filters"][name]["()"] for name in console["filters"]] == [
        "common.logging.ClientErrorsWithoutTraceback"
    ]
    client.force_login(outsider)
    handler = logging.StreamHandler()
    handler.addFilter(ClientErrorsWithoutTraceback())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/hrm/staff/").status_code == 403
    forbidden = [r for r in caplog.records if r.name == "django.request"]
    assert forbidden and all(handler.filter(r) and r.exc_info is None for r in forbidden)


def test_a_403_prints_one_line_and_no_traceback_in_debug_mode_too(client, outsider, settings, capfd):
    """What `make run` prints (DEBUG on): Django's own console handler must not repeat the line with a traceback."""
    from django.utils.log import configure_logging

    settings.DEBUG = True
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)  # as at start-up, writing to the captured stderr
    client.force_login(outsider)
    assert client.get("/hrm/staff/").status_code == 403
    printed = capfd.readouterr().err
    assert printed.count("Forbidden") == 1 and "Traceback" not in printed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_asgi_server_serves_static_files_without_a_warning_per_file(tmp_path):
    """`make run`'s server (uvicorn, DEBUG on, WhiteNoise through the finders): each static file is served, and its
    log holds no "StreamingHttpResponse must consume synchronous iterators" warning (Django gives one per file)."""
    port = _free_port()
    env = {**os.environ, "DJANGO_DEBUG": "1", "CONGVU_VAR_DIR": str(tmp_path), "PYTHONWARNINGS": "default"}
    env.pop("DATABASE_URL", None), env.pop("REDIS_URL", None)
    args = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port), "--lifespan", "off"]
    server = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    files = ["css/congvu.css", "css/exam.css", "js/" + sorted(os.listdir(ROOT / "static" / "js"))[0]]
    try:
        for name in files:
            for _ in range(150):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/{name}", timeout=5) as response:  # noqa: S310
                        assert response.status == 200 and response.read()
                    break
                except OSError:
                    assert server.poll() is None, "the server stopped"
                    time.sleep(0.1)
            else:
                raise AssertionError("the server did not start")
    finally:
        server.terminate()
        log = server.communicate(timeout=15)[0]
    assert "StreamingHttpResponse" not in log, log
    assert log.count("GET /static/") == len(files), log


def test_make_run_says_what_it_is_doing_before_each_long_step():
    """`make run` on a fresh clone (every step forced): an "== …" line before the install, the migration, the demo
    and the server, so a newcomer sees what the first minutes are spent on."""
    result = subprocess.run(
        ["make", "-n", "-B", "run", f"PY={sys.executable}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()

    def first(text: str) -> int:
        return next(n for n, line in enumerate(lines) if text in line)

    for announce, step in [
        ("== Creating the virtual environment", "pip install"),
        ("== Bringing the database up to date", "manage.py migrate"),
        ("== Loading the demo data", "manage.py load_demo"),
        ("== Serving on", "bin/uvicorn"),
    ]:
        assert first(announce) < first(step), (announce, step)


def _celery_record(logger: str, message: str, args, level=logging.INFO):
    return logging.LogRecord(logger, level, __file__, 1, message, args, None)


def test_routine_periodic_jobs_are_logged_only_when_they_did_something():
    from celery.app.trace import LOG_FAILURE, LOG_RECEIVED, LOG_SUCCESS

    from common.logging import RoutineRunsQuiet

    quiet, closer = RoutineRunsQuiet(), "exams.attempts_close_expired"  # every 5 s in CELERY_BEAT_SCHEDULE
    run = {"name": closer, "id": "x", "runtime": 0.01}

    def kept(logger, message, args, level=logging.INFO):
        return quiet.filter(_celery_record(logger, message, args, level))

    assert not kept("celery.beat", "Scheduler: Sending due task %s (%s)", (closer, closer))
    assert not kept("celery.worker.strategy", LOG_RECEIVED, {**run, "args": "()", "kwargs": "{}", "eta": None})
    assert not kept("celery.app.trace", LOG_SUCCESS, {**run, "return_value": "0"})
    assert kept("celery.app.trace", LOG_SUCCESS, {**run, "return_value": "3"})  # it closed three attempts
    failure = {**run, "exc": "boom", "description": "raised unexpected"}
    assert kept("celery.app.trace", LOG_FAILURE, failure, logging.ERROR)
    # a daily job (crontab) and a job nobody schedules keep every line
    daily = {"name": "hrm.reminders_refresh", "id": "y", "runtime": 1.0, "return_value": "0"}
    assert kept(
        "celery.beat", "Scheduler: Sending due task %s (%s)", ("hrm.reminders_refresh", "hrm.reminders_refresh")
    )
    assert kept("celery.app.trace", LOG_SUCCESS, daily)
    assert kept("celery.app.trace", LOG_SUCCESS, {**daily, "name": "hrm.staff_import"})


def test_the_exam_closer_run_by_celery_prints_nothing_when_nothing_was_due(db, settings, capfd):
    """Through celery's own tracer and the project's logging as configured at start-up: a run of the 5-second closer
    that closed nothing prints no line; the hourly job's run still does."""
    from django.utils.log import configure_logging

    from exams.tasks import attempts_close_expired
    from hrm.tasks import staff_current_refresh

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    capfd.readouterr()
    assert attempts_close_expired.apply().get() == 0
    assert "attempts_close_expired" not in capfd.readouterr().err
    staff_current_refresh.apply().get()
    assert "hrm.staff_current_refresh" in capfd.readouterr().err
