"""Jobs: an atomic claim (two deliveries, one run), one run-now-or-enqueue shape, final events after commit."""

from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse

from common import realtime, services
from common.models import AuditEntry, Job
from common.services import Outcome

pytestmark = pytest.mark.django_db


def _queued_audit_export(owner) -> Job:
    from common.audit_exports import KIND

    return services.job_create(kind=KIND, title="Nhật ký", owner=owner, params={"filters": {}})


def test_a_claim_starts_a_queued_job_once(hr_manager):
    job = services.job_create(kind="test", title="t", owner=hr_manager)
    claimed = services.job_claim(job_id=job.pk, kind="test", total=5, message="go")
    assert claimed is not None and (claimed.status, claimed.total, claimed.message) == ("running", 5, "go")
    assert claimed.started_at is not None and claimed.heartbeat_at is not None
    assert services.job_claim(job_id=job.pk, kind="test") is None  # running: a second delivery gets nothing
    services.job_finish(job=claimed, result={})
    assert services.job_claim(job_id=job.pk, kind="test") is None  # finished
    assert services.job_claim(job_id=job.pk, kind="other") is None  # another kind's task


def test_a_second_delivery_while_the_first_runs_returns_quietly(hr_manager):
    """Two deliveries of one job: the second arrives while the first is writing the file; one body runs."""
    from common import audit_exports
    from common.tasks import audit_export as audit_export_task

    job = _queued_audit_export(hr_manager)
    bodies = []
    real_export = audit_exports.audit_export

    def export_body(**kwargs):
        bodies.append(kwargs["user"].pk)
        assert audit_export_task(str(job.pk)) is None  # redelivered mid-run: returns at once
        return real_export(**kwargs)

    with mock.patch.object(audit_exports, "audit_export", side_effect=export_body):
        audit_export_task(str(job.pk))
        audit_export_task(str(job.pk))  # and again after it finished
    job.refresh_from_db()
    assert bodies == [hr_manager.pk]
    assert job.status == Job.Status.SUCCEEDED and job.output_file
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


def test_the_staff_export_job_runs_once_when_delivered_twice(hr_manager):
    from hrm.services import exports
    from hrm.tasks import staff_export as staff_export_task

    job = services.job_create(kind=exports.KIND, title="t", owner=hr_manager, params={"filters": {}})
    with mock.patch.object(exports, "staff_export", wraps=exports.staff_export) as body:
        staff_export_task(str(job.pk))
        staff_export_task(str(job.pk))
    assert body.call_count == 1


def test_outcome_says_queued_or_done(hr_manager):
    job = services.job_create(kind="test", title="t", owner=hr_manager)
    assert (Outcome(job=job).queued, Outcome(job=job).status_code) == (True, 202)
    assert (Outcome(result={"n": 1}).queued, Outcome(content=b"x", filename="f").status_code) == (False, 200)


def test_the_staff_export_api_and_page_answer_202_and_redirect_for_a_large_list(
    client, api_client, hr_manager, mai, settings
):
    settings.CONGVU_EXPORT_SYNC_MAX_ROWS = 0
    api_client.force_authenticate(hr_manager)
    with mock.patch("hrm.services.exports.job_enqueue"):
        response = api_client.get(reverse("hrm-api:export"))
    assert response.status_code == 202
    assert Job.objects.get(pk=response.json()["job"]).kind == "hrm.staff_export"
    client.force_login(hr_manager)
    with mock.patch("hrm.services.exports.job_enqueue"):
        page = client.get(reverse("hrm:export"))
    assert page.status_code == 302 and "/jobs/" in page["Location"]


def test_the_audit_export_page_redirects_to_the_job_of_a_long_trail(client, hr_manager, settings):
    settings.CONGVU_EXPORT_SYNC_MAX_ROWS = -1
    client.force_login(hr_manager)
    with mock.patch("common.audit_exports.job_enqueue"):
        page = client.get(reverse("common:audit-export"))
    assert page.status_code == 302
    assert Job.objects.get(kind="common.audit_export").owner == hr_manager


def test_send_after_commit_sends_only_once_committed(django_capture_on_commit_callbacks):
    with mock.patch.object(realtime, "_send") as send:
        with django_capture_on_commit_callbacks(execute=True):
            realtime.send_after_commit("g", {"type": "x.y"})
            assert not send.called
        send.assert_called_once_with("g", {"type": "x.y"})


@pytest.mark.django_db(transaction=True)
def test_send_after_commit_sends_nothing_when_rolled_back():
    with mock.patch.object(realtime, "_send") as send:
        with pytest.raises(RuntimeError), transaction.atomic():
            realtime.send_after_commit("g", {"type": "x.y"})
            raise RuntimeError
        assert not send.called
        realtime.send_after_commit("g", {"type": "x.y"})  # outside a transaction: at once
        send.assert_called_once()


def test_a_finished_job_tells_its_page_after_commit(hr_manager, django_capture_on_commit_callbacks):
    job = services.job_claim(job_id=services.job_create(kind="test", title="t", owner=hr_manager).pk, kind="test")
    with mock.patch.object(realtime, "_send") as send:
        with django_capture_on_commit_callbacks(execute=True):
            services.job_finish(job=job, result={"n": 1})
            assert not send.called
    group, event = send.call_args.args
    assert group == realtime.job_group(job.pk) and event["state"]["status"] == "succeeded"
