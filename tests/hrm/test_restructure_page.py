import datetime as dt

import pytest
from django.urls import reverse

from hrm.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_administrator_merges_communes_from_the_page(client, admin_user, province):
    client.force_login(admin_user)
    assert client.get(reverse("hrm:restructure")).status_code == 200
    response = client.post(reverse("hrm:restructure"), {
        "op": "merge", "merge-sources": [province["c1"].pk, province["c2"].pk], "merge-new_code": "XM1",
        "merge-new_name": "Xã Hợp Nhất", "merge-new_parent": province["root"].pk, "merge-kind": "commune",
        "merge-on": "01/07/2025",
    })
    assert response.status_code == 302
    merged = OrgUnit.objects.get(code="XM1")
    assert merged.valid_from == dt.date(2025, 7, 1)
    assert OrgUnit.objects.get(pk=province["c1"].pk).successor_id == merged.pk


def test_a_refused_operation_shows_its_reason_and_changes_nothing(client, admin_user, province):
    client.force_login(admin_user)
    response = client.post(reverse("hrm:restructure"), {
        "op": "move", "move-unit": province["d1"].pk, "move-new_parent": province["c1"].pk, "move-on": "01/07/2025",
    })
    assert response.status_code == 200
    assert response.context["forms"]["move"].errors
    assert OrgUnit.objects.get(pk=province["d1"].pk).parent_id == province["root"].pk


def test_hr_officers_cannot_restructure(client, hr_manager):
    client.force_login(hr_manager)
    assert client.get(reverse("hrm:restructure")).status_code == 403
