"""A new staff record from the page /hrm/staff/new/ and POST /api/hrm/staff/: the person, the staff record, its open
assignment and salary rows, audited; every refusal on its field and nothing written; a known person hired again."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from common.models import AuditEntry
from hrm.models import Assignment, Employee, Person, Rank, Reminder, Role, SalaryRecord
from hrm.services.cccd import cccd_make
from tests.hrm.factories import EmployeeFactory, GrantFactory, OrgUnitFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
BORN = dt.date(1995, 6, 15)
CCCD = cccd_make(province_code="083", sex="female", date_of_birth=BORN, serial=7)
PAGE = "hrm:staff-hire"
NEUTRAL = (
    "This CCCD number cannot be accepted for this person: check the number, the full name and the date of birth "
    "(if all three are right, ask the provincial HR office)."
)
API = "hrm-api:staff-list"


def form(province, **overrides) -> dict:
    data = {
        "code": "TD0001",
        "staff_type": "cong_chuc",
        "unit": province["c1"].pk,
        "position": "Chuyên viên",
        "on": "01/03/2025",
        "rank": Rank.objects.get(code="01.003").pk,
        "step": "2",
        "decision_no": "QĐ 12",
        "recruiting_agency": "UBND huyện Châu Thành",
        "full_name": "lê  thị   thu",
        "date_of_birth": "15/06/1995",
        "sex": "female",
        "cccd": CCCD,
        "ethnicity": "Kinh",
        "religion": "Không",
        "native_place": "Bến Tre",
        "phone": "0909000111",
    }
    data.update(overrides)
    return data


def counts() -> tuple:
    return tuple(model.objects.count() for model in (Person, Employee, Assignment, SalaryRecord, AuditEntry, Reminder))


def closed_unit(province):
    from hrm.services.restructure import unit_dissolve

    unit = OrgUnitFactory(code="X28899", name="Xã Đã Giải Thể", kind="commune", parent=province["d1"])
    return unit_dissolve(unit=unit, on=dt.date(2024, 1, 1), transfer_to=province["c1"], actor=None)


def former_staff_member(province, **person):
    fields = {"full_name": "Lê Thị Thu", "sex": "female", "date_of_birth": BORN, "cccd": CCCD, **person}
    return EmployeeFactory(person=PersonFactory(**fields), unit=province["c2"], code="OLD1", status="left")


# --- The page -------------------------------------------------------------------------------------
def test_the_page_hires_with_open_histories_an_audit_entry_and_a_message(
    client, hr_manager, province, django_capture_on_commit_callbacks, english
):
    client.force_login(hr_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(PAGE), form(province), follow=True)
    employee = Employee.objects.get(code="TD0001")
    assert response.redirect_chain == [(reverse("hrm:staff-detail", args=[employee.pk]), 302)]
    assert "Lê Thị Thu" in response.content.decode()
    person = employee.person
    assert (person.full_name, person.date_of_birth, person.sex, person.cccd) == ("Lê Thị Thu", BORN, "female", CCCD)
    assert (person.native_place, person.phone, person.ethnicity, person.religion) == (
        "Bến Tre",
        "0909000111",
        "Kinh",
        "Không",
    )
    assert (employee.unit, employee.staff_type, employee.status) == (province["c1"], "cong_chuc", "active")
    assert (employee.recruited_on, employee.recruiting_agency) == (dt.date(2025, 3, 1), "UBND huyện Châu Thành")
    assignment = Assignment.objects.get(employee=employee)
    assert (assignment.unit, assignment.valid_from, assignment.valid_to, assignment.decision_no) == (
        province["c1"],
        dt.date(2025, 3, 1),
        None,
        "QĐ 12",
    )
    salary = SalaryRecord.objects.get(employee=employee)
    assert (salary.rank.code, salary.step, salary.valid_from, salary.valid_to) == (
        "01.003",
        2,
        dt.date(2025, 3, 1),
        None,
    )
    assert salary.coefficient == employee.coefficient == Decimal("2.67")  # A1 step 2, from the rules
    entry = AuditEntry.objects.get(action="create", model="hrm.employee", object_id=str(employee.pk))
    assert entry.unit_id == province["c1"].pk
    [message] = [str(m) for m in response.context["messages"]]
    assert "Lê Thị Thu" in message and "Thị trấn Châu Thành" in message and "2.67" in message
    assert not Reminder.objects.filter(employee=employee, kind="record_incomplete", detail__contains="CCCD").exists()


def test_a_record_without_cccd_gets_its_reminder_at_once(
    client, hr_manager, province, django_capture_on_commit_callbacks
):
    client.force_login(hr_manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(PAGE), form(province, cccd=""))
    employee = Employee.objects.get(code="TD0001")
    assert employee.person.cccd is None
    reminder = Reminder.objects.get(employee=employee, kind=Reminder.Kind.RECORD_INCOMPLETE)
    assert "CCCD" in reminder.detail and reminder.unit_id == province["c1"].pk


def test_the_form_offers_only_the_officers_open_units_in_vietnamese_order(client, hr_manager, province):
    d1 = province["d1"]
    for code, name in (("X1", "Xã Đa Phước"), ("X2", "Xã Bình Phú"), ("X3", "Xã Ân Thạnh"), ("X4", "Xã An Hòa")):
        OrgUnitFactory(code=code, name=name, kind="commune", parent=d1)
    closed = closed_unit(province)
    client.force_login(hr_manager)
    response = client.get(reverse(PAGE))
    labels = [label for pk, label in response.context["form"].fields["unit"].widget.choices if pk]
    assert labels == [
        "Huyện Châu Thành — Tỉnh Bến Tre",
        "Thị trấn Châu Thành — Huyện Châu Thành",
        "Xã An Hòa — Huyện Châu Thành",
        "Xã Ân Thạnh — Huyện Châu Thành",
        "Xã Bình Phú — Huyện Châu Thành",
        "Xã Đa Phước — Huyện Châu Thành",
    ]  # not Ba Tri's units, not the dissolved commune
    assert closed.name not in response.content.decode()
    ranks = {rank.code for rank in response.context["form"].fields["rank"].queryset}
    assert "01.003" in ranks and "01.004" in ranks


def test_the_coefficient_table_follows_the_rules_period_by_period(client, hr_manager, province):
    client.force_login(hr_manager)
    response = client.get(reverse(PAGE))
    table = json.loads(response.context["coefficients"])
    clerk = table[str(Rank.objects.get(code="01.004").pk)]  # cán sự: group B until 01/08/2021, then A0
    assert [(p["group"], p["to"]) for p in sorted(clerk, key=lambda p: p["from"])] == [
        ("B", "2021-08-01"),
        ("A0", None),
    ]
    specialist = table[str(Rank.objects.get(code="01.003").pk)]
    assert [p["steps"]["2"] for p in specialist] == ["2,67"]
    html = response.content.decode()
    assert "js/hire.js" in html and "data-hire-coefficient" in html and "<script>" not in html


def test_a_unit_chosen_in_the_list_is_preselected(client, hr_manager, province):
    client.force_login(hr_manager)
    listing = client.get(reverse("hrm:staff-list"), {"unit": province["c1"].pk}).content.decode()
    assert f"{reverse(PAGE)}?unit={province['c1'].pk}" in listing
    response = client.get(reverse(PAGE), {"unit": province["c1"].pk})
    assert response.context["form"].initial["unit"] == province["c1"].pk
    other = client.get(reverse(PAGE), {"unit": province["c2"].pk})  # not his: not preselected
    assert "unit" not in other.context["form"].initial


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"code": "USED"}, "code"),
        ({"unit": "closed"}, "unit"),
        ({"unit": "other"}, "unit"),
        ({"on": "01/03/2010"}, "unit"),  # the units start in 2015
        ({"cccd": "083095000007"}, "cccd"),  # the sex digit says male
        ({"cccd": "12345"}, "cccd"),
        ({"step": "15"}, "step"),  # A1 has 9 steps
        ({"step": ""}, "step"),
        ({"rank": ""}, "rank"),  # a step without its rank
        ({"on": "31/02/2025"}, "on"),
        ({"date_of_birth": "01/04/2025"}, "date_of_birth"),  # after the recruitment date
        ({"full_name": ""}, "full_name"),
        ({"sex": ""}, "sex"),
    ],
)
def test_refusals_show_on_their_field_and_write_nothing(client, hr_manager, province, overrides, field):
    EmployeeFactory(code="USED", unit=province["d1"])
    if overrides.get("unit") == "other":
        overrides = {"unit": province["d2"].pk}  # another officer's district
    elif overrides.get("unit") == "closed":
        overrides = {"unit": closed_unit(province).pk}
    before = counts()
    client.force_login(hr_manager)
    response = client.post(reverse(PAGE), form(province, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    html = response.content.decode()
    assert f'data-field="{field}"' in html and 'class="errors" role="alert"' in html
    assert counts() == before


def test_a_bad_cccd_is_explained_in_vietnamese(client, hr_manager, province):
    client.force_login(hr_manager)
    response = client.post(reverse(PAGE), form(province, cccd="083095000007"))
    [message] = response.context["form"].errors["cccd"]
    assert message.startswith("Chữ số thứ 4") and "nữ" in message
    assert not Person.objects.exists()


def test_an_officer_cannot_hire_into_another_officers_unit(client, api_client, other_hr_manager, province):
    client.force_login(other_hr_manager)
    page = client.post(reverse(PAGE), form(province))  # c1 is Châu Thành's
    assert page.status_code == 200 and list(page.context["form"].errors) == ["unit"]
    api_client.force_authenticate(other_hr_manager)
    api = api_client.post(reverse(API), form(province), format="json")
    assert api.status_code == 400 and list(api.json()) == ["unit"]
    assert not Employee.objects.exists() and not Person.objects.exists()
    ok = client.post(reverse(PAGE), form(province, unit=province["c2"].pk))  # his own commune
    assert ok.status_code == 302 and Employee.objects.get(code="TD0001").unit == province["c2"]


def test_a_province_administrator_hires_into_any_open_unit(client, admin_user, province):
    client.force_login(admin_user)
    assert "data-staff-hire-link" in client.get(reverse("hrm:staff-list")).content.decode()
    response = client.post(reverse(PAGE), form(province, unit=province["c2"].pk))
    assert response.status_code == 302 and Employee.objects.get(code="TD0001").unit == province["c2"]


def test_people_without_an_hr_role_cannot_hire(client, api_client, province, candidate, examiner, outsider):
    before = counts()
    for user in (candidate, examiner, outsider):
        client.force_login(user)
        assert client.get(reverse(PAGE)).status_code == 403
        assert client.post(reverse(PAGE), form(province)).status_code == 403
        api_client.force_authenticate(user)
        assert api_client.post(reverse(API), form(province), format="json").status_code == 403
    assert counts() == before


def test_anonymous_users_are_sent_to_the_login_page(client, api_client, province):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert api_client.post(reverse(API), form(province), format="json").status_code in (401, 403)


def test_an_hr_officer_without_a_unit_sees_no_button_and_cannot_hire(client, province):
    officer = UserFactory(username="hr_nowhere")
    GrantFactory(user=officer, role=Role.HR_OFFICER, unit=None)
    client.force_login(officer)
    # An HR officer works for a unit subtree: a grant without one is no grant (hrm.selectors.scoping._valid_scope).
    assert client.get(reverse("hrm:staff-list")).status_code == 403
    assert client.get(reverse(PAGE)).status_code == 403


def test_the_staff_list_shows_the_button_to_officers(client, hr_manager, province):
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:staff-list")).content.decode()
    assert "data-staff-hire-link" in html and reverse(PAGE) in html


# --- A person the registry already knows ----------------------------------------------------------
def test_a_former_staff_member_is_hired_again_by_cccd(client, hr_manager, province, english):
    old = former_staff_member(province, phone="0123", native_place="Mỏ Cày")
    client.force_login(hr_manager)
    response = client.post(reverse(PAGE), form(province, full_name="LÊ THỊ THU"), follow=True)
    employee = Employee.objects.get(code="TD0001")
    assert employee.person_id == old.person_id and Person.objects.count() == 1
    assert employee.status == "active" and Employee.objects.get(code="OLD1").status == "left"
    person = Person.objects.get()
    assert (person.phone, person.native_place) == ("0123", "Mỏ Cày")  # his details in the registry are kept
    [message] = [str(m) for m in response.context["messages"]]
    assert "already known by this CCCD" in message and "were kept" in message
    assert Assignment.objects.filter(employee=employee, valid_to__isnull=True).count() == 1


def test_an_applicant_without_any_record_is_hired_by_cccd(api_client, hr_manager, province):
    applicant = PersonFactory(full_name="Lê Thị Thu", sex="female", date_of_birth=BORN, cccd=CCCD)
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse(API), form(province), format="json")
    assert response.status_code == 201, response.json()
    assert Employee.objects.get(code="TD0001").person == applicant and Person.objects.count() == 1


def test_the_cccd_of_someone_working_elsewhere_is_refused(client, api_client, hr_manager, province):
    old = former_staff_member(province)
    Employee.objects.filter(pk=old.pk).update(status="active")
    before = counts()
    client.force_login(hr_manager)
    page = client.post(reverse(PAGE), form(province))
    assert list(page.context["form"].errors) == ["cccd"]
    api_client.force_authenticate(hr_manager)
    api = api_client.post(reverse(API), form(province), format="json")
    assert api.status_code == 400 and list(api.json()) == ["cccd"]
    assert counts() == before


def test_a_known_cccd_with_another_name_or_birth_date_is_refused_without_saying_whose(
    client, hr_manager, province, english
):
    former_staff_member(province)
    before = counts()
    client.force_login(hr_manager)
    for overrides in ({"full_name": "Lê Thị Thủy"}, {"date_of_birth": "16/06/1995"}):
        response = client.post(reverse(PAGE), form(province, **overrides))
        [message] = response.context["form"].errors["cccd"]
        assert message == NEUTRAL  # neither whose number it is, nor that the registry holds it
    assert counts() == before


def test_a_concurrent_hire_of_the_same_person_is_a_refusal_not_a_500(api_client, hr_manager, province, monkeypatch):
    """The check ran before the other request committed: the database's one-active-record rule decides."""
    from hrm.services import staff

    worker = EmployeeFactory(unit=province["c2"], code="W1")
    monkeypatch.setattr(staff, "_person_for_hire", lambda **kwargs: worker.person)
    before = counts()
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse(API), form(province, cccd=""), format="json")
    assert response.status_code == 400 and list(response.json()) == ["cccd"]
    assert counts() == before


