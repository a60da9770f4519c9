"""The unit picker: one selector labels units with their parent in Vietnamese order, one widget shows them on every
page that picks a unit, one API searches them without accents, within the requester's scope."""

import pytest
from django.urls import reverse

from hrm.forms import UnitChoiceField, UnitPicker
from hrm.selectors.units import unit_choices, unit_choices_for_user
from tests.hrm.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def noi_vu(province):
    """Two divisions of the same name under two districts: only the parent tells them apart."""
    return {
        "ba_tri": OrgUnitFactory(code="NV836", name="Phòng Nội vụ", kind="division", parent=province["d2"]),
        "chau_thanh": OrgUnitFactory(code="NV831", name="Phòng Nội vụ", kind="division", parent=province["d1"]),
    }


def test_units_are_labelled_with_their_parent_in_vietnamese_order(province, noi_vu):
    from hrm.models import OrgUnit

    labels = [label for _pk, label in unit_choices(units=OrgUnit.objects.all())]
    assert "Phòng Nội vụ — Huyện Ba Tri" in labels and "Phòng Nội vụ — Huyện Châu Thành" in labels
    assert "Thị trấn Châu Thành — Huyện Châu Thành" in labels and "Tỉnh Bến Tre" in labels
    # Vietnamese order: Huyện before Phòng before Sở before Thị trấn before Tỉnh; Ba Tri before Châu Thành
    assert labels.index("Huyện Ba Tri — Tỉnh Bến Tre") < labels.index("Phòng Nội vụ — Huyện Ba Tri")
    assert labels.index("Phòng Nội vụ — Huyện Ba Tri") < labels.index("Phòng Nội vụ — Huyện Châu Thành")
    assert labels.index("Sở Nội vụ — Tỉnh Bến Tre") < labels.index("Thị trấn Ba Tri — Huyện Ba Tri")


def test_search_finds_units_by_part_of_the_label_without_accents(province, noi_vu):
    from hrm.models import OrgUnit

    found = unit_choices(units=OrgUnit.objects.all(), query="noi vu ba tri")
    assert found == [(noi_vu["ba_tri"].pk, "Phòng Nội vụ — Huyện Ba Tri")]
    assert unit_choices(units=OrgUnit.objects.all(), query="zzz") == []
    # each word typed begins a word of the label: "han" is inside "Thành" but begins none
    assert [label for _pk, label in unit_choices(units=OrgUnit.objects.all(), query="han")] == []
    assert (
        "Thị trấn Châu Thành — Huyện Châu Thành"
        in dict(unit_choices(units=OrgUnit.objects.all(), query="th tr chau")).values()
    )


def test_the_choices_stay_within_the_officers_units(hr_manager, noi_vu):
    labels = [label for _pk, label in unit_choices_for_user(user=hr_manager)]
    assert "Phòng Nội vụ — Huyện Châu Thành" in labels
    assert not any("Ba Tri" in label for label in labels)


def test_a_unit_field_renders_the_picker_with_parent_labels(province, noi_vu):
    from hrm.models import OrgUnit

    field = UnitChoiceField(OrgUnit.objects.all())
    html = str(field.widget.render("unit", noi_vu["ba_tri"].pk, attrs={"id": "id_unit"}))
    assert isinstance(field.widget, UnitPicker) and "data-unit-picker" in html
    assert f'<option value="{noi_vu["ba_tri"].pk}" selected>Phòng Nội vụ — Huyện Ba Tri</option>' in html
    assert field.clean(str(noi_vu["ba_tri"].pk)) == noi_vu["ba_tri"]


@pytest.mark.parametrize("page", ["hrm:staff-hire", "hrm:report", "hrm:dashboard"])
def test_the_pages_that_pick_a_unit_use_the_picker(client, hr_manager, noi_vu, page):
    client.force_login(hr_manager)
    html = client.get(reverse(page)).content.decode()
    assert "data-unit-picker" in html
    assert "Phòng Nội vụ — Huyện Châu Thành" in html and "Ba Tri" not in html


def test_the_transfer_page_uses_the_picker(client, hr_manager, mai, noi_vu):
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:staff-transfer", args=[mai.pk])).content.decode()
    assert "data-unit-picker" in html and "Phòng Nội vụ — Huyện Châu Thành" in html
    response = client.post(
        reverse("hrm:staff-transfer", args=[mai.pk]),
        {"unit": noi_vu["chau_thanh"].pk, "on": "01/03/2026", "reason": "transfer", "position": "Chuyên viên"},
    )
    assert response.status_code == 302
    mai.refresh_from_db()
    assert mai.unit == noi_vu["chau_thanh"]


def test_the_restructure_page_uses_the_picker(client, admin_user, noi_vu):
    client.force_login(admin_user)
    html = client.get(reverse("hrm:restructure")).content.decode()
    assert html.count("data-unit-picker") >= 6  # move (2), merge (3), dissolve (2), rename (1)
    assert "Phòng Nội vụ — Huyện Ba Tri" in html


def test_the_choices_api_searches_without_accents_within_scope(api_client, hr_manager, other_hr_manager, noi_vu):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:unit-choices"), {"q": "phong noi vu"})
    assert response.status_code == 200
    assert response.json() == [{"id": noi_vu["chau_thanh"].pk, "label": "Phòng Nội vụ — Huyện Châu Thành"}]
    api_client.force_authenticate(other_hr_manager)
    assert [row["label"] for row in api_client.get(reverse("hrm-api:unit-choices"), {"q": "noi vu"}).json()] == [
        "Phòng Nội vụ — Huyện Ba Tri"
    ]


def test_the_choices_api_names_a_bad_limit_and_refuses_outsiders(api_client, hr_manager, outsider):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:unit-choices"), {"limit": "many"})
    assert response.status_code == 400 and "limit" in response.json()
    api_client.force_authenticate(outsider)
    assert api_client.get(reverse("hrm-api:unit-choices")).status_code == 403


def test_the_staff_lists_unit_column_shows_the_parent(client, hr_manager, province):
    from tests.hrm.factories import EmployeeFactory

    for _ in range(3):
        EmployeeFactory(unit=province["c1"])
    EmployeeFactory(unit=province["d1"])
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:staff-list")).content.decode()
    assert html.count("<td>Thị trấn Châu Thành — Huyện Châu Thành</td>") == 3
    assert "<td>Huyện Châu Thành — Tỉnh Bến Tre</td>" in html


def test_the_report_keeps_its_unit_column_in_view(client, hr_manager):
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:report")).content.decode()
    assert 'class="table-scroll table-frame"' in html and 'class="stick-unit"' in html
