"""Results pages and API: panel marks (page, xlsx all or nothing), publication files, slips, the public look-up,
a candidate's own result, and scoping (board members of the exam only; everybody else 404)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from common.models import AuditEntry
from exams.models import Mark, Result, ResultSheet
from exams.services.results import result_verification_code, results_compute, results_publish
from tests.exams.factories_cands import xlsx_file
from tests.exams.factories_results import results_exam, sitting
from tests.exams.factories_setup import board_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def setup(province):
    return results_exam(agency=province["dept"], places=1)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def published(setup):
    exam, position, p, board = setup
    g, w, i = p["general"], p["written"], p["interview"]
    a = sitting(exam, position, "BT001", name="Nguyễn Thị Hoa", marks={g: 45, w: 80, i: 70})
    b = sitting(exam, position, "BT002", name="Trần Văn Bình", marks={g: 40, w: 60, i: 60})
    results_compute(exam=exam, actor=board)
    results_publish(exam=exam, actor=board)
    return exam, board, a, b


def test_outsiders_and_other_boards_get_404_on_every_results_page(client, setup, outsider):
    exam, position, p, board = setup
    other = board_of(sitting(exam, position, "BT009").exam.__class__.objects.create(
        code="OTHER", name="Khác", kind="recruitment", profile=exam.profile), username="board_other")  # fmt: skip
    urls = [
        reverse("exams:results", args=[exam.pk]),
        reverse("exams:panel-marks", args=[exam.pk, p["written"].pk]),
        reverse("exams:results-file", args=[exam.pk, "pdf"]),
        reverse("exams-api:results", args=[exam.pk]),
    ]
    for user in (outsider, other):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404] * 4
        assert client.post(reverse("exams:results-compute", args=[exam.pk])).status_code == 404
        assert client.post(reverse("exams-api:results-publish", args=[exam.pk])).status_code == 404
    client.force_login(board)
    assert client.get(urls[0]).status_code == 200
    assert client.get(reverse("exams:panel-marks", args=[exam.pk, p["general"].pk])).status_code == 404  # computer


def test_panel_page_combines_each_members_mark_with_the_mean_and_says_so(client, setup):
    exam, position, p, board = setup
    c = sitting(exam, position, "BT001")
    client.force_login(board)
    url = reverse("exams:panel-marks", args=[exam.pk, p["interview"].pk])
    page = client.get(url).content.decode()
    assert "mean" in page or "trung bình" in page
    data = {"member": ["Ông A", "Bà B", "Ông C"], f"m-{c.pk}-0": "70", f"m-{c.pk}-1": "75,5", f"m-{c.pk}-2": "80"}
    assert client.post(url, data).status_code == 302
    mark = Mark.objects.get(candidate=c, part=p["interview"])
    assert mark.score == Decimal("75.17") and mark.source == Mark.Source.PANEL
    assert mark.details == {"members": {"Ông A": "70", "Bà B": "75.5", "Ông C": "80"}, "rule": "mean"}
    assert AuditEntry.objects.filter(note__startswith="panel marks (page").exists()
    refused = client.post(url, {**data, f"m-{c.pk}-1": "120"})
    assert refused.status_code == 400 and "Bà B" in refused.content.decode()
    assert Mark.objects.get(candidate=c, part=p["interview"]).score == Decimal("75.17")


def test_panel_xlsx_is_all_or_nothing_with_row_and_column_named(client, setup):
    exam, position, p, board = setup
    a, b = sitting(exam, position, "BT001"), sitting(exam, position, "BT002")
    client.force_login(board)
    url = reverse("exams:panel-import", args=[exam.pk, p["written"].pk])
    bad = xlsx_file([["SBD", "Ông A", "Bà B"], ["BT001", 60, 70], ["BT002", 50, "năm mươi"], ["BT777", 1, 2]])
    response = client.post(url, {"file": bad})
    text = response.content.decode()
    assert response.status_code == 400 and "row 3, column C (Bà B)" in text and "BT777" in text
    assert not Mark.objects.exists()
    good = xlsx_file([["SBD", "Ông A", "Bà B", "Vắng"], ["BT001", 60, 70, ""], ["BT002", None, None, "x"]])
    assert client.post(url, {"file": good}).status_code == 302
    assert Mark.objects.get(candidate=a, part=p["written"]).score == Decimal("65")
    assert Mark.objects.get(candidate=b, part=p["written"]).absent is True
    assert AuditEntry.objects.filter(action="import", note__startswith="panel marks (file").exists()


def test_panel_marks_api_refuses_an_unknown_candidate(api_client, setup):
    exam, position, p, board = setup
    sitting(exam, position, "BT001")
    api_client.force_authenticate(board)
    url = reverse("exams-api:panel-marks", args=[exam.pk, p["written"].pk])
    response = api_client.post(url, {"rows": [{"candidate_number": "BT404", "members": {"A": "50"}}]}, format="json")
    assert response.status_code == 400 and "BT404" in str(response.json())
    ok = api_client.post(
        url, {"rows": [{"candidate_number": "BT001", "members": {"A": "50", "B": "60"}}]}, format="json"
    )
    assert ok.status_code == 200 and ok.json() == {"marked": 1}


def test_publication_files_lists_and_slip_with_its_code(client, setup):
    exam, board, a, b = published(setup)
    client.force_login(board)
    book = load_workbook(io.BytesIO(client.get(reverse("exams:results-file", args=[exam.pk, "xlsx"])).content))
    rows = list(book["CV-KT"].iter_rows(values_only=True))
    assert rows[2][1:3] == ("BT001", "Nguyễn Thị Hoa") and rows[2][9] == 77 and rows[2][11] == "Selected"
    assert rows[3][1] == "BT002" and rows[3][12 - 1] == "Passed, not within the quota"
    text = pdf_text(client.get(reverse("exams:results-file", args=[exam.pk, "pdf"])).content)
    assert "Nguyễn Thị Hoa" in text and "Trần Văn Bình" in text
    result = Result.objects.get(candidate=a)
    slip = client.get(reverse("exams:result-slip", args=[exam.pk, result.pk]))
    code = result_verification_code(result=result, sheet=ResultSheet.objects.get(exam=exam))
    assert slip["Content-Type"] == "application/pdf" and code in pdf_text(slip.content)
    assert AuditEntry.objects.filter(note="result slip", object_id=str(result.pk)).exists()


def test_an_absent_candidate_is_absent_on_the_lists_the_slip_and_his_page_never_0(client, setup):
    exam, position, p, board = setup
    g, w, i = p["general"], p["written"], p["interview"]
    a = sitting(exam, position, "BT001", name="Nguyễn Thị Hoa", marks={g: 45, w: 80, i: 70})
    c = sitting(exam, position, "BT003", name="Lê Văn Vắng", marks={g: 45, w: "absent", i: 70})
    results_compute(exam=exam, actor=board)
    results_publish(exam=exam, actor=board)
    client.force_login(board)
    book = load_workbook(io.BytesIO(client.get(reverse("exams:results-file", args=[exam.pk, "xlsx"])).content))
    rows = {row[1]: row for row in book["CV-KT"].iter_rows(values_only=True) if row and row[0] != exam.name}
    assert rows["BT003"][11] == "Absent (did not sit)" and rows["BT003"][7:11] == (None, None, None, None)
    assert rows["BT001"][11] == "Selected"
    page = client.get(reverse("exams:results", args=[exam.pk])).content.decode()
    assert 'data-candidate="BT003" data-outcome="absent"' in page
    result = Result.objects.get(candidate=c)
    slip = pdf_text(client.get(reverse("exams:result-slip", args=[exam.pk, result.pk])).content)
    assert "Absent (did not sit)" in slip and "Failed" not in slip
    assert a.result.outcome == Result.Outcome.SELECTED


def test_lists_are_refused_before_publication(client, setup):
    exam, position, p, board = setup
    client.force_login(board)
    response = client.get(reverse("exams:results-file", args=[exam.pk, "xlsx"]), follow=True)
    assert "not published" in response.content.decode()


def test_public_lookup_right_pair_wrong_pair_and_nothing_else(client, setup):
    exam, board, a, b = published(setup)
    url = reverse("exams:result-lookup")
    assert client.get(url).status_code == 200
    right = client.post(url, {"number": "bt001", "cccd": a.person.cccd})
    text = right.content.decode()
    assert right.status_code == 200 and "Nguyễn Thị Hoa" in text and "Trần Văn Bình" not in text and "BT002" not in text
    wrong = client.post(url, {"number": "BT001", "cccd": b.person.cccd})
    unknown = client.post(url, {"number": "BT999", "cccd": b.person.cccd})
    assert wrong.status_code == unknown.status_code == 400
    assert "Nguyễn Thị Hoa" not in wrong.content.decode()
    refusal = "No published result matches this candidate number and CCCD."
    assert refusal in wrong.content.decode() and refusal in unknown.content.decode()


def test_public_lookup_is_rate_limited(client, setup, settings):
    settings.CONGVU_CANDIDATE_LOGIN_ADDRESS_LIMIT = 3
    exam, board, a, b = published(setup)
    url = reverse("exams:result-lookup")
    for _n in range(3):
        assert client.post(url, {"number": "BT001", "cccd": "083195000000"}).status_code == 400
    locked = client.post(url, {"number": "BT001", "cccd": a.person.cccd})  # even the right pair, while locked
    assert locked.status_code == 429 and "Nguyễn Thị Hoa" not in locked.content.decode()


def test_nothing_is_looked_up_before_publication(client, setup):
    exam, position, p, board = setup
    a = sitting(exam, position, "BT001", marks={p["general"]: 45, p["written"]: 80, p["interview"]: 70})
    results_compute(exam=exam, actor=board)
    response = client.post(reverse("exams:result-lookup"), {"number": "BT001", "cccd": a.person.cccd})
    assert response.status_code == 400


def test_a_candidate_sees_only_his_own_result(client, setup):
    from exams.services.candidates import candidate_principal_ensure

    exam, board, a, b = published(setup)
    candidate_principal_ensure(candidate=a)
    a.refresh_from_db()
    client.force_login(a.user, backend="exams.backends.CandidateBackend")
    page = client.get(reverse("exams:candidate-result")).content.decode()
    assert "Nguyễn Thị Hoa" in page and "Trần Văn Bình" not in page
    assert client.get(reverse("exams:results", args=[exam.pk])).status_code == 404
    result_b = Result.objects.get(candidate=b)
    assert client.get(reverse("exams:result-slip", args=[exam.pk, result_b.pk])).status_code == 404


def test_api_compute_and_publish(api_client, setup):
    exam, position, p, board = setup
    sitting(exam, position, "BT001", marks={p["general"]: 45, p["written"]: 80, p["interview"]: 70})
    api_client.force_authenticate(board)
    computed = api_client.post(reverse("exams-api:results-compute", args=[exam.pk]))
    assert computed.status_code == 200 and computed.json()["results"][0]["outcome"] == "selected"
    done = api_client.post(reverse("exams-api:results-publish", args=[exam.pk]))
    assert done.json()["sheet"]["status"] == "published"
    again = api_client.post(reverse("exams-api:results-compute", args=[exam.pk]))
    assert again.status_code == 400


def test_the_heads_decision_from_the_page_names_the_missing_field(client, setup):
    exam, position, p, board = setup
    g, w, i = p["general"], p["written"], p["interview"]
    a = sitting(exam, position, "BT001", marks={g: 40, w: 70, i: 70})
    b = sitting(exam, position, "BT002", marks={g: 41, w: 70, i: 70})
    results_compute(exam=exam, actor=board)
    client.force_login(board)
    page = client.get(reverse("exams:results", args=[exam.pk])).content.decode()
    assert "data-tie" in page and page.count('data-outcome="undecided"') == 2
    url = reverse("exams:tie-decide", args=[exam.pk, position.pk])
    prefix = f"t{position.pk}"
    data = {f"{prefix}-selected": [str(b.pk)], f"{prefix}-head_name": "Giám đốc Sở Nội vụ",
            f"{prefix}-reason": "Kinh nghiệm phù hợp", f"{prefix}-document": ""}  # fmt: skip
    refused = client.post(url, data, follow=True).content.decode()
    assert "Decision document" in refused and Result.objects.filter(outcome="undecided").count() == 2
    client.post(url, {**data, f"{prefix}-document": "QĐ 7/QĐ-SNV"})
    assert Result.objects.get(candidate=b).outcome == "selected" and Result.objects.get(candidate=a).outcome == (
        "not_selected"
    )
    assert client.post(reverse("exams:results-publish", args=[exam.pk])).status_code == 302
    assert ResultSheet.objects.get(exam=exam).status == "published"


def test_the_results_page_speaks_vietnamese(client, setup):
    from django.utils import translation

    exam, position, p, board = setup
    client.force_login(board)
    client.cookies["django_language"] = "vi"
    with translation.override("vi"):
        page = client.get(reverse("exams:results", args=[exam.pk])).content.decode()
    assert "Tính kết quả" in page and "Điểm của hội đồng" in page


def test_rank_and_priority_are_the_ranking_words_not_the_civil_service_rank_and_the_tie_labels_point_somewhere(
    client, setup
):
    """Found on the persona walk: the column “Rank” read “Ngạch” (a civil-service rank) and “Priority” read “Thứ
    tự”; the tie form's group label pointed at an empty id (label for="")."""
    from django.utils import translation

    exam, position, p, board = setup
    g, w, i = p["general"], p["written"], p["interview"]
    sitting(exam, position, "BT001", marks={g: 45, w: 70, i: 70})
    sitting(exam, position, "BT002", marks={g: 45, w: 70, i: 70})
    results_compute(exam=exam, actor=board)
    client.force_login(board)
    client.cookies["django_language"] = "vi"
    with translation.override("vi"):
        page = client.get(reverse("exams:results", args=[exam.pk])).content.decode()
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert "Thứ hạng" in head and "Điểm ưu tiên" in head and "Ngạch" not in head and "Thứ tự" not in head
    assert "data-tie" in page and 'for=""' not in page
    with translation.override("vi"):
        from exams.services.results.publication import HEADERS

        assert [str(h) for h in HEADERS][8:11] == ["Điểm ưu tiên", "Tổng số", "Thứ hạng"]
