"""Training and degrees, family relations and earlier career: the services (rules, audit), the pages and the API
through the one registry of history kinds, with the personas' refusals."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import CareerEntry, FamilyMember, Qualification
from hrm.services import person_histories as services
from tests.hrm.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSON_MODELS = ["hrm.qualification", "hrm.familymember", "hrm.careerentry"]


def refused_on(field: str, call, **kwargs) -> str:
    with pytest.raises(ApplicationError) as info:
        call(**kwargs)
    assert info.value.field == field, info.value
    return " ".join(info.value.messages)


@pytest.fixture
def lan(province):
    """A staff member of Ba Tri (d2): another officer's."""
    return EmployeeFactory(unit=province["c2"])


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


# --- services ------------------------------------------------------------------------------------
def test_a_qualification_is_recorded_corrected_and_deleted_with_audit(mai, hr_manager):
    row = services.qualification_create(
        employee=mai, kind="professional", credential=" Cử nhân ", major="Luật", actor=hr_manager,
        start=dt.date(2003, 9, 1), end=dt.date(2007, 6, 30),
    )  # fmt: skip
    assert (row.person_id, row.credential, row.major) == (mai.person_id, "Cử nhân", "Luật")
    created = AuditEntry.objects.get(model="hrm.qualification", action="create")
    assert created.actor == hr_manager and created.unit_id == mai.unit_id
    assert created.changes["person_id"] == [None, mai.person_id]

    values = {**services.qualification_values(row), "credential": "Thạc sĩ"}
    services.qualification_update(qualification=row, actor=hr_manager, **values)
    row.refresh_from_db()
    assert row.credential == "Thạc sĩ" and row.major == "Luật"
    updated = AuditEntry.objects.get(model="hrm.qualification", action="update")
    assert updated.changes == {"credential": ["Cử nhân", "Thạc sĩ"]} and updated.unit_id == mai.unit_id

    services.qualification_delete(qualification=row, actor=hr_manager)
    assert not Qualification.objects.exists()
    assert AuditEntry.objects.get(model="hrm.qualification", action="delete").unit_id == mai.unit_id


def test_a_course_being_followed_may_end_later(mai):
    row = services.qualification_create(
        employee=mai, kind="political", level="Trung cấp", start=dt.date(2025, 1, 1), end=tomorrow(), actor=None
    )
    assert row.end == tomorrow()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("kind", {"kind": "magic", "credential": "Cử nhân"}),
        ("credential", {"kind": "it", "credential": "  ", "level": ""}),
        ("start", {"kind": "it", "credential": "B", "start": "tomorrow"}),
        ("start", {"kind": "it", "credential": "B", "start": dt.date(1980, 1, 1)}),  # before she was born
        ("end", {"kind": "it", "credential": "B", "start": dt.date(2010, 5, 1), "end": dt.date(2010, 4, 1)}),
    ],
)
def test_a_qualification_is_refused_on_its_field_and_nothing_is_written(mai, field, values):
    values = {k: tomorrow() if v == "tomorrow" else v for k, v in values.items()}
    assert refused_on(field, services.qualification_create, employee=mai, actor=None, **values)
    assert not Qualification.objects.exists() and not AuditEntry.objects.filter(model__in=PERSON_MODELS).exists()


def test_a_family_member_is_recorded_corrected_and_deleted_with_audit(mai, hr_manager):
    row = services.family_create(
        employee=mai, relation=" Mẹ ", full_name="Lê Thị Hồng", birth_year=1960, side="own", actor=hr_manager
    )
    assert (row.relation, row.side, row.person_id) == ("Mẹ", "own", mai.person_id)
    services.family_update(family=row, actor=hr_manager, **{**services.family_values(row), "details": "Hưu trí"})
    row.refresh_from_db()
    assert row.details == "Hưu trí"
    services.family_delete(family=row, actor=hr_manager)
    actions = list(AuditEntry.objects.filter(model="hrm.familymember").order_by("pk").values_list("action", "unit_id"))
    assert actions == [("create", mai.unit_id), ("update", mai.unit_id), ("delete", mai.unit_id)]
    assert not FamilyMember.objects.exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("side", {"side": "cousin"}),
        ("relation", {"relation": " "}),
        ("full_name", {"full_name": ""}),
        ("birth_year", {"birth_year": 2999}),
        ("birth_year", {"birth_year": 1200}),
    ],
)
def test_a_family_member_is_refused_on_its_field(mai, field, values):
    data = {"relation": "Bố", "full_name": "Trần Văn Nam", "side": "own", **values}
    assert refused_on(field, services.family_create, employee=mai, actor=None, **data)
    assert not FamilyMember.objects.exists()


