import pytest
from django.urls import reverse

from common.models import AuditEntry
from exams.models import PriorityCategory, RegulationProfile
from exams.resources import PriorityCategoryResource
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("model", ["regulationprofile", "prioritycategory"])
def test_changelists_open(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:exams_{model}_changelist")).status_code == 200


def test_profile_change_page_opens(superuser_client):
    profile = RegulationProfile.objects.first()
    assert superuser_client.get(reverse("admin:exams_regulationprofile_change", args=[profile.pk])).status_code == 200


def test_priority_category_export_page_opens(superuser_client):
    assert superuser_client.get(reverse("admin:exams_prioritycategory_export")).status_code == 200


def test_editing_a_priority_category_is_audited(superuser_client):
    category = PriorityCategory.objects.get(key="trade_union_cadre")
    data = {
        "key": category.key,
        "points": "1.5",
        "description": "Cán bộ công đoàn",
        "regimes": '["ND170/2025"]',
        "legal_basis": category.legal_basis,
        "verification": "VERIFIED",
        "valid_from": "07/12/2023",
        "valid_to": "",
    }
    response = superuser_client.post(reverse("admin:exams_prioritycategory_change", args=[category.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(model="exams.prioritycategory", object_id=str(category.pk))
    assert entry.action == "update" and "description" in entry.changes


def test_importing_priority_categories_is_audited():
    category = PriorityCategory.objects.get(key="military_service", valid_from="2020-11-27")
    dataset = PriorityCategoryResource().export(PriorityCategory.objects.filter(pk=category.pk))
    dataset.dict = [{**dataset.dict[0], "description": "Người hoàn thành nghĩa vụ quân sự (sửa)"}]
    result = PriorityCategoryResource().import_data(dataset, dry_run=False)
    assert not result.has_errors()
    entry = AuditEntry.objects.get(model="exams.prioritycategory", object_id=str(category.pk), note="import")
    assert entry.action == "update" and "description" in entry.changes


@pytest.mark.parametrize("model", ["candidate", "candidateclaim", "candidateseat"])
def test_candidate_changelists_open(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:exams_{model}_changelist")).status_code == 200
