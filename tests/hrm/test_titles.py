"""Professional titles (chức danh nghề nghiệp) of viên chức: seeded as ranks of another kind, offered and checked
when hiring, promoted by thăng hạng, imported as data (all rows or none)."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from common.errors import ApplicationError
from hrm.models import Employee, Rank, RankGroup, SalaryRecord
from hrm.services.salary import coefficient_for
from hrm.services.salary_changes import salary_change
from hrm.services.staff import employee_hire
from hrm.services.titles import titles_import
from tests.hrm.test_hire import form

pytestmark = pytest.mark.django_db
PRIMARY_III, PRIMARY_II, PRIMARY_I = "V.07.03.29", "V.07.03.28", "V.07.03.27"
NURSE_III = "V.08.05.12"


def hire(province, *, code="VC001", staff_type="vien_chuc", rank=PRIMARY_III, step=2, on=dt.date(2022, 9, 1)):
    return employee_hire(
        code=code,
        staff_type=staff_type,
        unit=province["c1"],
        on=on,
        actor=None,
        person_fields={"full_name": "Trần Thị Mai", "date_of_birth": dt.date(1995, 5, 5), "sex": "female"},
        position="Giáo viên",
        rank=Rank.objects.get(code=rank),
        step=step,
    )


# --- the seeded titles ----------------------------------------------------------------------------------------
def test_titles_are_seeded_with_field_grade_and_their_table_3_group():
    title = Rank.objects.get(code=PRIMARY_III)
    assert (title.kind, title.field, title.series, title.grade) == ("title", "education", "giao_vien_tieu_hoc", 3)
    assert title.verification == "UNVERIFIED" and "TT 02/2021" in title.legal_basis
    link = RankGroup.objects.get(rank=title)
    assert (link.group_code, link.table, link.valid_from) == ("A1", "public", dt.date(2021, 3, 20))
    assert coefficient_for(rank=title, step=1, on=dt.date(2026, 1, 1)) == Decimal("2.34")
    assert Rank.objects.get(code="V.08.01.01").grade == 1  # bác sĩ cao cấp hạng I: A3.1
    for field in ("education", "health", "administration"):
        assert Rank.objects.filter(field=field).exclude(kind="rank").exists()
    specialist = Rank.objects.get(code="01.003")  # TT 05/2024: the administrative title shares the ngạch's code
    assert (specialist.kind, specialist.field, specialist.grade) == ("both", "administration", 3)


# --- hiring ----------------------------------------------------------------------------------------------------
def test_a_public_employee_is_hired_with_a_title(province):
    employee = hire(province)
    assert employee.rank.code == PRIMARY_III and employee.coefficient == Decimal("2.67")
    assert SalaryRecord.objects.get(employee=employee).rank.code == PRIMARY_III


@pytest.mark.parametrize(
    ("staff_type", "rank"),
    [("vien_chuc", "06.031"), ("cong_chuc", PRIMARY_III)],  # a ngạch for viên chức, a title for công chức
)
def test_a_rank_of_the_wrong_kind_is_refused_on_the_rank_field(province, staff_type, rank):
    with pytest.raises(ApplicationError) as caught:
        hire(province, staff_type=staff_type, rank=rank)
    assert caught.value.field == "rank"
    assert not Employee.objects.exists()


def test_the_hire_api_takes_a_title_for_a_public_employee_and_refuses_a_rank(api_client, hr_manager, province):
    api_client.force_authenticate(hr_manager)
    wrong = form(province, staff_type="vien_chuc", rank=Rank.objects.get(code="06.031").pk, on="01/09/2022")
    response = api_client.post(reverse("hrm-api:staff-list"), wrong, format="json")
    assert response.status_code == 400 and list(response.json()) == ["rank"]
    assert not Employee.objects.exists()
    right = {**wrong, "rank": Rank.objects.get(code=NURSE_III).pk}
    response = api_client.post(reverse("hrm-api:staff-list"), right, format="json")
    assert response.status_code == 201, response.content
    assert Employee.objects.get(code="TD0001").rank.code == NURSE_III


def test_the_hire_page_offers_ranks_and_titles_in_groups_and_hires_with_a_title(client, hr_manager, province):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-hire")).content.decode()
    assert "<optgroup" in page and "V.07.03.29 Giáo viên tiểu học hạng III" in page and "01.003 Chuyên viên" in page
    data = form(province, staff_type="vien_chuc", rank=Rank.objects.get(code=PRIMARY_III).pk, on="01/09/2022")
    assert client.post(reverse("hrm:staff-hire"), data).status_code == 302
    assert Employee.objects.get(code="TD0001").rank.code == PRIMARY_III
    wrong = form(province, code="TD0002", cccd="", staff_type="cong_chuc", rank=Rank.objects.get(code=PRIMARY_III).pk)
    response = client.post(reverse("hrm:staff-hire"), wrong)
    assert response.status_code == 200 and list(response.context["form"].errors) == ["rank"]


# --- thăng hạng ------------------------------------------------------------------------------------------------
def test_a_public_employee_is_promoted_to_the_next_grade_of_the_same_title(province):
    employee = hire(province)
    record = salary_change(
        employee=employee,
        actor=None,
        on=dt.date(2025, 9, 1),
        reason="promotion",
        rank=Rank.objects.get(code=PRIMARY_II),
        step=1,
    )
    assert (record.rank.code, record.coefficient) == (PRIMARY_II, Decimal("4.00"))  # A2.2 step 1


@pytest.mark.parametrize(
    "target",
    ["V.07.02.26", "V.07.04.31", NURSE_III, "01.002"],  # a lower grade, another series, another field, a ngạch title
)
def test_thang_hang_elsewhere_is_refused_on_the_rank(province, target):
    employee = hire(province)
    with pytest.raises(ApplicationError) as caught:
        salary_change(
            employee=employee,
            actor=None,
            on=dt.date(2025, 9, 1),
            reason="promotion",
            rank=Rank.objects.get(code=target),
            step=1,
        )
    assert caught.value.field == "rank"
    assert SalaryRecord.objects.filter(employee=employee).count() == 1


def test_the_salary_api_records_a_thang_hang_and_refuses_a_civil_service_rank(api_client, hr_manager, province):
    employee = hire(province)
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:salary-change", args=[employee.pk])
    ngach = {"reason": "transfer", "on": "01/09/2025", "rank": Rank.objects.get(code="06.031").pk, "step": 1}
    response = api_client.post(url, ngach, format="json")
    assert response.status_code == 400 and list(response.json()) == ["rank"]
    promotion = {"reason": "promotion", "on": "01/09/2025", "rank": Rank.objects.get(code=PRIMARY_II).pk, "step": 1}
    response = api_client.post(url, promotion, format="json")
    assert response.status_code == 201 and response.json()["rank"] == PRIMARY_II


def test_a_civil_servant_keeps_his_promotions(province):
    employee = hire(province, staff_type="cong_chuc", rank="01.003", step=3)
    record = salary_change(
        employee=employee,
        actor=None,
        on=dt.date(2025, 9, 1),
        reason="promotion",
        rank=Rank.objects.get(code="01.002"),
        step=1,
    )
    assert record.rank.code == "01.002"


# --- import as data --------------------------------------------------------------------------------------------
def _row(**overrides):
    row = {
        "code": "V.10.01.01",
        "name": "Huấn luyện viên hạng I",
        "kind": "title",
        "field": "culture",
        "series": "huan_luyen_vien",
        "grade": "I",
        "group": "A3.1",
        "table": "public",
        "from": "2022-01-01",
        "legal_basis": "TT (demo)",
        "verification": "UNVERIFIED",
    }
    return {**row, **overrides}


def test_the_command_imports_titles_and_their_groups_and_a_second_run_changes_nothing(tmp_path):
    path = tmp_path / "titles.json"
    path.write_text(json.dumps({"titles": [_row(), _row(code="V.10.01.02", name="HLV hạng II", grade=2)]}))
    out = StringIO()
    call_command("import_titles", str(path), stdout=out)
    assert "2 created" in out.getvalue()
    title = Rank.objects.get(code="V.10.01.01")
    assert (title.kind, title.field, title.grade) == ("title", "culture", 1)
    assert coefficient_for(rank=title, step=1, on=dt.date(2024, 1, 1)) == Decimal("6.20")
    out = StringIO()
    call_command("import_titles", str(path), stdout=out)
    assert "2 unchanged" in out.getvalue()


def test_a_new_group_period_ends_the_one_in_force(tmp_path):
    titles_import(rows=[_row()])
    titles_import(rows=[_row(group="A2.1", **{"from": "2025-01-01"})])
    periods = list(
        RankGroup.objects.filter(rank__code="V.10.01.01").order_by("valid_from").values_list("group_code", "valid_to")
    )
    assert periods == [("A3.1", dt.date(2025, 1, 1)), ("A2.1", None)]


def test_a_bad_row_names_its_row_and_field_and_nothing_is_imported(tmp_path):
    path = tmp_path / "titles.json"
    rows = [_row(), _row(code="V.10.01.02", grade="V"), _row(code="V.10.01.03", group="Z9")]
    path.write_text(json.dumps({"titles": rows}))
    with pytest.raises(CommandError) as caught:
        call_command("import_titles", str(path), stdout=StringIO())
    message = str(caught.value)
    assert "V.10.01.02" in message and "grade" in message and "V.10.01.03" in message and "group" in message
    assert not Rank.objects.filter(code__startswith="V.10").exists()


def test_the_command_reads_a_spreadsheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    row = _row()
    sheet.append(list(row))
    sheet.append(list(row.values()))
    sheet.append(list(_row(code="", name="").values()))
    path = tmp_path / "titles.xlsx"
    book.save(path)
    with pytest.raises(CommandError) as caught:
        call_command("import_titles", str(path), stdout=StringIO())
    assert "3" in str(caught.value) and "code" in str(caught.value)  # the spreadsheet's row 3
    sheet.delete_rows(3)
    book.save(path)
    call_command("import_titles", str(path), stdout=StringIO())
    assert Rank.objects.get(code="V.10.01.01").series == "huan_luyen_vien"


# --- the report by lĩnh vực and form 2C ------------------------------------------------------------------------
def test_the_report_counts_public_employees_by_field_on_its_date(api_client, hr_manager, province):
    hire(province)  # giáo viên tiểu học
    hire(province, code="VC002", rank=NURSE_III)
    hire(province, code="CC001", staff_type="cong_chuc", rank="01.003")
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:report"), {"unit": province["d1"].pk, "on": "2024-06-30"})
    assert response.status_code == 200
    body = response.json()
    labels = {c["key"]: (c["group"], c["label"]) for c in body["columns"]}
    assert labels["vc_education"][1] == "Giáo dục" and labels["vc_health"][1] == "Y tế"
    values = body["total"]["values"]
    assert (values["total"], values["vc_total"], values["vc_education"], values["vc_health"]) == (3, 2, 1, 1)
    assert (values["vc_administration"], values["vc_other"]) == (0, 0)
    before = api_client.get(reverse("hrm-api:report"), {"unit": province["d1"].pk, "on": "2022-06-30"}).json()
    assert before["total"]["values"]["vc_total"] == 0  # hired on 01/09/2022


def test_the_dashboard_shows_public_employees_by_field(client, hr_manager, province):
    hire(province)  # giáo viên tiểu học
    hire(province, code="VC002", rank=NURSE_III)
    hire(province, code="VC003", rank=NURSE_III)
    hire(province, code="CC001", staff_type="cong_chuc", rank="01.003")
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:dashboard"), {"unit": province["d1"].pk, "on": "30/06/2024"})
    html = response.content.decode()
    card = html.split("data-fields", 1)[1].split("</section>", 1)[0]
    assert "Viên chức theo lĩnh vực" in card and "(3)" in card  # the công chức is not counted
    health = card.split('data-field="vc_health"', 1)[1].split("</div>", 1)[0]
    education = card.split('data-field="vc_education"', 1)[1].split("</div>", 1)[0]
    assert "Y tế" in health and "width: 100%" in health and '<span class="num">2</span>' in health
    assert "Giáo dục" in education and "width: 50%" in education and '<span class="num">1</span>' in education


def test_form_2c_of_a_public_employee_is_hs02_vc(client, hr_manager, province):
    teacher = hire(province)
    clerk = hire(province, code="CC001", staff_type="cong_chuc", rank="01.003")
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:form2c", args=[teacher.pk])).content.decode()
    assert "HS02-VC/BNV" in page and "SƠ YẾU LÝ LỊCH VIÊN CHỨC" in page and "2C-BNV/2008" not in page
    assert "Chức danh nghề nghiệp" in page and "V.07.03.29" in page
    page = client.get(reverse("hrm:form2c", args=[clerk.pk])).content.decode()
    assert "2C-BNV/2008" in page and "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC" in page