def test_earlier_career_is_recorded_and_its_dates_checked(mai, hr_manager):
    row = services.career_create(
        employee=mai, start=dt.date(2007, 8, 1), end=dt.date(2010, 1, 31), description="Giáo viên", actor=hr_manager
    )
    assert refused_on(
        "end", services.career_update, career=row, start=dt.date(2007, 8, 1), end=tomorrow(), description="x",
        actor=None,
    )  # fmt: skip
    assert refused_on("start", services.career_create, employee=mai, start=tomorrow(), description="x", actor=None)
    assert refused_on("start", services.career_create, employee=mai, start=None, description="x", actor=None)
    assert refused_on("description", services.career_create, employee=mai, start=dt.date(2008, 1, 1), description=" ",
                      actor=None)  # fmt: skip
    row.refresh_from_db()
    assert row.end == dt.date(2010, 1, 31) and CareerEntry.objects.count() == 1
    services.career_delete(career=row, actor=hr_manager)
    assert AuditEntry.objects.filter(model="hrm.careerentry").count() == 2


# --- pages ---------------------------------------------------------------------------------------
def page(name: str, employee, pk=None) -> str:
    args = [employee.pk] if pk is None else [employee.pk, pk]
    return reverse(f"hrm:{name}", args=args)


def test_an_officer_adds_corrects_and_deletes_a_qualification_on_the_pages(client, hr_manager, mai):
    client.force_login(hr_manager)
    assert client.get(page("qualification-add", mai)).status_code == 200
    data = {"kind": "professional", "credential": "Cử nhân", "major": "Luật", "start": "01/09/2003", "end": ""}
    response = client.post(page("qualification-add", mai), data, follow=True)
    assert response.redirect_chain[-1][0].endswith("#h-training")
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    row = Qualification.objects.get(person=mai.person)
    assert row.start == dt.date(2003, 9, 1) and "Cử nhân Luật" in response.content.decode()

    form = client.get(page("qualification-edit", mai, row.pk))
    assert 'value="01/09/2003"' in form.content.decode()
    assert client.post(page("qualification-edit", mai, row.pk), {**data, "credential": "Thạc sĩ"}).status_code == 302
    row.refresh_from_db()
    assert row.credential == "Thạc sĩ"

    assert "Thạc sĩ" in client.get(page("qualification-delete", mai, row.pk)).content.decode()
    assert client.post(page("qualification-delete", mai, row.pk)).status_code == 302
    assert not Qualification.objects.exists()


def test_a_refused_qualification_is_shown_on_its_field(client, hr_manager, mai):
    client.force_login(hr_manager)
    response = client.post(page("qualification-add", mai), {"kind": "it", "credential": "", "level": ""})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["credential"]
    assert not Qualification.objects.exists()


def test_an_officer_adds_corrects_and_deletes_a_family_member_on_the_pages(client, hr_manager, mai):
    client.force_login(hr_manager)
    data = {"side": "spouse", "relation": "Bố vợ", "full_name": "Phạm Văn Tư", "birth_year": "1958", "details": ""}
    response = client.post(page("family-add", mai), data, follow=True)
    assert response.redirect_chain[-1][0].endswith("#h-family")
    row = FamilyMember.objects.get(person=mai.person)
    assert row.side == "spouse" and "Phạm Văn Tư" in response.content.decode()
    assert client.post(page("family-edit", mai, row.pk), {**data, "birth_year": "1957"}).status_code == 302
    row.refresh_from_db()
    assert row.birth_year == 1957
    assert client.post(page("family-delete", mai, row.pk)).status_code == 302
    assert not FamilyMember.objects.exists()


def test_earlier_career_is_added_from_the_work_tab(client, hr_manager, mai):
    client.force_login(hr_manager)
    data = {"start": "01/08/2007", "end": "31/01/2010", "description": "Giáo viên Trường THCS An Hóa"}
    response = client.post(page("career-add", mai), data, follow=True)
    assert response.redirect_chain[-1][0].endswith("#h-work-history")
    assert "Giáo viên Trường THCS An Hóa" in response.content.decode()


def test_an_officer_of_another_unit_gets_404_on_the_pages(client, other_hr_manager, outsider, mai):
    row = services.qualification_create(employee=mai, kind="it", credential="B", actor=None)
    member = services.family_create(employee=mai, relation="Mẹ", full_name="Lê Thị Hồng", actor=None)
    urls = [
        page("qualification-add", mai), page("qualification-edit", mai, row.pk),
        page("qualification-delete", mai, row.pk), page("family-add", mai), page("family-delete", mai, member.pk),
        page("career-add", mai),
    ]  # fmt: skip
    for user in (other_hr_manager, outsider):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls)
        assert client.post(page("qualification-delete", mai, row.pk)).status_code == 404
        assert (
            client.post(page("family-add", mai), {"relation": "Bố", "full_name": "X", "side": "own"}).status_code == 404
        )
    assert Qualification.objects.count() == 1 and FamilyMember.objects.count() == 1


def test_a_row_of_another_person_is_404_on_the_pages(client, admin_user, mai, lan):
    row = services.qualification_create(employee=lan, kind="it", credential="B", actor=None)
    client.force_login(admin_user)  # may see both, but the row is not mai's
    assert client.get(page("qualification-edit", mai, row.pk)).status_code == 404
    assert client.post(page("qualification-delete", mai, row.pk)).status_code == 404


