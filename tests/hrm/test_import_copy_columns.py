"""New records' COPY text is made from the plan's columns (planning.RowValues), never from a dict per row: the text
is the one the rows' dicts give."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from hrm.models import Employee, Person
from hrm.services.imports import bulk
from hrm.services.imports.bulk import copy_columns_make, copy_rows_make
from hrm.services.imports.columns import HEADERS, STATUS
from hrm.services.imports.planning import Plan, Row, plan_make
from hrm.services.imports.reading import frame_read
from hrm.services.imports.validating import frame_check, frame_headers
from hrm.services.imports.writing import plan_prepare
from tests.hrm.factories import PersonFactory
from tests.hrm.test_import_support import staff_row, write_csv

ON = dt.date(2025, 3, 1)
NOW = timezone.now()


class Pool:
    """IdPool's answer without a database: consecutive ids per model."""

    def __init__(self):
        self._next = {}

    def take(self, *, model, count: int) -> list[int]:
        ids = self._next.setdefault(model, itertools.count(1000))
        return [next(ids) for _ in range(count)]


def table(copy) -> list[dict]:
    """The rows of COPY text, as column → text."""
    text = b"".join(copy.chunks).decode()
    return [dict(zip(copy.columns, line.split("\t"), strict=True)) for line in text.splitlines()]


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch):
    monkeypatch.setattr(bulk.timezone, "now", lambda: NOW)


def test_columns_give_the_text_dicts_give():
    rows = [
        {"full_name": "Tab\there", "date_of_birth": dt.date(1980, 2, 29), "sex": "male", "cccd": None},
        {"full_name": "Back\\slash \\N", "date_of_birth": None, "sex": "female", "cccd": "083180000001"},
    ]
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    from_dicts = copy_rows_make(model=Person, rows=rows, pool=Pool())
    from_columns = copy_columns_make(model=Person, columns=columns, count=len(rows), pool=Pool())
    assert table(from_columns) == table(from_dicts)
    assert from_columns.ids == from_dicts.ids == [1000, 1001]


def _copied(row: Row) -> Row:
    """The same row with its values as dicts (the path of rows whose values are not the columns')."""
    copy = Row(row.row, dict(row.person), dict(row.employee), row.employee_id, row.person_id, action=row.action)
    copy.adopted = row.adopted
    return copy


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [HEADERS, [h for h in HEADERS if h != STATUS]], ids=["status", "no-status"])
def test_a_plans_new_records_copy_the_same_from_columns_as_from_dicts(tmp_path, province, admin_user, headers):
    known = staff_row(4)  # a person the registry knows by CCCD, without a staff record: hired again (adopted)
    PersonFactory(full_name=known["Họ và tên"], date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=4 * 37))
    Person.objects.filter(full_name=known["Họ và tên"]).update(cccd=known["Số CCCD"], sex="female")
    rows = [staff_row(n) for n in range(1, 7)] + [staff_row(7, **{"Ngày tuyển dụng": "01/04/2025"})]  # a later hire
    frame, _written, errors = frame_headers(frame=frame_read(path=write_csv(tmp_path / "s.csv", rows, headers)))
    checked = frame_check(frame=frame, user=admin_user, on=ON)
    assert errors == [] and checked.errors == []
    plan = plan_make(checked=checked)
    dicts = Plan([_copied(r) for r in plan_make(checked=checked).rows])
    assert [r.adopted for r in plan.rows] == [False, False, False, True, False, False, False]
    assert [r.lazy for r in plan.rows] == [True, True, True, False, True, True, True]

    from_columns = plan_prepare(plan=plan, user=admin_user, on=ON, pool=Pool())
    from_dicts = plan_prepare(plan=dicts, user=admin_user, on=ON, pool=Pool())

    assert all(r._person is None and r._employee is None for r in plan.rows if r.lazy)  # never made dicts
    assert table(from_columns.people) == table(from_dicts.people) and len(table(from_dicts.people)) == 6
    assert table(from_columns.staff) == table(from_dicts.staff) and len(table(from_dicts.staff)) == 7
    assert from_columns.created_names == from_dicts.created_names
    statuses = [r["status"] for r in table(from_columns.staff)]
    assert statuses == [Employee.Status.ACTIVE] * 6 + [Employee.Status.PENDING]
