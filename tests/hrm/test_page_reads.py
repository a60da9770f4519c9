"""The reads and checks the pages used to hold, now selectors and services every path calls."""

import datetime as dt

import pytest

from common.errors import ApplicationError
from hrm.histories import HISTORY_KINDS
from hrm.selectors.hire import unit_choices_for_hire, unit_list_for_hire, user_can_hire
from hrm.selectors.histories import assignment_current, history_row_get
from hrm.selectors.staff import employee_get_own
from hrm.selectors.units import unit_get, unit_list_open, unit_list_open_for_user, unit_tree_for_user
from hrm.services.hire import hire_unit_for
from hrm.services.restructure import unit_dissolve
from tests.hrm.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def c2_closed(province, admin_user):
    unit_dissolve(unit=province["c2"], on=dt.date(2024, 7, 1), transfer_to=province["c1"], actor=admin_user)
    province["c2"].refresh_from_db()
    return province["c2"]


def test_open_unit_lists_leave_closed_units_out(province, admin_user, c2_closed):
    assert c2_closed not in unit_list_open()
    assert c2_closed not in unit_list_open_for_user(user=admin_user)
    assert c2_closed not in unit_list_for_hire(user=admin_user)
    assert c2_closed in unit_tree_for_user(user=admin_user, closed=True)
    assert c2_closed not in unit_tree_for_user(user=admin_user)
    assert unit_get(unit_id=c2_closed.pk) == c2_closed


def test_an_officer_hires_into_his_own_open_units_only(province, hr_manager, outsider):
    assert {pk for pk, _label in unit_choices_for_hire(user=hr_manager)} == {province["d1"].pk, province["c1"].pk}
    assert user_can_hire(user=hr_manager)
    assert not user_can_hire(user=outsider)
    assert hire_unit_for(user=hr_manager, unit_id=province["c1"].pk) == province["c1"]
    with pytest.raises(ApplicationError) as refused:
        hire_unit_for(user=hr_manager, unit_id=province["c2"].pk)
    assert list(refused.value.message_dict) == ["unit"]


def test_a_closed_unit_is_refused_on_the_unit_field(province, admin_user, c2_closed):
    with pytest.raises(ApplicationError) as refused:
        hire_unit_for(user=admin_user, unit_id=c2_closed.pk)
    assert "01/07/2024" in refused.value.message_dict["unit"][0]


def test_own_record_is_none_without_a_person(mai, outsider):
    assert employee_get_own(user=outsider) is None
    user = UserFactory(username="mai", person=mai.person)
    assert employee_get_own(user=user) == mai


def test_history_rows_are_read_through_their_staff_member(mai, province):
    kind = HISTORY_KINDS["assignment"]
    current = assignment_current(employee=mai)
    assert current.unit == province["d1"]
    assert history_row_get(employee=mai, kind=kind, pk=current.pk) == current
    other = EmployeeFactory(unit=province["c1"])
    other_row = assignment_current(employee=other)
    assert history_row_get(employee=mai, kind=kind, pk=other_row.pk) is None