def test_the_staff_member_reads_his_tabs_but_sees_no_action(client, mai):
    services.qualification_create(employee=mai, kind="it", credential="Chứng chỉ B", actor=None)
    services.family_create(employee=mai, relation="Mẹ", full_name="Lê Thị Hồng", actor=None)
    services.career_create(employee=mai, start=dt.date(2007, 8, 1), description="Giáo viên", actor=None)
    client.force_login(UserFactory(username="mai", person=mai.person))
    html = client.get(reverse("hrm:staff-detail", args=[mai.pk])).content.decode()
    assert "Chứng chỉ B" in html and "Lê Thị Hồng" in html and "Giáo viên" in html
    for marker in ("data-qualification-add", "data-family-add", "data-career-add", "data-edit-link",
                   "data-transfer-link", "/training/", "/family/", "/career/", "row-actions"):  # fmt: skip
        assert marker not in html, marker
    assert client.get(page("qualification-add", mai)).status_code == 403


# --- API -----------------------------------------------------------------------------------------
def api(name: str, employee, pk=None) -> str:
    args = [employee.pk] if pk is None else [employee.pk, pk]
    return reverse(f"hrm-api:{name}", args=args)


def test_an_officer_keeps_a_qualification_through_the_api(api_client, hr_manager, mai):
    api_client.force_authenticate(hr_manager)
    payload = {"kind": "language", "credential": "B1", "institution": "ĐH Cần Thơ", "end": "2015-06-30"}
    response = api_client.post(api("qualification-list", mai), payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind_name"] == "Ngoại ngữ" and body["credential"] == "B1" and body["end"] == "2015-06-30"
    patched = api_client.patch(api("qualification-detail", mai, body["id"]), {"major": "Tiếng Anh"}, format="json")
    assert (
        patched.status_code == 200 and patched.json()["credential"] == "B1" and patched.json()["major"] == "Tiếng Anh"
    )
    assert [row["id"] for row in api_client.get(api("qualification-list", mai)).json()] == [body["id"]]
    assert api_client.delete(api("qualification-detail", mai, body["id"])).status_code == 204
    assert not Qualification.objects.exists()


def test_family_and_career_through_the_api(api_client, hr_manager, mai):
    api_client.force_authenticate(hr_manager)
    member = {"relation": "Con", "full_name": "Nguyễn Minh Khang", "birth_year": 2012}
    response = api_client.post(api("family-list", mai), member, format="json")
    assert response.status_code == 201 and response.json()["side"] == "own"
    career = {"start": "2007-08-01", "end": "2010-01-31", "description": "Giáo viên"}
    assert api_client.post(api("career-list", mai), career, format="json").status_code == 201
    assert api_client.get(api("career-list", mai)).json()[0]["description"] == "Giáo viên"


@pytest.mark.parametrize(
    ("name", "payload", "field"),
    [
        ("qualification-list", {"credential": "B"}, "kind"),
        ("qualification-list", {"kind": "it"}, "credential"),
        ("qualification-list", {"kind": "it", "credential": "B", "start": "2010-05-01", "end": "2010-01-01"}, "end"),
        ("family-list", {"full_name": "Lê Thị Hồng"}, "relation"),
        ("family-list", {"relation": "Mẹ", "full_name": "Lê Thị Hồng", "birth_year": 2999}, "birth_year"),
        ("career-list", {"start": "2999-01-01", "description": "x"}, "start"),
        ("career-list", {"start": "2008-01-01", "description": "  "}, "description"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api_client, hr_manager, mai, name, payload, field):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(api(name, mai), payload, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not AuditEntry.objects.filter(model__in=PERSON_MODELS).exists()


@pytest.mark.parametrize("persona", ["other_hr_manager", "outsider"])
def test_out_of_scope_is_404_on_the_api(api_client, request, persona, mai):
    row = services.qualification_create(employee=mai, kind="it", credential="B", actor=None)
    api_client.force_authenticate(request.getfixturevalue(persona))
    assert api_client.get(api("qualification-list", mai)).status_code == 404
    assert api_client.post(api("qualification-list", mai), {"kind": "it", "credential": "C"}).status_code == 404
    assert api_client.patch(api("qualification-detail", mai, row.pk), {"credential": "C"}).status_code == 404
    assert api_client.delete(api("qualification-detail", mai, row.pk)).status_code == 404
    assert api_client.post(api("family-list", mai), {"relation": "Mẹ", "full_name": "X"}).status_code == 404
    row.refresh_from_db()
    assert row.credential == "B" and not FamilyMember.objects.exists()


def test_the_staff_member_reads_but_cannot_write_through_the_api(api_client, mai):
    services.family_create(employee=mai, relation="Mẹ", full_name="Lê Thị Hồng", actor=None)
    api_client.force_authenticate(UserFactory(username="mai", person=mai.person))
    assert api_client.get(api("family-list", mai)).json()[0]["full_name"] == "Lê Thị Hồng"
    assert api_client.post(api("family-list", mai), {"relation": "Bố", "full_name": "X"}).status_code == 403
