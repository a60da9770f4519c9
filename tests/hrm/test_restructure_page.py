import datetime as dt

import pytest
from django.urls import reverse

from hrm.models import OrgUnit, StaffQuota
from hrm.services import staff_quota_set

pytestmark = pytest.mark.django_db


def test_administrator_merges_communes_from_the_page(client, admin_user, province):
    client.force_login(admin_user)
    assert client.get(reverse("hrm:restructure")).status_code == 200
    response = client.post(
        reverse("hrm:restructure"),
        {
            "op": "merge",
            "merge-sources": [province["c1"].pk, province["c2"].pk],
            "merge-new_code": "XM1",
            "merge-new_name": "Xã Hợp Nhất",
            "merge-new_parent": province["root"].pk,
            "merge-kind": "commune",
            "merge-on": "01/07/2025",
        },
    )
    assert response.status_code == 302
    merged = OrgUnit.objects.get(code="XM1")
    assert merged.valid_from == dt.date(2025, 7, 1)
    assert OrgUnit.objects.get(pk=province["c1"].pk).successor_id == merged.pk


def test_a_refused_operation_shows_its_reason_and_changes_nothing(client, admin_user, province):
    client.force_login(admin_user)
    response = client.post(
        reverse("hrm:restructure"),
        {
            "op": "move",
            "move-unit": province["d1"].pk,
            "move-new_parent": province["c1"].pk,
            "move-on": "01/07/2025",
        },
    )
    assert response.status_code == 200
    assert response.context["forms"]["move"].errors
    assert OrgUnit.objects.get(pk=province["d1"].pk).parent_id == province["root"].pk


def test_hr_officers_cannot_restructure(client, hr_manager):
    client.force_login(hr_manager)
    assert client.get(reverse("hrm:restructure")).status_code == 403


# --- the merged unit's staff quota ---------------------------------------------------------------
def _merge(client, province, **extra):
    data = {
        "op": "merge",
        "merge-sources": [province["c1"].pk, province["c2"].pk],
        "merge-new_code": "XM1",
        "merge-new_name": "Xã Hợp Nhất",
        "merge-new_parent": province["root"].pk,
        "merge-kind": "commune",
        "merge-on": "01/07/2025",
    }
    data.update({f"merge-{key}": value for key, value in extra.items()})
    return client.post(reverse("hrm:restructure"), data)


@pytest.fixture
def quotas(province):
    staff_quota_set(unit=province["c1"], quota=9, valid_from=dt.date(2024, 1, 1), actor=None)
    staff_quota_set(unit=province["c2"], quota=7, valid_from=dt.date(2024, 1, 1), actor=None)


def test_the_merge_form_records_the_quota_given(client, admin_user, province, quotas):
    client.force_login(admin_user)
    form = client.get(reverse("hrm:restructure")).context["forms"]["merge"]
    assert {"staff_quota", "quota_decision_no"} <= set(form.fields) and form.fields["staff_quota"].help_text
    response = _merge(client, province, staff_quota="12", quota_decision_no="QĐ 1/2025")
    assert response.status_code == 302
    row = StaffQuota.objects.get(unit__code="XM1")
    assert (row.quota, row.decision_no, row.valid_from, row.valid_to) == (12, "QĐ 1/2025", dt.date(2025, 7, 1), None)
    assert StaffQuota.objects.get(unit=province["c1"]).valid_to == dt.date(2025, 7, 1)


def test_a_blank_quota_gives_the_merged_unit_the_sum(client, admin_user, province, quotas):
    client.force_login(admin_user)
    assert _merge(client, province, staff_quota="", quota_decision_no="QĐ 2/2025").status_code == 302
    row = StaffQuota.objects.get(unit__code="XM1")
    assert (row.quota, row.decision_no) == (16, "QĐ 2/2025")


def test_a_negative_quota_is_shown_on_its_field_and_nothing_is_merged(client, admin_user, province, quotas):
    client.force_login(admin_user)
    response = _merge(client, province, staff_quota="-3")
    assert response.status_code == 200
    assert list(response.context["forms"]["merge"].errors) == ["staff_quota"]
    assert not OrgUnit.objects.filter(code="XM1").exists()
    assert OrgUnit.objects.get(pk=province["c1"].pk).valid_to is None
    assert StaffQuota.objects.get(unit=province["c1"]).valid_to is None


def test_the_help_text_says_blank_is_the_sum(client, admin_user, english):
    client.force_login(admin_user)
    html = client.get(reverse("hrm:restructure")).content.decode()
    assert "Blank: the sum of the quotas in force" in html and 'id="id_merge-staff_quota_helptext"' in html
