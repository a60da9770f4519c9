"""The hire page /hrm/staff/new/ and POST /api/hrm/staff/ explain bad dates in Vietnamese on the right field:
a birth date in the future, an age at recruitment out of the law's bounds, dates out of order."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from common.dated import short_date
from hrm.models import Employee
from tests.hrm.test_hire import form as hire_form

pytestmark = pytest.mark.django_db


def form(province, **overrides) -> dict:
    """The hire page's form of test_hire without a CCCD: the cases below move the birth date, which a CCCD encodes."""
    return hire_form(province, **{"cccd": "", **overrides})


def _cases():
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    future = {"date_of_birth": tomorrow.strftime("%d/%m/%Y"), "on": today.strftime("%d/%m/%Y")}
    return [
        pytest.param(future, "date_of_birth", f"đến {short_date(today)}.", id="birth-in-the-future"),
        pytest.param({"date_of_birth": "01/01/1900"}, "date_of_birth", "Ngày sinh phải từ", id="born-too-long-ago"),
        pytest.param(
            {"date_of_birth": "01/01/2012"},
            "on",
            "Người được tuyển dụng phải đủ 18 tuổi vào ngày tuyển dụng.",
            id="too-young-at-recruitment",
        ),
        pytest.param(
            {"date_of_birth": "01/04/2025"},
            "date_of_birth",
            "Ngày sinh phải trước ngày tuyển dụng.",
            id="birth-after-recruitment",
        ),
    ]


@pytest.mark.parametrize(("overrides", "field", "words"), _cases())
def test_the_page_explains_bad_dates_in_vietnamese_on_their_field(
    client, hr_manager, province, overrides, field, words
):
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:staff-hire"), form(province, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field] and words in errors[field][0], errors
    assert words in response.content.decode()
    assert not Employee.objects.exists()


@pytest.mark.parametrize(("overrides", "field", "words"), _cases())
def test_the_api_explains_bad_dates_in_vietnamese_on_their_field(
    api_client, hr_manager, province, overrides, field, words
):
    api_client.force_authenticate(hr_manager)
    data = form(province, **overrides)
    for name in ("on", "date_of_birth"):  # the API takes ISO dates
        data[name] = dt.datetime.strptime(data[name], "%d/%m/%Y").date().isoformat()
    response = api_client.post(reverse("hrm-api:staff-list"), data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field] and words in body[field][0], body
    assert not Employee.objects.exists()
