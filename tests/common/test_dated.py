import datetime as dt

import pytest

from common.dated import EffectiveDated, EffectiveDatedQuerySet
from hrm.models import Assignment, OrgUnit, OrgUnitVersion
from hrm.services.restructure import unit_dissolve
from tests.hrm.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

DISSOLVED = dt.date(2024, 7, 1)


def test_units_are_effective_dated_rows_like_the_rules():
    assert issubclass(OrgUnit, EffectiveDated)
    assert isinstance(OrgUnit.objects.all(), EffectiveDatedQuerySet)


def test_open_rows_are_those_without_an_end(province, admin_user):
    unit_dissolve(unit=province["c2"], on=DISSOLVED, transfer_to=province["c1"], actor=admin_user)
    open_units = set(OrgUnit.objects.open())
    assert province["c2"] not in open_units
    assert province["c1"] in open_units
    assert list(OrgUnitVersion.objects.open().filter(unit=province["c2"])) == []


def test_units_answer_in_force_on_a_date_like_every_dated_row(province, admin_user):
    unit_dissolve(unit=province["c2"], on=DISSOLVED, transfer_to=province["c1"], actor=admin_user)
    before = set(OrgUnit.objects.in_force(DISSOLVED - dt.timedelta(days=1)))
    after = set(OrgUnit.objects.in_force(DISSOLVED))
    assert province["c2"] in before and province["c2"] not in after
    assert province["c2"].in_force_on(DISSOLVED - dt.timedelta(days=1))


def test_related_managers_of_dated_rows_reach_open(province):
    employee = EmployeeFactory(unit=province["c1"])
    assert [row.unit for row in Assignment.objects.open().filter(employee=employee)] == [province["c1"]]
    assert list(province["d1"].children.open()) == [province["c1"]]


def test_short_date_reads_dd_mm_yyyy_and_names_a_missing_day():
    from common.dated import short_date

    assert short_date(dt.date(2024, 7, 1)) == "01/07/2024"
    assert short_date(None) == ""
    assert short_date(None, blank="—") == "—"


def test_a_quota_reads_its_period_with_the_one_short_date(province):
    from hrm.models import StaffQuota

    row = StaffQuota(unit=province["c1"], quota=12, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2025, 7, 1))
    assert str(row) == "12 (01/01/2024–01/07/2025)"
    row.valid_to = None
    assert str(row) == "12 (01/01/2024–)"
