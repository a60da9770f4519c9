import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

ND170 = "congchuc_ND170_2025"
CASES = [
    {"check": "round1", "regulation": ND170, "questions": 60, "correct": 30},
    {"check": "bank", "paper_questions": 60, "approved_items": 179},
    {"check": "round1", "regulation": "congchuc_ND999_2030", "questions": 60, "correct": 30},
    {
        "check": "ranking",
        "regulation": ND170,
        "quota": 2,
        "candidates": [
            {"id": "A", "round2": 90},
            {"id": "B", "round2": 80, "priority": ["5"]},
            {"id": "C", "round2": 80, "priority": ["minority_officer_family"]},
        ],
    },
    {"check": "round1", "regulation": ND170, "questions": 60, "correct": 61},
]


def _run(tmp_path, cases, *args):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    try:
        call_command("exam_rules", str(path), *args, stdout=out)
        error = None
    except CommandError as exc:
        error = exc
    return [json.loads(line) for line in out.getvalue().splitlines()], error


def test_one_line_per_case_in_order_and_a_failing_exit(tmp_path):
    lines, error = _run(tmp_path, CASES)
    assert len(lines) == 5
    assert lines[0] == {"pass": True, "why": "Đạt: Kiến thức chung: đúng 30/60 câu (50 %), yêu cầu tối thiểu 50 %."}
    assert lines[1]["allowed"] is False and "179" in lines[1]["why"] and "180" in lines[1]["why"]
    assert lines[2] == {"error": "regulation: không có quy định “congchuc_ND999_2030” (xem exam_rules --profiles)"}
    assert lines[3] == {
        "selected": ["A"],
        "undecided": ["B", "C"],
        "failed": [],
        "absent": [],
        "scores": {"A": 90, "B": 80, "C": 80},
        "totals": {"A": 90, "B": 85, "C": 85},
    }
    assert lines[4] == {"error": "correct: số câu đúng nhiều hơn số câu hỏi"}
    assert error is not None and error.returncode == 1


def test_good_cases_exit_zero(tmp_path):
    lines, error = _run(tmp_path, CASES[:2])
    assert error is None and [line.get("error") for line in lines] == [None, None]


def test_fails_round1_under_half_with_the_percentage_in_vietnamese(tmp_path):
    lines, _error = _run(tmp_path, [{"check": "round1", "regulation": ND170, "questions": 60, "correct": 29}])
    assert lines == [
        {"pass": False, "why": "Không đạt: Kiến thức chung: đúng 29/60 câu (48,33 %), yêu cầu tối thiểu 50 %."}
    ]


def test_priority_keys_resolve_through_the_categories_in_force(tmp_path):
    case = {
        "check": "ranking",
        "regulation": ND170,
        "quota": 1,
        "candidates": [{"id": "A", "round2": 80, "priority": ["trade_union_cadre", "military_service"]}],
    }
    older = {**case, "on": "2015-06-01", "candidates": [{"id": "A", "round2": 80, "priority": ["military_service"]}]}
    lines, _error = _run(tmp_path, [case, older, {**case, "on": "2015-06-01"}])
    assert lines[0]["totals"] == {"A": 82.5}
    assert lines[1]["totals"] == {"A": 90}  # NĐ 24/2010: 10 points for military service
    assert "trade_union_cadre" in lines[2]["error"]  # no trade-union category before NĐ 85/2023


def test_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(CASES[:1])))
    out = io.StringIO()
    call_command("exam_rules", "-", stdout=out)
    assert json.loads(out.getvalue())["pass"] is True


@pytest.mark.parametrize("text", ["{not json", '{"check": "round1"}'])
def test_a_file_that_is_no_json_list_is_refused(tmp_path, text):
    path = tmp_path / "cases.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("exam_rules", str(path), stdout=io.StringIO())


def test_a_missing_file_is_refused():
    with pytest.raises(CommandError):
        call_command("exam_rules", "/nonexistent/cases.json", stdout=io.StringIO())


def test_profiles_lists_every_code():
    out = io.StringIO()
    call_command("exam_rules", "--profiles", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    by_code = {line["code"]: line for line in lines}
    assert set(by_code) == {
        "congchuc_ND138_2020",
        ND170,
        "vienchuc_ND115_2020_as_amended_ND85_2023",
        "vienchuc_ND259_2026",
        "it_certificate_TTLT17_2016",
        "congchuc_nang_ngach_ND138_2020",
        "vienchuc_thang_hang_ND85_2023",
        "congchuc_ND170_2025_vi_tri_cao_hon",
    }
    assert by_code[ND170] == {
        "code": ND170,
        "name": "Thi tuyển công chức theo NĐ 170/2025/NĐ-CP",
        "kind": "recruitment",
        "staff_type": "cong_chuc",
        "valid_from": "01/07/2025",
        "valid_to": None,
    }
