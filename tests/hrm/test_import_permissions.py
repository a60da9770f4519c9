"""Only HR officers with units (and province administrators) import staff, on every entry point: admin page, page,
API, command, background job. An import is also a lookup of the registry (issue #11 item 7)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from common.models import Job
from hrm.models import Employee, Person, Role
from hrm.services.access import user_admin_access_sync
from hrm.services.imports import staff_import, staff_import_job_run, staff_import_start
from tests.hrm.factories import GrantFactory, PersonFactory, UserFactory
from tests.hrm.test_import_api import upload
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = pytest.mark.django_db
ADMIN_IMPORT = "admin:hrm_employee_import_file"


@pytest.fixture
def officer_without_units(db):
    """An HR officer whose grant names no unit: he manages nobody."""
    user = UserFactory(username="hr_nowhere")
    GrantFactory(user=user, role=Role.HR_OFFICER, unit=None)
    return user


@pytest.fixture
def probe(tmp_path, province):
    """A file whose row carries the CCCD of a person in the registry, under another name."""
    person = PersonFactory(full_name="Lê Thị Thu", sex="male", cccd=staff_row(1)["Số CCCD"])
    return write_xlsx(tmp_path / "probe.xlsx", [staff_row(1, **{"Họ và tên": "Ai Đó"})]), person


def back_office(client, user):
    user_admin_access_sync(user=user)
    user.refresh_from_db()
    client.force_login(user)
    return client


def test_an_exam_board_member_gets_403_on_the_admin_import_page(client, examiner, probe):
    path, person = probe
    back_office(client, examiner)
    assert examiner.is_staff  # he has a back office, for the exam regulations
    assert client.get(reverse(ADMIN_IMPORT)).status_code == 403
    response = client.post(reverse(ADMIN_IMPORT), {"file": upload(path), "dry_run": "on"})
    assert response.status_code == 403 and b"CCCD" not in response.content
    assert not Employee.objects.exists() and Person.objects.get().full_name == person.full_name


def test_an_hr_officer_without_units_gets_403_everywhere(client, api_client, officer_without_units, probe):
    path, _person = probe
    back_office(client, officer_without_units)
    assert client.get(reverse(ADMIN_IMPORT)).status_code == 403
    assert client.get(reverse("hrm:import")).status_code == 403
    api_client.force_authenticate(officer_without_units)
    assert api_client.post(reverse("hrm-api:import"), {"file": upload(path)}).status_code == 403


def test_the_exam_board_gets_403_on_the_page_and_the_api(client, api_client, examiner, probe):
    path, _person = probe
    client.force_login(examiner)
    assert client.get(reverse("hrm:import")).status_code == 403
    assert client.post(reverse("hrm:import"), {"file": upload(path)}).status_code == 403
    api_client.force_authenticate(examiner)
    assert api_client.post(reverse("hrm-api:import"), {"file": upload(path)}).status_code == 403


def test_the_command_refuses_a_user_who_manages_no_staff_before_reading_the_file(examiner, probe, capsys):
    path, _person = probe
    with pytest.raises(CommandError, match="does not manage staff"):
        call_command("import_staff", str(path), "--dry-run", "--user", examiner.username)
    assert capsys.readouterr().err == ""  # not one row checked, so nothing said about the CCCD
    assert not Employee.objects.exists()


def test_the_services_refuse_too(examiner, officer_without_units, probe):
    path, _person = probe
    for user in (examiner, officer_without_units):
        with pytest.raises(PermissionDenied):
            staff_import(path=path, user=user, dry_run=True)
        with pytest.raises(PermissionDenied):
            staff_import_start(user=user, upload=upload(path), dry_run=True)


def test_a_queued_import_of_someone_whose_role_ended_writes_nothing(hr_manager, tmp_path, province):
    from common.services import job_create

    path = write_xlsx(tmp_path / "a.xlsx", [staff_row(1)])
    job = job_create(kind="hrm.staff_import", title="t", owner=hr_manager, params={}, input_file=upload(path))
    hr_manager.grants.all().delete()  # between the upload and the worker
    staff_import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not Employee.objects.exists()


def test_an_hr_officer_with_units_keeps_the_admin_import_page_and_its_link(client, hr_manager, tmp_path, province):
    back_office(client, hr_manager)
    assert client.get(reverse(ADMIN_IMPORT)).status_code == 200
    assert reverse(ADMIN_IMPORT) in client.get(reverse("admin:hrm_employee_changelist")).content.decode()
    path = write_xlsx(tmp_path / "a.xlsx", [staff_row(1, unit="X28801")])
    response = client.post(reverse(ADMIN_IMPORT), {"file": upload(path)})
    assert response.status_code == 302 and Employee.objects.filter(code="CB00001").exists()
