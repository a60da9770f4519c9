import pytest
from django.urls import reverse

from exams.models import RegulationProfile

pytestmark = pytest.mark.django_db


def test_profile_list_shape(api_client, examiner):
    api_client.force_authenticate(examiner)
    response = api_client.get(reverse("exams-api:profiles"))
    assert response.status_code == 200
    assert len(response.data) == 8  # with the 3 promotion profiles
    assert set(response.data[0]) == {
        "id",
        "code",
        "name",
        "kind",
        "staff_type",
        "legal_basis",
        "verification",
        "valid_from",
        "valid_to",
    }


def test_profile_list_filters_by_on(api_client, examiner):
    api_client.force_authenticate(examiner)
    response = api_client.get(reverse("exams-api:profiles"), {"on": "2024-01-01"})
    assert {p["code"] for p in response.data} == {
        "congchuc_ND138_2020",
        "vienchuc_ND115_2020_as_amended_ND85_2023",
        "it_certificate_TTLT17_2016",
        "congchuc_nang_ngach_ND138_2020",
        "vienchuc_thang_hang_ND85_2023",
    }


def test_profile_detail_includes_config(api_client, examiner):
    api_client.force_authenticate(examiner)
    profile = RegulationProfile.objects.get(code="congchuc_ND138_2020")
    response = api_client.get(reverse("exams-api:profile-detail", args=[profile.pk]))
    assert response.status_code == 200
    assert response.data["config"]["round1"]["parts"][0]["questions"] == 60
    assert response.data["valid_to"] == "2025-07-01"


def test_unknown_profile_gets_404(api_client, examiner):
    api_client.force_authenticate(examiner)
    assert api_client.get(reverse("exams-api:profile-detail", args=[999999])).status_code == 404


def test_priority_categories_filter_by_on(api_client, examiner):
    api_client.force_authenticate(examiner)
    response = api_client.get(reverse("exams-api:priority-categories"), {"on": "2026-11-24"})
    assert response.status_code == 200
    assert [c["points"] for c in response.data] == ["7.5", "5.0", "2.5", "1.5"]
    assert set(response.data[0]) >= {"key", "points", "description", "regimes", "valid_from", "valid_to"}


@pytest.mark.parametrize("name", ["exams-api:profiles", "exams-api:priority-categories"])
def test_bad_on_gets_400_naming_the_field(api_client, examiner, name):
    api_client.force_authenticate(examiner)
    response = api_client.get(reverse(name), {"on": "24/13/2026"})
    assert response.status_code == 400
    assert "on" in response.data


@pytest.mark.parametrize("name", ["exams-api:profiles", "exams-api:priority-categories"])
def test_outsider_gets_403(api_client, outsider, name):
    api_client.force_authenticate(outsider)
    assert api_client.get(reverse(name)).status_code == 403


def test_anonymous_is_refused(api_client):
    assert api_client.get(reverse("exams-api:profiles")).status_code in (401, 403)
