"""Jobs when Redis is down: pages and API degrade with a message, nothing stays queued forever."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from common import services
from common.models import Job
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: every call fails at once
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def running_job(hr_manager):
    job = services.job_create(kind="test", title="Nhập hồ sơ", owner=hr_manager)
    services.job_claim(job_id=job.pk, kind="test", total=100)
    return job


def test_job_page_and_api_answer_with_a_notice_when_the_cache_is_down(
    client, api_client, hr_manager, running_job, settings
):
    settings.CACHES = UNREACHABLE_REDIS
    client.force_login(hr_manager)
    page = client.get(reverse("common:job-detail", args=[running_job.pk]))
    assert page.status_code == 200
    assert "data-notice" in page.content.decode()
    api_client.force_authenticate(hr_manager)
    answer = api_client.get(reverse("api:job-status", args=[running_job.pk]))
    assert answer.status_code == 200
    assert answer.json()["status"] == "running" and answer.json()["notice"]


def test_progress_and_finish_go_on_when_the_cache_is_down(running_job, settings):
    settings.CACHES = UNREACHABLE_REDIS
    services.job_progress(job_id=running_job.pk, done=10, total=100, message="checking")
    services.job_finish(job=running_job, result={"created": 100})
    running_job.refresh_from_db()
    assert running_job.status == Job.Status.SUCCEEDED


def test_a_job_the_broker_refuses_fails_at_once_with_a_reason(
    tmp_path, api_client, hr_manager, settings, django_capture_on_commit_callbacks
):
    from hrm.tasks import staff_import as staff_import_task

    settings.CONGVU_IMPORT_SYNC_MAX_ROWS = 1
    settings.CELERY_TASK_ALWAYS_EAGER = False
    api_client.force_authenticate(hr_manager)
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1), staff_row(2)])
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(staff_import_task, "apply_async", side_effect=refused) as send:
        with django_capture_on_commit_callbacks(execute=True):
            with path.open("rb") as handle:
                response = api_client.post(reverse("hrm-api:import"), {"file": handle}, format="multipart")
    assert response.status_code == 202 and send.called
    job = Job.objects.get(pk=response.json()["job"])
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert "hàng đợi" in job.message.lower()


def test_the_reaper_ends_jobs_that_never_left_the_queue(hr_manager):
    lost = services.job_create(kind="test", title="lost", owner=hr_manager)
    fresh = services.job_create(kind="test", title="fresh", owner=hr_manager)
    Job.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert services.jobs_reap_stale() == 1
    lost.refresh_from_db(), fresh.refresh_from_db()
    assert lost.status == Job.Status.FAILED and lost.message
    assert fresh.status == Job.Status.QUEUED


def test_the_reaper_ends_running_jobs_whose_worker_died(hr_manager, settings):
    job = services.job_create(kind="test", title="died", owner=hr_manager)
    services.job_claim(job_id=job.pk, kind="test", total=10)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "empty"}}
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=30))
    assert services.jobs_reap_stale() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
