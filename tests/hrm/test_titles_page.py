"""The ranks-and-titles page and API (province administrators): the list with today's salary groups, the titles
file downloaded and imported back, bad files refused naming the row and key with nothing written."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hrm.models import Rank, RankGroup
from hrm.services.titles import KEYS, MAX_ROWS
from tests.common.test_spreadsheets import sheet_file

pytestmark = pytest.mark.django_db
PRIMARY_III = "V.07.03.29"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("titles.xlsx", out.getvalue(), content_type=XLSX)


def _downloaded(client) -> list[list]:
    response = client.get(reverse("hrm:titles-file"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_administrator_sees_every_title_with_its_group_today(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("hrm:titles")).content.decode()
    assert PRIMARY_III in page and "Giáo viên tiểu học hạng III" in page
    group = RankGroup.objects.filter(rank__code=PRIMARY_III).order_by("-valid_from").first()
    assert f"{group.group_code} (" in page and 'href="/hrm/titles/ngach-chuc-danh.xlsx"' in page


@pytest.mark.parametrize("who", ["hr_manager", "outsider"])
def test_other_roles_get_403_on_the_page_the_file_and_the_api(client, api_client, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("hrm:titles")).status_code == 403
    assert client.get(reverse("hrm:titles-file")).status_code == 403
    assert client.post(reverse("hrm:titles"), {"file": _xlsx([list(KEYS)])}).status_code == 403
    api_client.force_authenticate(user)
    assert api_client.get(reverse("hrm-api:titles")).status_code == 403


def test_the_downloaded_list_imported_back_with_a_change_changes_that_title_only(client, admin_user):
    client.force_login(admin_user)
    rows = _downloaded(client)
    assert rows[0] == list(KEYS)
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[PRIMARY_III][KEYS.index("grade")] == "III" and by_code[PRIMARY_III][KEYS.index("group")]
    assert len(by_code) == Rank.objects.count()
    unchanged = client.post(reverse("hrm:titles"), {"file": _xlsx(rows)}, follow=True).content.decode()
    assert f"0 thêm, 0 sửa, {Rank.objects.count()} không đổi" in unchanged
    by_code[PRIMARY_III][KEYS.index("name")] = "Giáo viên tiểu học hạng III (sửa)"
    response = client.post(reverse("hrm:titles"), {"file": _xlsx([rows[0], by_code[PRIMARY_III]])}, follow=True)
    assert "0 thêm, 1 sửa, 0 không đổi" in response.content.decode()
    assert Rank.objects.get(code=PRIMARY_III).name == "Giáo viên tiểu học hạng III (sửa)"


def test_a_bad_row_is_named_with_its_key_and_nothing_is_written(client, admin_user, english):
    client.force_login(admin_user)
    rows = _downloaded(client)
    header, first = rows[0], list(rows[1])
    new = list(first)
    new[0], new[KEYS.index("grade")] = "V.99.01.01", "V"
    before = Rank.objects.count()
    response = client.post(reverse("hrm:titles"), {"file": _xlsx([header, first, new])})
    assert response.status_code == 400
    assert "Row 3 (V.99.01.01), grade: Not a valid value: V." in response.content.decode()
    assert Rank.objects.count() == before


def test_a_file_of_another_kind_or_beyond_the_bounds_is_refused_in_words(client, admin_user, english, tmp_path):
    client.force_login(admin_user)
    other = SimpleUploadedFile("titles.csv", b"code,name\n", content_type="text/csv")
    assert "Only .json and .xlsx files" in client.post(reverse("hrm:titles"), {"file": other}).content.decode()
    far = sheet_file(tmp_path / "far.xlsx", {"A1": "code", "XFD1048576": "x"})
    upload = SimpleUploadedFile("far.xlsx", far.read_bytes(), content_type=XLSX)
    response = client.post(reverse("hrm:titles"), {"file": upload})
    assert response.status_code == 400 and "too many" in response.content.decode()
    many = json.dumps({"titles": [{"code": f"X{n}"} for n in range(MAX_ROWS + 1)]}).encode()
    response = client.post(reverse("hrm:titles"), {"file": SimpleUploadedFile("titles.json", many)})
    assert f"holds {MAX_ROWS + 1} rows" in response.content.decode() and not Rank.objects.filter(code="X1").exists()


def test_the_api_lists_titles_and_refuses_a_bad_file_with_400_on_the_file(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    listed = {row["code"]: row for row in api_client.get(reverse("hrm-api:titles")).json()}
    assert listed[PRIMARY_III]["kind"] == "title" and listed[PRIMARY_III]["grade"] == 3 and listed[PRIMARY_III]["group"]
    bad = _xlsx([list(KEYS), ["V.99.01.01", "", "title", "education", "", "IV", "", "", "", "", ""]])
    response = api_client.post(reverse("hrm-api:titles"), {"file": bad}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert not Rank.objects.filter(code="V.99.01.01").exists()
    good = _xlsx([list(KEYS), ["V.99.01.01", "Tên mới", "title", "education", "", "IV", "", "", "", "", ""]])
    response = api_client.post(reverse("hrm-api:titles"), {"file": good}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 1
