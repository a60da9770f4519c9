"""Review (phúc khảo): only for the kinds of test the profile names, within its window, audited, old score kept."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from common.errors import ApplicationError
from common.models import AuditEntry
from exams.models import Mark, Review
from exams.services.grading.reviews import review_decide, review_last_day, review_request
from tests.exams.grading.conftest import written_setup
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db
GIVEN = dt.datetime(2026, 11, 27, 3, 0, tzinfo=dt.UTC)  # a Friday


def mark_for(part, candidate, score="60"):
    mark = Mark.objects.create(
        candidate=candidate, part=part, score=Decimal(score), max_score=part.max_score, source=Mark.Source.GRADERS
    )
    Mark.objects.filter(pk=mark.pk).update(updated_at=GIVEN)
    mark.refresh_from_db()
    return mark


def test_five_working_days_skip_the_weekend():
    assert review_last_day(given=dt.date(2026, 11, 27), window=5, unit="working_days") == dt.date(2026, 12, 4)
    assert review_last_day(given=dt.date(2026, 11, 27), window=15, unit="days") == dt.date(2026, 12, 12)


def test_a_paper_mark_is_reviewed_within_the_window_and_the_new_score_keeps_the_old():
    setup = written_setup(candidates=1)
    mark = mark_for(setup["part"], setup["candidates"][0])
    board = UserFactory()
    review = review_request(
        mark=mark, reason="Bài làm bị cộng thiếu điểm câu 2", actor=board, now=GIVEN + dt.timedelta(days=7)
    )
    review_decide(review=review, new_score="65,5", outcome="Cộng thêm 5,5 điểm câu 2", actor=board)
    mark.refresh_from_db()
    review.refresh_from_db()
    assert mark.score == Decimal("65.50") and mark.source == Mark.Source.REVIEW
    assert mark.details["before_review"] == "60.00" and mark.details["reviews"][0]["source"] == "graders"
    assert review.old_score == 60 and review.new_score == Decimal("65.50") and review.decided_by == board
    assert AuditEntry.objects.filter(action="review_decide", object_id=str(review.pk)).exists()
    with pytest.raises(ApplicationError, match="already decided"):
        review_decide(review=review, new_score=70, outcome="x", actor=board)


def test_a_late_request_is_refused_with_the_last_day():
    setup = written_setup(candidates=1)
    mark = mark_for(setup["part"], setup["candidates"][0])
    with pytest.raises(ApplicationError, match="04/12/2026"):
        review_request(mark=mark, reason="r", actor=None, now=GIVEN + dt.timedelta(days=8))
    assert not Review.objects.exists()


def test_a_computer_test_is_never_reviewed():
    from exams.services.grading import exam_grade
    from tests.exams.grading.conftest import sit
    from tests.exams.live.conftest import build_live

    ready = build_live(candidates=1)
    sit(ready, [[0, 0, 1]])
    exam_grade(exam=ready["exam"], actor=None)
    mark = Mark.objects.get(part=ready["part"])
    with pytest.raises(ApplicationError, match="allows no review"):
        review_request(mark=mark, reason="r", actor=None, now=timezone.now())
    assert not Review.objects.exists()


def test_one_open_review_per_mark_and_the_grounds_are_required():
    setup = written_setup(candidates=1)
    mark = mark_for(setup["part"], setup["candidates"][0])
    with pytest.raises(ApplicationError) as refused:
        review_request(mark=mark, reason=" ", actor=None, now=GIVEN)
    assert "reason" in refused.value.message_dict
    review_request(mark=mark, reason="r", actor=None, now=GIVEN)
    with pytest.raises(ApplicationError, match="already open"):
        review_request(mark=mark, reason="r", actor=None, now=GIVEN)
