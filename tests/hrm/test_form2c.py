import datetime as dt

import pytest
from django.urls import reverse

from common.models import AuditEntry
from hrm.models import CareerEntry, FamilyMember, Qualification, Reward
from hrm.services.form2c import form2c_data, form2c_pdf
from tests.hrm.factories import UserFactory
from tests.hrm.factories_reports import staff_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee(province):
    employee = staff_create(
        unit=province["c1"],
        dob=dt.date(1985, 3, 4),
        sex="female",
        full_name="Trần Thị Ánh Tuyết",
        native_place="Xã Phú Túc, huyện Châu Thành, tỉnh Bến Tre",
        education_level="dai_hoc",
        party_joined_on=dt.date(2010, 5, 19),
    )
    person = employee.person
    Qualification.objects.create(
        person=person,
        kind="professional",
        institution="Đại học Cần Thơ",
        major="Luật",
        start=dt.date(2003, 9, 1),
        end=dt.date(2007, 6, 30),
        credential="Cử nhân",
    )
    CareerEntry.objects.create(
        person=person,
        start=dt.date(2007, 8, 1),
        end=dt.date(2014, 12, 31),
        description="Giáo viên, Trường THCS Phú Túc",
    )
    FamilyMember.objects.create(person=person, side="own", relation="Cha", full_name="Trần Văn Ba", birth_year=1955)
    FamilyMember.objects.create(person=person, side="spouse", relation="Mẹ chồng", full_name="Lê Thị Tư")
    Reward.objects.create(employee=employee, date=dt.date(2020, 12, 1), form="Giấy khen")
    return employee


@pytest.fixture
def owner(employee):
    return UserFactory(username="tuyet", person=employee.person)


def test_form_lists_every_item_in_order(employee):
    items = form2c_data(employee=employee)["items"]
    numbers = [item["no"] for item in items]
    assert numbers[:14] == [str(n) for n in range(1, 15)]
    assert numbers[14:20] == ["15.1", "15.2", "15.3", "15.4", "15.5", "15.6"]
    assert numbers[20:] == [str(n) for n in range(16, 30)] + ["30a", "30b", "31", "32"]
    assert items[0]["value"] == "TRẦN THỊ ÁNH TUYẾT"


def test_histories_are_tables(employee):
    items = {item["no"]: item for item in form2c_data(employee=employee)["items"]}
    assert items["27"]["rows"][0][0] == "Đại học Cần Thơ"
    assert [row[2] for row in items["28"]["rows"]] == [
        "Giáo viên, Trường THCS Phú Túc",
        "Chuyên viên, Thị trấn Châu Thành",
    ]
    assert items["30a"]["rows"][0][1] == "Trần Văn Ba" and items["30b"]["rows"][0][1] == "Lê Thị Tư"
    assert items["31"]["rows"] == [["01/2015", "T-A1/1", employee.salary_records.get().coefficient]]
    assert "Giấy khen" in items["21"]["value"] and items["16"]["value"].startswith("19/05/2010")


def test_pdf_is_a_pdf(employee):
    assert form2c_pdf(employee=employee).startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["owner", "hr_manager", "admin_user"])
def test_owner_and_hr_see_the_form_and_pdf(client, employee, persona, request):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("hrm:form2c", args=[employee.pk]))
    assert page.status_code == 200 and "TRẦN THỊ ÁNH TUYẾT" in page.content.decode()
    pdf = client.get(reverse("hrm:form2c-pdf", args=[employee.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["other_hr_manager", "outsider", "examiner"])
def test_others_get_404(client, employee, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("hrm:form2c", args=[employee.pk])).status_code == 404
    assert client.get(reverse("hrm:form2c-pdf", args=[employee.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()


def test_every_view_is_audited(client, employee, hr_manager):
    client.force_login(hr_manager)
    client.get(reverse("hrm:form2c", args=[employee.pk]))
    client.get(reverse("hrm:form2c-pdf", args=[employee.pk]))
    entries = AuditEntry.objects.filter(action="view", model="hrm.employee", object_id=str(employee.pk))
    assert sorted(e.note for e in entries) == ["form 2C", "form 2C PDF"]
    assert {e.actor_id for e in entries} == {hr_manager.pk}
    assert {e.unit_id for e in entries} == {employee.unit_id}


def test_anonymous_is_sent_to_login(client, employee):
    assert client.get(reverse("hrm:form2c", args=[employee.pk])).status_code == 302


def test_the_pdf_renders_without_warnings(province, caplog):
    import logging

    from tests.hrm.factories import EmployeeFactory

    employee = EmployeeFactory(unit=province["d1"], person__full_name="Nguyễn Thị Ầu Ễnh")
    with caplog.at_level(logging.WARNING, logger="xhtml2pdf"):
        pdf = form2c_pdf(employee=employee)
    assert pdf.startswith(b"%PDF") and b"DejaVuSans" in pdf
    assert [r.getMessage() for r in caplog.records if r.name.startswith("xhtml2pdf.context")] == []
