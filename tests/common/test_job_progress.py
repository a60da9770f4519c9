"""Job progress: service, API and WebSocket (origin check, session or one-use ticket authentication)."""

import pytest
from django.urls import reverse

from common import auth_services, services
from common.models import Job
from config.asgi import application
from tests.sockets import Communicator


@pytest.fixture
def job(hr_manager):
    return services.job_create(kind="test", title="Nhập hồ sơ", owner=hr_manager)


def communicator(path, *, origin=b"http://127.0.0.1:8000"):
    return Communicator(application, path, headers=[(b"origin", origin), (b"host", b"127.0.0.1:8000")])


@pytest.mark.django_db
def test_progress_is_visible_while_running_and_final_after(job):
    services.job_claim(job_id=job.pk, kind="test", total=200)
    services.job_progress(job_id=job.pk, done=50, total=200, message="validating")
    job.refresh_from_db()
    state = services.job_progress_get(job=job)
    assert (state["done"], state["percent"], state["message"]) == (50, 25, "validating")
    services.job_finish(job=job, result={"created": 200})
    state = services.job_progress_get(job=Job.objects.get(pk=job.pk))
    assert (state["status"], state["percent"], state["result"]) == ("succeeded", 100, {"created": 200})


@pytest.mark.django_db
def test_job_api_is_for_its_owner_only(api_client, job, other_hr_manager, hr_manager):
    url = reverse("api:job-status", args=[job.pk])
    api_client.force_authenticate(other_hr_manager)
    assert api_client.get(url).status_code == 404
    api_client.force_authenticate(hr_manager)
    assert api_client.get(url).json()["status"] == "queued"


@pytest.mark.django_db(transaction=True)
async def test_owner_receives_state_then_progress_over_websocket(job, hr_manager):
    from channels.db import database_sync_to_async

    ticket = await database_sync_to_async(auth_services.ws_ticket_issue)(user=hr_manager)
    ws = communicator(f"/ws/jobs/{job.pk}/?ticket={ticket}")
    connected, _ = await ws.connect()
    assert connected
    first = await ws.receive_json_from(timeout=5)
    assert first["type"] == "job.progress" and first["state"]["status"] == "queued"
    await database_sync_to_async(services.job_progress)(job_id=job.pk, done=3, total=10, message="")
    event = await ws.receive_json_from(timeout=5)
    assert (event["state"]["done"], event["state"]["total"]) == (3, 10)
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_someone_elses_job_socket_is_refused(job, other_hr_manager):
    from channels.db import database_sync_to_async

    ticket = await database_sync_to_async(auth_services.ws_ticket_issue)(user=other_hr_manager)
    connected, _ = await communicator(f"/ws/jobs/{job.pk}/?ticket={ticket}").connect()
    assert not connected


@pytest.mark.django_db(transaction=True)
async def test_anonymous_and_foreign_origin_are_refused(job, hr_manager):
    from channels.db import database_sync_to_async

    connected, _ = await communicator(f"/ws/jobs/{job.pk}/").connect()
    assert not connected
    ticket = await database_sync_to_async(auth_services.ws_ticket_issue)(user=hr_manager)
    connected, _ = await communicator(f"/ws/jobs/{job.pk}/?ticket={ticket}", origin=b"http://evil.example").connect()
    assert not connected


@pytest.mark.django_db
def test_job_pages_show_own_jobs_only(client, job, hr_manager, other_hr_manager):
    link = reverse("common:job-detail", args=[job.pk])
    client.force_login(hr_manager)
    assert link in client.get(reverse("common:job-list")).content.decode()
    assert client.get(reverse("common:job-detail", args=[job.pk])).status_code == 200
    client.force_login(other_hr_manager)
    assert link not in client.get(reverse("common:job-list")).content.decode()
    assert client.get(reverse("common:job-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("common:job-download", args=[job.pk])).status_code == 404
