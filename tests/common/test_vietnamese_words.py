"""Every word a Vietnamese user meets is Vietnamese: the API's own validation messages included."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_drf_field_errors_are_in_vietnamese(api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:unit-choices"), {"limit": "many"})
    assert response.status_code == 400
    assert response.json()["limit"] == ["Cần nhập một số nguyên hợp lệ."]
    response = api_client.get(reverse("hrm-api:unit-choices"), {"limit": "0"})
    assert response.json()["limit"] == ["Giá trị này phải lớn hơn hoặc bằng 1."]


def test_drf_refusals_are_in_vietnamese(api_client):
    response = api_client.get(reverse("hrm-api:unit-choices"))
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Chưa cung cấp thông tin xác thực."
