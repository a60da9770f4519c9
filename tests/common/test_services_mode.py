"""Services mode: a real Celery worker process takes tasks from Redis and writes to PostgreSQL."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from common.models import Job

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="services mode only (set DATABASE_URL and REDIS_URL)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_a_task_sent_through_redis(job_worker, outsider):
    from common.tasks import jobs_reap_stale

    stale = Job.objects.create(
        kind="test",
        title="stale",
        owner=outsider,
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
    )
    jobs_reap_stale.delay()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        stale.refresh_from_db()
        if stale.status == Job.Status.FAILED:
            break
        time.sleep(0.3)
    assert stale.status == Job.Status.FAILED


def test_each_test_worker_has_its_own_redis_database(worker_id):
    """Cache, channel layer, Celery broker and spawned servers all use this worker's database (tests/conftest.py)."""
    import os

    from channels.layers import get_channel_layer
    from django.core.cache import cache

    from config.celery import app
    from tests.conftest import worker_redis_url

    url = os.environ["REDIS_URL"]
    assert settings.REDIS_URL == url and app.conf.broker_url == url
    assert get_channel_layer().hosts[0]["address"] == url
    assert cache._cache._servers == [url]
    assert worker_redis_url("redis://h:6379/15", "gw1") == "redis://h:6379/13"
    assert worker_redis_url("redis://h:6379", "gw0") == "redis://h:6379/15"
    assert worker_redis_url("redis://h:6379/15", "master") == "redis://h:6379/15"
