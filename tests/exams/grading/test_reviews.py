"""Review (phúc khảo): only for the kinds of test the profile names, within its window, audited, old score kept."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from common.errors import ApplicationError
from common.models import AuditEntry
from exams.models import Mark, ResultSheet, Review
from exams.services.grading.reviews import review_decide, review_last_day, review_request
from tests.exams.grading.conftest import written_setup
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db
GIVEN = dt.datetime(2026, 11, 27, 3, 0, tzinfo=dt.UTC)  # a Friday


def notify(exam, at=GIVEN):
    """The exam's results notified (published) at `at`."""
    ResultSheet.objects.update_or_create(
        exam=exam,
        defaults={"status": ResultSheet.Status.PUBLISHED, "computed_at": at, "published_at": at, "notified_at": at},
    )


def mark_for(part, candidate, score="60", notified=GIVEN, given=GIVEN):
    mark = Mark.objects.create(
        candidate=candidate, part=part, score=Decimal(score), max_score=part.max_score, source=Mark.Source.GRADERS
    )
    Mark.objects.filter(pk=mark.pk).update(updated_at=given)
    if notified is not None:
        notify(part.exam, notified)
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


LOCAL = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh


@pytest.mark.parametrize(
    ("asked", "accepted"),
    [
        (dt.datetime(2026, 11, 27, 18, 0, tzinfo=LOCAL), True),  # the day of the notice
        (dt.datetime(2026, 12, 4, 23, 59, tzinfo=LOCAL), True),  # the 5th working day, last minute
        (dt.datetime(2026, 12, 5, 0, 0, tzinfo=LOCAL), False),  # Saturday after it
        (dt.datetime(2026, 12, 7, 9, 0, tzinfo=LOCAL), False),
    ],
)
def test_the_window_runs_five_working_days_from_the_notice_of_the_results(asked, accepted):
    setup = written_setup(candidates=1)
    mark = mark_for(setup["part"], setup["candidates"][0], given=GIVEN - dt.timedelta(days=20))
    if accepted:
        assert review_request(mark=mark, reason="Xin phúc khảo", actor=None, now=asked).old_score == 60
    else:
        with pytest.raises(ApplicationError, match="04/12/2026") as refused:
            review_request(mark=mark, reason="Xin phúc khảo", actor=None, now=asked)
        assert "mark" in refused.value.message_dict


def test_the_window_counts_from_the_notice_not_from_when_the_mark_was_given_or_changed():
    setup = written_setup(candidates=2)
    old = mark_for(setup["part"], setup["candidates"][0], given=GIVEN - dt.timedelta(days=30))
    # marked a month before the notice: still within the window counted from the notice (the old rule refused)
    review_request(mark=old, reason="r", actor=None, now=GIVEN + dt.timedelta(days=6))
    changed = mark_for(setup["part"], setup["candidates"][1], given=GIVEN + dt.timedelta(days=10))
    # touched after the notice: the window does not move with it
    with pytest.raises(ApplicationError, match="04/12/2026"):
        review_request(mark=changed, reason="r", actor=None, now=GIVEN + dt.timedelta(days=11))


def test_a_notice_late_in_the_utc_evening_counts_from_the_local_day():
    setup = written_setup(candidates=1)
    evening = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)  # 03:00 on Friday 27/11 in Viet Nam
    mark = mark_for(setup["part"], setup["candidates"][0], notified=evening)
    with pytest.raises(ApplicationError, match="04/12/2026"):
        review_request(mark=mark, reason="r", actor=None, now=dt.datetime(2026, 12, 5, 1, 0, tzinfo=LOCAL))


def test_nothing_is_requested_before_the_results_are_notified():
    setup = written_setup(candidates=1)
    mark = mark_for(setup["part"], setup["candidates"][0], notified=None)
    with pytest.raises(ApplicationError, match="not notified yet") as refused:
        review_request(mark=mark, reason="r", actor=None, now=GIVEN)
    assert "mark" in refused.value.message_dict and not Review.objects.exists()


def test_a_republication_after_reopening_keeps_the_first_notice(province):
    from exams.services.results import results_compute, results_publish, results_reopen
    from tests.exams.factories_results import results_exam, sitting

    exam, position, parts, board = results_exam(agency=province["dept"], places=1)
    candidate = sitting(exam, position, "BT001", marks={parts["general"]: 45, parts["written"]: 70,
                                                        parts["interview"]: 70})  # fmt: skip
    results_compute(exam=exam, actor=board)
    first = results_publish(exam=exam, actor=board).notified_at
    results_reopen(exam=exam, actor=board, reason="Sửa điểm phỏng vấn")
    again = results_publish(exam=exam, actor=board)
    assert again.notified_at == first and again.published_at > first
    mark = Mark.objects.get(candidate=candidate, part=parts["written"])
    later = timezone.localtime(first) + dt.timedelta(days=30)
    with pytest.raises(ApplicationError, match="accepted until"):
        review_request(mark=mark, reason="r", actor=None, now=later)


def test_the_api_names_the_mark_when_the_results_are_not_notified_or_the_window_has_closed(api_client, examiner):
    from django.urls import reverse

    setup = written_setup(candidates=1)
    mark = mark_for(setup["part"], setup["candidates"][0], notified=None)
    api_client.force_authenticate(examiner)
    url = reverse("exams-api:grading-reviews", args=[setup["exam"].pk])
    early = api_client.post(url, {"mark": mark.pk, "reason": "Xin phúc khảo"}, format="json")
    assert early.status_code == 400 and "mark" in early.json() and not Review.objects.exists()
    notify(setup["exam"], timezone.now() - dt.timedelta(days=30))
    late = api_client.post(url, {"mark": mark.pk, "reason": "Xin phúc khảo"}, format="json")
    assert late.status_code == 400 and "mark" in late.json() and not Review.objects.exists()
    notify(setup["exam"], timezone.now())
    assert api_client.post(url, {"mark": mark.pk, "reason": "Xin phúc khảo"}, format="json").status_code == 201