# --- The API --------------------------------------------------------------------------------------
def test_the_api_creates_with_201_and_the_record(api_client, hr_manager, province, django_capture_on_commit_callbacks):
    api_client.force_authenticate(hr_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            reverse(API), form(province, on="2025-03-01", date_of_birth="1995-06-15", cccd=""), format="json"
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    employee = Employee.objects.get(code="TD0001")
    assert response["Location"] == reverse("hrm-api:staff-detail", args=[employee.pk])
    assert (body["id"], body["full_name"], body["unit_id"], body["rank"], body["salary_step"]) == (
        employee.pk,
        "Lê Thị Thu",
        province["c1"].pk,
        "01.003",
        2,
    )
    assert body["coefficient"] == "2.67" and body["recruited_on"] == "2025-03-01"
    assert body["assignments"] == [
        {
            "unit": "Thị trấn Châu Thành",
            "unit_id": province["c1"].pk,
            "position": "Chuyên viên",
            "reason": "recruitment",
            "valid_from": "2025-03-01",
            "valid_to": None,
        }
    ]
    assert [(row["rank"], row["step"], row["valid_to"]) for row in body["salary_history"]] == [("01.003", 2, None)]
    assert AuditEntry.objects.filter(action="create", model="hrm.employee", object_id=str(employee.pk)).exists()
    assert Reminder.objects.filter(employee=employee, kind=Reminder.Kind.RECORD_INCOMPLETE).exists()  # no CCCD


def test_the_api_takes_optional_fields_as_absent(api_client, hr_manager, province):
    api_client.force_authenticate(hr_manager)
    data = {
        "code": "HD01",
        "staff_type": "hop_dong",
        "unit": province["d1"].pk,
        "on": "2025-03-01",
        "full_name": "Võ Văn Tám",
        "date_of_birth": "1990-01-02",
        "sex": "male",
    }
    response = api_client.post(reverse(API), data, format="json")
    assert response.status_code == 201, response.json()
    employee = Employee.objects.get(code="HD01")
    assert employee.rank is None and not SalaryRecord.objects.filter(employee=employee).exists()
    assert (employee.person.ethnicity, employee.person.religion, employee.person.cccd) == ("Kinh", "Không", None)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"code": "USED"}, "code"),
        ({"unit": "closed"}, "unit"),
        ({"unit": "other"}, "unit"),
        ({"unit": 999999}, "unit"),
        ({"cccd": "083095000007"}, "cccd"),
        ({"step": 15}, "step"),
        ({"rank": 999999}, "rank"),
        ({"sex": "x"}, "sex"),
        ({"on": "2025-02-31"}, "on"),
    ],
)
def test_the_api_refuses_with_400_naming_the_field_and_writes_nothing(
    api_client, hr_manager, province, overrides, field
):
    EmployeeFactory(code="USED", unit=province["d1"])
    if overrides.get("unit") == "other":
        overrides = {"unit": province["d2"].pk}
    elif overrides.get("unit") == "closed":
        overrides = {"unit": closed_unit(province).pk}
    before = counts()
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse(API), form(province, **overrides), format="json")
    assert response.status_code == 400 and list(response.json()) == [field], response.json()
    assert counts() == before


def test_the_api_lists_every_missing_field(api_client, hr_manager, province):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse(API), {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "staff_type", "unit", "on", "full_name", "date_of_birth", "sex"}
