"""Import and export over HTTP, the management commands and the background job."""

import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from common.models import Job
from hrm.models import Employee
from hrm.services.imports import staff_import_job_run
from tests.hrm.test_import_support import staff_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_api_import_small_file_answers_with_the_result(tmp_path, api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1, unit="X28801")])
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1 and Employee.objects.filter(code="CB00001").exists()


def test_api_dry_run_writes_nothing(tmp_path, api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    path = write_csv(tmp_path / "s.csv", [staff_row(1)])
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(path), "dry_run": "true"}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 1
    assert not Employee.objects.exists()


def test_api_officer_of_d2_gets_unit_error_for_d1(tmp_path, api_client, other_hr_manager):
    api_client.force_authenticate(other_hr_manager)
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1, unit="H831")])
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart")
    assert response.status_code == 200
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(2, "Mã đơn vị")]
    assert not Employee.objects.exists()


def test_api_outsider_is_refused(tmp_path, api_client, outsider, province):
    api_client.force_authenticate(outsider)
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1)])
    assert api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart").status_code == 403
    assert api_client.get(reverse("hrm-api:export")).status_code == 403


def test_api_bad_file_type_is_a_400_naming_the_field(api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    bad = SimpleUploadedFile("staff.txt", b"hello")
    response = api_client.post(reverse("hrm-api:import"), {"file": bad}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_api_large_file_becomes_a_job(tmp_path, api_client, hr_manager, settings):
    settings.CONGVU_IMPORT_SYNC_MAX_ROWS = 1
    api_client.force_authenticate(hr_manager)
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1), staff_row(2)])
    with mock.patch("hrm.services.imports.jobs.job_enqueue") as enqueue:
        response = api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart")
    assert response.status_code == 202 and enqueue.called
    job = Job.objects.get(pk=response.json()["job"])
    assert job.kind == "hrm.staff_import" and not Employee.objects.exists()


def _job(user, path, dry_run=False):
    from common.services import job_create

    return job_create(
        kind="hrm.staff_import", title="t", owner=user, params={"dry_run": dry_run}, input_file=upload(path)
    )


def test_task_run_twice_is_idempotent(tmp_path, hr_manager):
    from hrm.tasks import staff_import as task

    job = _job(hr_manager, write_xlsx(tmp_path / "s.xlsx", [staff_row(1), staff_row(2)]))
    task(str(job.pk))
    task(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["created"] == 2
    assert Employee.objects.count() == 2
    again = _job(hr_manager, write_xlsx(tmp_path / "s2.xlsx", [staff_row(1), staff_row(2)]))
    staff_import_job_run(job_id=again.pk)
    again.refresh_from_db()
    assert again.result["unchanged"] == 2 and Employee.objects.count() == 2


def test_failed_job_offers_an_error_report(tmp_path, hr_manager):
    job = _job(hr_manager, write_xlsx(tmp_path / "s.xlsx", [staff_row(1, **{"Ngày sinh": "x"})]))
    staff_import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.output_file
    sheet = load_workbook(job.output_file.path).active
    assert [c.value for c in sheet[2]][:2] == [2, "Ngày sinh"]


def test_command_imports_and_exits_non_zero_on_errors(tmp_path, province, capsys):
    good = write_xlsx(tmp_path / "good.xlsx", [staff_row(1)])
    call_command("import_staff", str(good), "--dry-run")
    assert not Employee.objects.exists()
    call_command("import_staff", str(good))
    assert Employee.objects.count() == 1
    bad = write_csv(tmp_path / "bad.csv", [staff_row(2, **{"Mã đơn vị": "NOPE"})])
    with pytest.raises(CommandError):
        call_command("import_staff", str(bad))
    assert "row 2, column Mã đơn vị" in capsys.readouterr().err


def test_command_as_user_is_limited_to_his_units(tmp_path, other_hr_manager):
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1, unit="H831")])
    with pytest.raises(CommandError):
        call_command("import_staff", str(path), "--user", other_hr_manager.username)


def test_page_shows_counts_and_errors(tmp_path, client, hr_manager):
    client.force_login(hr_manager)
    assert client.get(reverse("hrm:import")).status_code == 200
    bad = write_xlsx(tmp_path / "s.xlsx", [staff_row(1), staff_row(2, **{"Giới tính": "?"})])
    response = client.post(reverse("hrm:import"), {"file": upload(bad)})
    assert response.status_code == 200 and b"data-import-errors" in response.content
    good = write_xlsx(tmp_path / "g.xlsx", [staff_row(1)])
    response = client.post(reverse("hrm:import"), {"file": upload(good)})
    assert b"data-created>1<" in response.content


def test_page_outsider_gets_403(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("hrm:import")).status_code == 403


def test_template_file_has_the_headers_and_imports_cleanly(tmp_path, client, hr_manager):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:import-template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    from hrm.services.imports.columns import HEADERS

    assert [c.value for c in sheet[1]] == HEADERS
