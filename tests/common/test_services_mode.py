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
