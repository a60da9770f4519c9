import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEntry
from hrm.models import Assignment, Employee, Person, Rank, SalaryRecord
from hrm.services.staff import employee_hire, employee_transfer

pytestmark = pytest.mark.django_db

D2020 = dt.date(2020, 3, 1)


def hire(unit, *, code="NV001", cccd="083090001234", **kwargs):
    fields = {"full_name": "nguyễn văn an", "date_of_birth": dt.date(1990, 5, 4), "sex": "male"}
    return employee_hire(
        code=code,
        staff_type="cong_chuc",
        unit=unit,
        on=D2020,
        actor=None,
        cccd=cccd,
        person_fields=fields,
        position="Chuyên viên",
        rank=Rank.objects.get(code="01.003"),
        step=2,
        **kwargs,
    )


def test_hire_creates_person_employee_open_assignment_and_salary(province):
    employee = hire(province["c1"])
    assert employee.person.full_name == "Nguyễn Văn An"
    assert str(employee.coefficient) == "2.67"
    assert Assignment.objects.get(employee=employee).valid_to is None
    record = SalaryRecord.objects.get(employee=employee)
    assert (record.step, record.valid_from, record.valid_to) == (2, D2020, None)
    assert AuditEntry.objects.filter(model="hrm.employee", object_id=str(employee.pk), action="create").exists()


def test_hire_reuses_the_person_with_the_same_cccd(province):
    person = Person.objects.create(
        full_name="Nguyễn Văn An", date_of_birth=dt.date(1990, 5, 4), sex="male", cccd="083090000001"
    )
    employee = hire(province["c1"], cccd="083090000001")  # same name (case aside) and birth date
    assert employee.person_id == person.pk
    assert Person.objects.count() == 1


def test_hire_refuses_a_second_active_record_and_changes_nothing(province):
    hire(province["c1"])
    with pytest.raises(ValidationError) as exc:
        hire(province["c2"], code="NV002")
    assert "cccd" in exc.value.message_dict
    assert Employee.objects.count() == 1


def test_hire_refuses_a_step_outside_the_scale(province):
    with pytest.raises(ValidationError) as exc:
        employee_hire(
            code="X",
            staff_type="cong_chuc",
            unit=province["c1"],
            on=D2020,
            actor=None,
            person_fields={"full_name": "A B", "date_of_birth": dt.date(1990, 1, 1), "sex": "male"},
            rank=Rank.objects.get(code="01.003"),
            step=15,
        )
    assert "step" in exc.value.message_dict
    assert not Person.objects.exists()


def test_transfer_closes_the_open_assignment_and_moves_the_record(province):
    employee = hire(province["c1"])
    on = dt.date(2023, 6, 1)
    employee_transfer(employee=employee, unit=province["dept"], on=on, reason="transfer", actor=None)
    rows = list(Assignment.objects.filter(employee=employee).order_by("valid_from"))
    assert [(r.unit_id, r.valid_to) for r in rows] == [(province["c1"].pk, on), (province["dept"].pk, None)]
    employee.refresh_from_db()
    assert employee.unit_id == province["dept"].pk


def test_transfer_before_the_current_assignment_is_refused(province):
    employee = hire(province["c1"])
    with pytest.raises(ValidationError) as exc:
        employee_transfer(
            employee=employee, unit=province["dept"], on=dt.date(2019, 1, 1), reason="transfer", actor=None
        )
    assert "on" in exc.value.message_dict
    assert Assignment.objects.filter(employee=employee).count() == 1
