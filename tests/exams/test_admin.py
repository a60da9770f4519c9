import copy
import json

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


def _profile_form(profile, config):
    return {
        "code": profile.code,
        "name": profile.name,
        "kind": profile.kind,
        "staff_type": profile.staff_type,
        "legal_basis": profile.legal_basis,
        "verification": profile.verification,
        "config": json.dumps(config, ensure_ascii=False),
        "valid_from": profile.valid_from.strftime("%d/%m/%Y"),
        "valid_to": profile.valid_to.strftime("%d/%m/%Y") if profile.valid_to else "",
    }


def test_a_profile_with_malformed_rules_is_refused_with_the_key_named(superuser_client):
    profile = RegulationProfile.objects.get(code="congchuc_ND170_2025")
    config = copy.deepcopy(profile.config)
    config["rules"]["round2"]["forms"]["written_interview"]["written"] = 0.6
    url = reverse("admin:exams_regulationprofile_change", args=[profile.pk])
    response = superuser_client.post(url, _profile_form(profile, config))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["config"]
    assert errors == ["rules.round2.forms.written_interview: tổng các trọng số phải bằng 1"]
    profile.refresh_from_db()
    assert profile.config["rules"]["round2"]["forms"]["written_interview"]["written"] == 0.7


def test_a_profile_without_rules_is_refused(superuser_client):
    profile = RegulationProfile.objects.get(code="congchuc_ND170_2025")
    config = {key: value for key, value in profile.config.items() if key != "rules"}
    url = reverse("admin:exams_regulationprofile_change", args=[profile.pk])
    response = superuser_client.post(url, _profile_form(profile, config))
    assert response.context["adminform"].form.errors["config"] == ["rules: cần một đối tượng {…}"]


def test_a_profile_with_good_rules_is_saved(superuser_client):
    profile = RegulationProfile.objects.get(code="congchuc_ND170_2025")
    config = copy.deepcopy(profile.config)
    config["rules"]["review"]["window"] = 6
    url = reverse("admin:exams_regulationprofile_change", args=[profile.pk])
    assert superuser_client.post(url, _profile_form(profile, config)).status_code == 302
    profile.refresh_from_db()
    assert profile.config["rules"]["review"]["window"] == 6


@pytest.mark.parametrize("model", ["candidate", "candidateclaim", "candidateseat"])
def test_candidate_changelists_open(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:exams_{model}_changelist")).status_code == 200


@pytest.fixture
def decided(province):
    """A computed exam whose last place was tied, then decided by the head through the service."""
    from exams.models import Result, TieDecision
    from exams.services.results import results_compute, tie_decide
    from tests.exams.factories_results import results_exam, sitting

    exam, position, parts, board = results_exam(agency=province["dept"], places=1)
    g, w, i = parts["general"], parts["written"], parts["interview"]
    a = sitting(exam, position, "BT001", marks={g: 45, w: 70, i: 70})
    b = sitting(exam, position, "BT002", marks={g: 45, w: 70, i: 70})
    results_compute(exam=exam, actor=board)
    tie_decide(exam=exam, position=position, selected=[a.pk], head_name="Ông Trưởng", reason="Ưu tiên",
               document="QĐ 12/QĐ-SNV", actor=board)  # fmt: skip
    return {"exam": exam, "board": board, "result": Result.objects.get(candidate=b),
            "decision": TieDecision.objects.get(exam=exam)}  # fmt: skip


@pytest.mark.parametrize("model", ["result", "tiedecision"])
def test_results_and_decisions_are_read_only_in_the_admin_even_for_a_superuser(superuser_client, decided, model):
    obj = decided["result"] if model == "result" else decided["decision"]
    assert superuser_client.get(reverse(f"admin:exams_{model}_changelist")).status_code == 200
    page = superuser_client.get(reverse(f"admin:exams_{model}_change", args=[obj.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert (
        reverse("exams:results", args=[decided["exam"].pk]).encode()
        in superuser_client.get(reverse(f"admin:exams_{model}_changelist")).content
    )
    assert superuser_client.get(reverse(f"admin:exams_{model}_add")).status_code == 403
    assert superuser_client.get(reverse(f"admin:exams_{model}_delete", args=[obj.pk])).status_code == 403
    before = type(obj).objects.filter(pk=obj.pk).values().get()
    response = superuser_client.post(
        reverse(f"admin:exams_{model}_change", args=[obj.pk]), {"outcome": "selected", "head_name": "Ai đó"}
    )
    assert response.status_code == 403 and type(obj).objects.filter(pk=obj.pk).values().get() == before


def test_a_staff_user_sees_only_the_results_of_the_exams_he_manages(client, decided):
    other = UserFactory(username="other_board", is_staff=True)
    from django.contrib.auth.models import Permission

    other.user_permissions.add(*Permission.objects.filter(codename__in=["view_result", "view_tiedecision"]))
    client.force_login(other)
    listing = client.get(reverse("admin:exams_result_changelist"))
    assert listing.status_code == 200 and b"BT002" not in listing.content
    assert client.get(reverse("admin:exams_result_change", args=[decided["result"].pk])).status_code in (302, 404)
