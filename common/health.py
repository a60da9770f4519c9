"""Checks behind /healthz: the database, the channel layer and the Celery broker."""

import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # a health check reports failures, it does not raise them
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_channel_layer() -> str:
    layer = get_channel_layer()

    async def round_trip():
        channel = await layer.new_channel("healthz.")
        token = uuid.uuid4().hex
        await layer.send(channel, {"type": "healthz.ping", "token": token})
        message = await layer.receive(channel)
        if message.get("token") != token:
            raise RuntimeError("the channel layer returned another message")

    async_to_sync(round_trip)()
    return type(layer).__name__


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "embedded (tasks run in-process)"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.as_uri()


def health_report(*, detailed: bool = False) -> dict:
    """Every check up or down; `ok` is true only when all pass. Only `detailed` (for province
    administrators) adds what answered, errors and timings: addresses are not for anonymous callers."""
    checks = {
        "database": _timed(check_database),
        "channel_layer": _timed(check_channel_layer),
        "broker": _timed(check_broker),
    }
    ok = all(c["ok"] for c in checks.values())
    if not detailed:
        checks = {name: {"ok": check["ok"]} for name, check in checks.items()}
    return {"ok": ok, "status": "ok" if ok else "error", "checks": checks}
