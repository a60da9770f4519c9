"""One identity rule for a known CCCD on every path (hire page and API, import, edit, admin): the number attaches the
person only with his name and birth date; every refusal is one neutral sentence; an import never changes a person
kept by another unit (issue #11 item 1, issue #12)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import Assignment, Employee, Person, Rank
from hrm.services.cccd import cccd_make
from hrm.services.identity import cccd_refusal, person_find_for_hire
from hrm.services.imports import staff_import
from hrm.services.staff import employee_hire
from tests.hrm.factories import EmployeeFactory, PersonFactory
from tests.hrm.test_import_api import upload
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BORN = dt.date(1995, 6, 15)
CCCD = cccd_make(province_code="083", sex="female", date_of_birth=BORN, serial=7)
ON = dt.date(2025, 3, 1)
NEUTRAL = (
    "This CCCD number cannot be accepted for this person: check the number, the full name and the date of birth "
    "(if all three are right, ask the provincial HR office)."
)
KEPT = (
    "This person's record is kept by another unit: the import can hire him again but not change his details; "
    "leave this cell empty."
)
PERSON_CELLS = (
    "Dân tộc",
    "Tôn giáo",
    "Quê quán",
    "Trình độ chuyên môn",
    "Lý luận chính trị",
    "Quản lý nhà nước",
    "Ngoại ngữ",
    "Tin học",
)


@pytest.fixture(autouse=True)
def _api_in_english(api_client):
    api_client.cookies["django_language"] = "en"


def leaver(province, unit="dept", status="left"):
    """Lê Thị Thu, who left Sở Nội vụ (out of the Châu Thành officer's scope), with her details on record."""
    person = PersonFactory(
        full_name="Lê Thị Thu",
        sex="female",
        date_of_birth=BORN,
        cccd=CCCD,
        phone="0909123456",
        native_place="Mỏ Cày",
        current_address="12 Đồng Khởi",
    )
    return EmployeeFactory(person=person, unit=province[unit], code="SNV001", status=status)


def row(**overrides) -> dict:
    """A new staff number in Châu Thành's commune for the holder of CCCD, personal cells left empty."""
    values = {
        "Số CCCD": CCCD,
        "Họ và tên": "Lê Thị Thu",
        "Ngày sinh": "15/06/1995",
        "Giới tính": "Nữ",
        "Ngày tuyển dụng": "01/06/2020",  # recruited at 24 (staff_row's 2010 would make her 14)
    }
    values.update(dict.fromkeys(PERSON_CELLS, ""))
    return staff_row(1, unit="X28801", **{**values, **overrides})


def person_state(person_id: int) -> tuple:
    p = Person.objects.get(pk=person_id)
    return (p.full_name, p.date_of_birth, p.sex, p.cccd, p.phone, p.native_place, p.current_address, p.ethnicity)


def counts() -> tuple:
    return tuple(model.objects.count() for model in (Person, Employee, Assignment, AuditEntry))


# --- The rule, in the service ---------------------------------------------------------------------
def test_the_rule_finds_the_person_by_name_without_accents_or_case_and_birth_date(province, hr_manager):
    old = leaver(province)
    found = person_find_for_hire(cccd=CCCD, full_name="LE  THI thu", date_of_birth=BORN, actor=hr_manager)
    assert found == old.person
    assert person_find_for_hire(cccd="083195000999", full_name="Ai Đó", date_of_birth=BORN, actor=hr_manager) is None


@pytest.mark.parametrize("name, born", [("Lê Thị Thủy", BORN), ("Lê Thị Thu", dt.date(1995, 6, 16))])
def test_another_name_or_birth_date_is_the_neutral_refusal(province, hr_manager, name, born):
    leaver(province)
    with pytest.raises(ApplicationError) as refused:
        person_find_for_hire(cccd=CCCD, full_name=name, date_of_birth=born, actor=hr_manager)
    assert refused.value.message_dict == {"cccd": [NEUTRAL]}


def test_someone_working_where_the_officer_cannot_see_is_the_same_neutral_refusal(province, hr_manager, admin_user):
    leaver(province, status="active")
    with pytest.raises(ApplicationError) as refused:
        person_find_for_hire(cccd=CCCD, full_name="Lê Thị Thu", date_of_birth=BORN, actor=hr_manager)
    assert refused.value.message_dict == {"cccd": [NEUTRAL]}
    with pytest.raises(ApplicationError) as told:  # the administrator sees that record: he is told why
        person_find_for_hire(cccd=CCCD, full_name="Lê Thị Thu", date_of_birth=BORN, actor=admin_user)
    assert told.value.message_dict == {"cccd": ["This person already has an active staff record."]}


def test_employee_hire_applies_the_rule_for_every_caller(province, hr_manager):
    old = leaver(province)
    before, state = counts(), person_state(old.person_id)
    with pytest.raises(ApplicationError) as refused:
        employee_hire(
            code="TD9",
            staff_type="cong_chuc",
            unit=province["c1"],
            on=ON,
            actor=hr_manager,
            cccd=CCCD,
            person_fields={"full_name": "Trần Thị Khác", "date_of_birth": BORN, "sex": "female"},
        )
    assert refused.value.message_dict == {"cccd": [NEUTRAL]}
    assert counts() == before and person_state(old.person_id) == state
    hired = employee_hire(
        code="TD9",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=ON,
        actor=hr_manager,
        cccd=CCCD,
        person_fields={"full_name": "le thi thu", "date_of_birth": BORN, "sex": "female", "phone": "0911000111"},
    )
    assert hired.person_id == old.person_id and hired.person_known
    assert person_state(old.person_id) == state  # his details on record are kept


# --- The hire API ---------------------------------------------------------------------------------
def test_the_hire_api_refuses_another_identity_with_the_neutral_message(api_client, hr_manager, province):
    old = leaver(province)
    before = counts()
    api_client.force_authenticate(hr_manager)
    data = {
        "code": "TD0001",
        "staff_type": "cong_chuc",
        "unit": province["c1"].pk,
        "on": "2025-03-01",
        "full_name": "Trần Thị Khác",
        "date_of_birth": "1995-01-01",
        "sex": "female",
        "cccd": CCCD,
        "rank": Rank.objects.get(code="01.003").pk,
        "step": 1,
    }
    response = api_client.post(reverse("hrm-api:staff-list"), data, format="json")
    assert response.status_code == 400 and response.json() == {"cccd": [NEUTRAL]}
    assert counts() == before and old.person.full_name == Person.objects.get(pk=old.person_id).full_name


# --- The import: the probe of the issue -----------------------------------------------------------
def test_an_import_cannot_rename_and_take_over_another_units_leaver(tmp_path, api_client, hr_manager, province):
    old = leaver(province)
    before, state = counts(), person_state(old.person_id)
    path = write_xlsx(tmp_path / "probe.xlsx", [row(**{"Họ và tên": "Trần Thị Khác", "Ngày sinh": "01/01/1995"})])
    api_client.force_authenticate(hr_manager)
    for dry_run in (True, False):
        response = api_client.post(reverse("hrm-api:import"), {"file": upload(path), "dry_run": dry_run})
        assert response.status_code == 200
        assert response.json()["errors"] == [{"row": 2, "column": "Số CCCD", "message": NEUTRAL}]
    assert counts() == before and person_state(old.person_id) == state
    assert api_client.get(reverse("hrm-api:staff-detail", args=[old.pk])).status_code == 404


def test_the_command_as_an_officer_follows_the_same_rule(tmp_path, hr_manager, province, capsys):
    old = leaver(province)
    state = person_state(old.person_id)
    path = write_xlsx(tmp_path / "probe.xlsx", [row(**{"Họ và tên": "Trần Thị Khác"})])
    with pytest.raises(CommandError):
        call_command("import_staff", str(path), "--user", hr_manager.username)
    assert f"row 2, column Số CCCD: {NEUTRAL}" in capsys.readouterr().err
    assert person_state(old.person_id) == state and not Employee.objects.filter(code="CB00001").exists()


def test_a_number_of_someone_active_elsewhere_gets_the_same_neutral_refusal(tmp_path, hr_manager, province):
    leaver(province, status="active")
    result = staff_import(path=write_xlsx(tmp_path / "a.xlsx", [row()]), user=hr_manager, on=ON)
    assert result["errors"] == [{"row": 2, "column": "Số CCCD", "message": NEUTRAL}]


def test_another_units_leaver_is_hired_again_by_import_and_his_details_are_kept(tmp_path, hr_manager, province):
    old = leaver(province)
    state, people = person_state(old.person_id), Person.objects.count()
    path = write_xlsx(tmp_path / "a.xlsx", [row(**{"Họ và tên": "LE THI THU", "Dân tộc": "Kinh"})])
    result = staff_import(path=path, user=hr_manager, on=ON)
    assert result["errors"] == [] and result["created"] == 1
    hired = Employee.objects.get(code="CB00001")
    assert hired.person_id == old.person_id and Person.objects.count() == people
    assert person_state(old.person_id) == state  # not renamed to the unaccented spelling, nothing cleared
    again = staff_import(path=path, user=hr_manager, on=ON)
    assert again["errors"] == [] and again["created"] == 0


def test_an_import_refuses_to_change_the_details_of_a_person_kept_by_another_unit(tmp_path, hr_manager, province):
    old = leaver(province)
    before, state = counts(), person_state(old.person_id)
    rows = [row(**{"Quê quán": "Ba Tri", "Tôn giáo": "Không", "Trình độ chuyên môn": "Thạc sĩ"})]
    result = staff_import(path=write_xlsx(tmp_path / "a.xlsx", rows), user=hr_manager, on=ON)
    assert result["errors"] == [
        {"row": 2, "column": "Quê quán", "message": KEPT},
        {"row": 2, "column": "Trình độ chuyên môn", "message": KEPT},
    ]
    assert counts() == before and person_state(old.person_id) == state


def test_the_officers_own_leaver_is_hired_again_and_updated_as_before(tmp_path, hr_manager, province):
    old = leaver(province, unit="c1")
    result = staff_import(path=write_xlsx(tmp_path / "a.xlsx", [row(**{"Quê quán": "Ba Tri"})]), user=hr_manager, on=ON)
    assert result["errors"] == [] and result["created"] == 1
    assert Employee.objects.get(code="CB00001").person_id == old.person_id
    assert Person.objects.get(pk=old.person_id).native_place == "Ba Tri"


def test_an_import_cannot_give_his_own_staff_member_another_persons_number(tmp_path, hr_manager, province, mai):
    other = PersonFactory(
        full_name="Ai Đó",
        sex="female",
        date_of_birth=mai.person.date_of_birth,
        cccd=cccd_make(province_code="083", sex="female", date_of_birth=dt.date(1985, 4, 2), serial=99),
    )
    cells = {
        "Số hiệu CBCCVC": mai.code,
        "Họ và tên": "Trần Thị Mai",
        "Ngày sinh": "02/04/1985",
        "Số CCCD": other.cccd,
        "Mã đơn vị": "H831",
        "Giới tính": "Nữ",
    }
    result = staff_import(path=write_xlsx(tmp_path / "a.xlsx", [row(**cells)]), user=hr_manager, on=ON)
    assert result["errors"] == [{"row": 2, "column": "Số CCCD", "message": NEUTRAL}]
    assert Person.objects.get(pk=mai.person_id).cccd is None


# --- Edit (page, API) and admin: the same neutral words for a number held by someone else --------------
def _number_of_someone_else(mai) -> str:
    born = mai.person.date_of_birth
    PersonFactory(
        full_name="Ai Đó",
        sex="female",
        date_of_birth=born,
        cccd=cccd_make(province_code="083", sex="female", date_of_birth=born, serial=99),
    )
    return cccd_make(province_code="083", sex="female", date_of_birth=born, serial=99)


def test_editing_to_another_persons_number_is_the_neutral_refusal(api_client, client, hr_manager, mai):
    taken = _number_of_someone_else(mai)
    api_client.force_authenticate(hr_manager)
    response = api_client.patch(reverse("hrm-api:staff-detail", args=[mai.pk]), {"cccd": taken})
    assert response.status_code == 400 and response.json() == {"cccd": [NEUTRAL]}
    client.force_login(hr_manager)
    page = client.post(
        reverse("hrm:staff-edit", args=[mai.pk]),
        {
            **{
                k: v
                for k, v in client.get(reverse("hrm:staff-edit", args=[mai.pk])).context["form"].initial.items()
                if v is not None
            },
            "cccd": taken,
        },
    )
    assert page.context["form"].errors["cccd"] == [NEUTRAL]
    assert Person.objects.get(pk=mai.person_id).cccd is None
    assert NEUTRAL == cccd_refusal()


def test_the_admin_person_form_refuses_another_persons_number_with_the_same_words(mai):
    from hrm.admin import PersonAdminForm

    taken = _number_of_someone_else(mai)
    form = PersonAdminForm(
        data={
            "full_name": "Trần Thị Mai",
            "date_of_birth": "1985-04-02",
            "sex": "female",
            "cccd": taken,
            "ethnicity": "Kinh",
            "religion": "Không",
            "general_education": "12/12",
        },
        instance=mai.person,
    )
    assert not form.is_valid() and form.errors["cccd"] == [NEUTRAL]
