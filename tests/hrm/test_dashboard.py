import datetime as dt

import pytest
from django.urls import reverse

from hrm.services.reports import dashboard_data
from tests.hrm.factories_reports import staff_create

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 6, 30)


@pytest.fixture
def staff(province):
    staff_create(unit=province["c1"], dob=dt.date(1990, 1, 1), sex="female", group="A1", education_level="dai_hoc")
    staff_create(unit=province["c1"], dob=dt.date(1992, 1, 1), group="A1", education_level="dai_hoc")
    staff_create(unit=province["d1"], dob=dt.date(1962, 1, 1), group="A2.1", education_level="thac_si")


def test_pyramid_counts_five_year_bands_by_sex(hr_manager, province, staff):
    data = dashboard_data(user=hr_manager, unit=province["d1"], on=ON)
    bands = {row["band"]: row for row in data["pyramid"]}
    assert bands["30–34"] == {"band": "30–34", "male": 1, "female": 1}
    assert bands["60–64"]["male"] == 1
    assert sum(row["male"] + row["female"] for row in data["pyramid"]) == data["total"] == 3


def test_ranks_and_education_distributions(hr_manager, province, staff):
    data = dashboard_data(user=hr_manager, unit=province["d1"], on=ON)
    assert [bar["count"] for bar in data["ranks"]][:5] == [0, 1, 2, 0, 0]
    assert sum(bar["count"] for bar in data["education"]) == 3


def test_dashboard_of_a_unit_outside_scope_is_none(other_hr_manager, province, staff):
    assert dashboard_data(user=other_hr_manager, unit=province["d1"], on=ON) is None


def test_dashboard_page_draws_bars(client, hr_manager, province, staff):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:dashboard"), {"unit": province["d1"].pk, "on": "30/06/2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-band="30–34"' in html and "width: 100%" in html


def test_dashboard_page_for_another_district_is_404(client, other_hr_manager, province):
    client.force_login(other_hr_manager)
    assert client.get(reverse("hrm:dashboard"), {"unit": province["d1"].pk}).status_code == 404
