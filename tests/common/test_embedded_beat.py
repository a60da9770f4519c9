"""The periodic jobs run in embedded mode, with no Redis and no separate worker."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.utils import timezone

from common.beat import start_embedded_beat, stop_embedded_beat
from common.models import Job


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="embedded mode only: with REDIS_URL, celery beat runs apart")
@pytest.mark.django_db(transaction=True)
def test_periodic_job_runs_without_redis(outsider):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    stale = Job.objects.create(
        kind="test",
        title="stale",
        owner=outsider,
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
    )
    start_embedded_beat(schedule={"reap": {"task": "common.jobs_reap_stale", "schedule": 0.2}}, max_interval=0.2)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            stale.refresh_from_db()
            if stale.status == Job.Status.FAILED:
                break
            time.sleep(0.2)
    finally:
        stop_embedded_beat()
    assert stale.status == Job.Status.FAILED
    assert "worker stopped" in stale.message or stale.message
