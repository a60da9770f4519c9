"""Promotion candidates drawn from the registry: eligibility with its reasons from concrete hrm records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEntry
from exams.models import Candidate
from exams.selectors import eligibility_rows, reasons_in_words, staff_pickable
from exams.services.promotion import eligibility_recompute, staff_candidates_add
from hrm.models import AnnualRating, RatingLevel
from tests.exams.factories_cands import promotion_exam, staff_with_history

pytestmark = pytest.mark.django_db
LAST_YEAR = dt.date.today().year - 1


def add(exam, position, *employees, actor=None):
    staff_candidates_add(exam=exam, actor=actor, employee_ids=[e.pk for e in employees], position=position)
    return {c.employee_id: c for c in Candidate.objects.filter(exam=exam)}


def failing(candidate) -> list[str]:
    return [r["key"] for r in candidate.eligibility if not r["ok"]]


def test_eligibility_reasons_from_the_registry(province, examiner, english):
    exam, position = promotion_exam()
    unit = province["c1"]
    ok = staff_with_history(unit=unit, full_name="Nguyễn Văn Đủ")
    young = staff_with_history(unit=unit, since=dt.date(2021, 5, 1), full_name="Lê Thị Non")
    low = staff_with_history(unit=unit, rating="HTNV", full_name="Phạm Văn Thấp")
    punished = staff_with_history(unit=unit, discipline="canh_cao", full_name="Trần Văn Phạt")
    found = add(exam, position, ok, young, low, punished, actor=examiner)
    assert found[ok.pk].status == Candidate.Status.ELIGIBLE and failing(found[ok.pk]) == []
    assert failing(found[young.pk]) == ["years"] and found[young.pk].status == Candidate.Status.INELIGIBLE
    assert failing(found[low.pk]) == ["rating"]
    assert failing(found[punished.pk]) == ["discipline"]
    texts = {r["key"]: r["text"] for r in reasons_in_words(found[young.pk].eligibility)}
    assert texts["years"].startswith("5 years") and "at least 9 years" in texts["years"]
    assert "Hoàn thành tốt nhiệm vụ" in texts["rating"] and str(LAST_YEAR) in texts["rating"]
    punished_texts = [r["text"] for r in reasons_in_words(found[punished.pk].eligibility) if not r["ok"]]
    assert punished_texts[0].startswith("Under discipline: Cảnh cáo since ")
    assert AuditEntry.objects.filter(model="exams.candidate", action="create", scope_id=exam.pk).count() == 4


def test_recompute_reads_the_registry_as_it_stands(province, examiner):
    exam, position = promotion_exam()
    low = staff_with_history(unit=province["c1"], rating="HTNV")
    candidate = add(exam, position, low)[low.pk]
    assert candidate.status == Candidate.Status.INELIGIBLE
    AnnualRating.objects.filter(employee=low).update(level=RatingLevel.objects.filter(code="HTXSNV").first())
    assert eligibility_recompute(exam=exam, actor=examiner) == {"eligible": 1, "ineligible": 0}
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.ELIGIBLE and candidate.eligibility_checked_at is not None


def test_certificates_where_the_profile_asks_for_them(province):
    exam, position = promotion_exam(code="congchuc_nang_ngach_ND138_2020")  # read on 30/06/2025: last year is 2024
    employee = staff_with_history(unit=province["c1"], rating_year=2024, state_management="")
    candidate = add(exam, position, employee)[employee.pk]
    assert failing(candidate) == ["certificate"]


def test_dossier_review_lists_the_eligible_in_priority_order(province):
    exam, position = promotion_exam(code="vienchuc_thang_hang_ND85_2023", target="01.002")
    unit = province["c1"]
    man = staff_with_history(
        unit=unit, staff_type="vien_chuc", full_name="Võ Văn Nam", sex="male", date_of_birth=dt.date(1970, 1, 1)
    )
    woman = staff_with_history(
        unit=unit, staff_type="vien_chuc", full_name="Đỗ Thị Nữ", sex="female", date_of_birth=dt.date(1985, 1, 1)
    )
    khmer = staff_with_history(
        unit=unit,
        staff_type="vien_chuc",
        full_name="Thạch Thị Sa",
        sex="female",
        ethnicity="Khmer",
        date_of_birth=dt.date(1988, 1, 1),
    )
    out = staff_with_history(unit=unit, staff_type="vien_chuc", full_name="An Văn Trượt", rating="KHTNV")
    add(exam, position, man, woman, khmer, out)
    listing = eligibility_rows(exam=exam)
    assert listing["form"] == "dossier_review"
    assert [r["candidate"].person.full_name for r in listing["rows"]] == [
        "Thạch Thị Sa",
        "Đỗ Thị Nữ",
        "Võ Văn Nam",
        "An Văn Trượt",
    ]
    assert [r["rank"] for r in listing["rows"]] == [1, 2, 3, None]


def test_who_may_be_drawn_in(province, examiner):
    exam, position = promotion_exam(organiser=None)
    vien_chuc = staff_with_history(unit=province["c1"], staff_type="vien_chuc")
    with pytest.raises(ValidationError) as exc:  # a civil-servant profile takes civil servants
        add(exam, position, vien_chuc)
    assert list(exc.value.message_dict) == ["employees"]
    elsewhere = staff_with_history(unit=province["c2"])
    mine = staff_with_history(unit=province["c1"])
    exam.organiser = province["d1"]
    exam.save()
    assert set(staff_pickable(exam=exam).values_list("pk", flat=True)) == {mine.pk}
    with pytest.raises(ValidationError):
        add(exam, position, elsewhere)
    add(exam, position, mine)
    assert staff_candidates_add(exam=exam, actor=examiner, employee_ids=[mine.pk], position=position) == {
        "added": 0,
        "skipped": 1,
    }


def test_a_recruitment_exam_or_a_position_without_rank_is_refused(province):
    from tests.exams.factories_cands import PositionFactory

    exam, position = promotion_exam()
    employee = staff_with_history(unit=province["c1"])
    with pytest.raises(ValidationError) as exc:
        add(exam, PositionFactory(exam=exam, rank=None), employee)
    assert list(exc.value.message_dict) == ["position"]
    recruitment = PositionFactory()
    with pytest.raises(ValidationError):
        add(recruitment.exam, recruitment, employee)


def test_years_before_a_title_was_renamed_still_count(province):
    """Teachers' titles got new codes on 20/03/2021 (their rank groups start then): earlier years still count."""
    exam, position = promotion_exam(code="vienchuc_thang_hang_ND85_2023", target="V.07.03.28")
    teacher = staff_with_history(
        unit=province["c1"], staff_type="vien_chuc", rank="V.07.03.29", since=dt.date(2012, 9, 1)
    )
    candidate = add(exam, position, teacher)[teacher.pk]
    assert failing(candidate) == [] and candidate.status == Candidate.Status.ELIGIBLE
