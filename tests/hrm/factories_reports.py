"""Staff built row by row (Person, Employee, Assignment, SalaryRecord) for the report and form 2C tests."""

import datetime as dt
import itertools
from decimal import Decimal

from common.dated import in_force_q
from hrm.models import Assignment, Employee, OrgUnitVersion, Person, Rank, RankGroup, RetirementAge, SalaryRecord

_codes = itertools.count(1)
SINCE = dt.date(2015, 1, 1)


def rank_in_group(group_code: str) -> Rank:
    """A test-only rank paid in `group_code` since 2015 (codes that no seed migration uses)."""
    rank, created = Rank.objects.get_or_create(code=f"T-{group_code}", defaults={"name": f"Test rank {group_code}"})
    if created:
        RankGroup.objects.create(rank=rank, group_code=group_code, valid_from=SINCE)
    return rank


def retirement_ages_on(on: dt.date) -> dict:
    """The retirement age in force on `on` for each sex, creating 2024's ages if no seed provides one."""
    ages = {}
    for sex, years, months in (("male", 61, 0), ("female", 56, 4)):
        row = RetirementAge.objects.filter(sex=sex).in_force_one(on)
        if row is None:
            row = RetirementAge.objects.create(
                sex=sex,
                years=years,
                months=months,
                valid_from=dt.date(on.year, 1, 1),
                valid_to=dt.date(on.year + 1, 1, 1),
            )
        ages[sex] = row
    return ages


def staff_create(
    *,
    unit,
    dob: dt.date,
    sex: str = "male",
    group: str | None = "A1",
    start: dt.date = SINCE,
    end: dt.date | None = None,
    **person_fields,
) -> Employee:
    """A staff member assigned to `unit` from `start` (to `end`), paid in a rank of `group` (None: no salary)."""
    n = next(_codes)
    person = Person.objects.create(
        full_name=person_fields.pop("full_name", f"Nguyễn Văn Thử {n}"), date_of_birth=dob, sex=sex, **person_fields
    )
    rank = rank_in_group(group) if group else None
    employee = Employee.objects.create(
        person=person,
        code=f"RPT{n:05d}",
        staff_type="cong_chuc",
        unit=unit,
        rank=rank,
        salary_step=1,
        coefficient=Decimal("2.34") if rank else None,
        status="active" if end is None else "left",
    )
    Assignment.objects.create(employee=employee, unit=unit, position="Chuyên viên", valid_from=start, valid_to=end)
    if rank:
        SalaryRecord.objects.create(
            employee=employee, rank=rank, step=1, coefficient=Decimal("2.34"), valid_from=start, valid_to=end
        )
    return employee


def unit_move(*, unit, new_parent, on: dt.date) -> None:
    """Move `unit` under `new_parent` from `on`: close its dated version, open a new one, update today's tree."""
    old = OrgUnitVersion.objects.filter(in_force_q(on), unit=unit).get()
    old.valid_to = on
    old.save(update_fields=["valid_to"])
    unit.parent = new_parent
    unit.path = f"{new_parent.path}{unit.pk}/"
    unit.save(update_fields=["parent", "path"])
    OrgUnitVersion.objects.create(unit=unit, parent=new_parent, path=unit.path, name=old.name, valid_from=on)
