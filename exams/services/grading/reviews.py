"""Review (phúc khảo) of a mark, only where the exam's profile allows it: the kinds of test it names (paper-based
written tests in the regimes in force; never a computer test) and within its window counted from the day the results
were first notified (ResultSheet.notified_at: NĐ 170/2025 and NĐ 115/2020 as amended accept requests "trong thời hạn
05 ngày làm việc kể từ ngày thông báo kết quả"; the day of the notice itself is not counted; days, or working days
Monday–Friday: public holidays are not known here and count as working days). Before the notice nothing can be
requested; a mark changed later, or a republication after reopening, does not move the window.
The outcome and the new score are audited; the mark becomes Mark(source=review) and keeps the earlier score."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Mark, Part, ResultSheet, Review
from exams.rules.base import RuleError, number
from exams.selectors.reference import profile_rules

# The kind of test (the profile's review modes) each part mode is.
REVIEW_MODE = {
    Part.Mode.PAPER: "written_paper",
    Part.Mode.COMPUTER: "computer_mcq",
    Part.Mode.COMPUTER_ESSAY: "written_computer",
    Part.Mode.ORAL: "oral",
    Part.Mode.PRACTICAL: "practical",
    Part.Mode.PROJECT: "project",
}


def review_last_day(*, given: dt.date, window: int, unit: str) -> dt.date:
    """The last day a request is accepted: `window` days (or working days, Mon–Fri) after the day `given` (the day of
    the notice is not counted: notified on Friday, 5 working days run to the next Friday)."""
    if unit == "days":
        return given + dt.timedelta(days=window)
    day, left = given, window
    while left:
        day += dt.timedelta(days=1)
        left -= day.weekday() < 5
    return day


def review_window_start(*, exam) -> dt.date | None:
    """The day the exam's results were first notified (local date), or None before any notice."""
    notified = ResultSheet.objects.filter(exam=exam).values_list("notified_at", flat=True).first()
    return timezone.localdate(notified) if notified else None


def _check_allowed(mark: Mark, today: dt.date) -> None:
    try:
        rules = profile_rules(profile=mark.part.exam.profile)
    except RuleError as error:
        raise ApplicationError(_("The exam's regulation is malformed: %(e)s") % {"e": error}) from error
    mode = REVIEW_MODE.get(mark.part.mode)
    if not rules.review_allowed(mode):
        message = _("The regulation of this exam allows no review of this kind of test (%(part)s).")
        raise ApplicationError(message % {"part": mark.part.get_mode_display()}, field="mark")
    if mark.score is None:
        raise ApplicationError(_("There is no score to review."), field="mark")
    notified = review_window_start(exam=mark.part.exam)
    if notified is None:
        raise ApplicationError(_("The results are not notified yet: a review can be asked for once they are."),
                               field="mark")  # fmt: skip
    if rules.review.window is not None:
        last = review_last_day(given=notified, window=rules.review.window, unit=rules.review.window_unit)
        if today > last:
            message = _("Review requests for this mark were accepted until %(day)s.")
            raise ApplicationError(message % {"day": last.strftime("%d/%m/%Y")}, field="mark")


@transaction.atomic
def review_request(*, mark: Mark, reason: str, actor, now: dt.datetime | None = None) -> Review:
    """Record a request for review of `mark`, refused with the reason where the profile allows none, after its
    window, or while another request of it is open; audited."""
    now = now or timezone.now()
    mark = Mark.objects.select_for_update().select_related("part__exam__profile").get(pk=mark.pk)
    if not reason.strip():
        raise ApplicationError(_("Give the grounds of the request."), field="reason")
    _check_allowed(mark, timezone.localdate(now))
    if mark.reviews.filter(status=Review.Status.REQUESTED).exists():
        raise ApplicationError(_("A review of this mark is already open."), field="mark")
    review = Review.objects.create(mark=mark, reason=reason.strip()[:500], requested_at=now, old_score=mark.score)
    audit_record(actor=actor, action="review", obj=review, scope=mark.part.exam, after={"score": str(mark.score)})
    return review


@transaction.atomic
def review_decide(*, review: Review, new_score, outcome: str, actor, now: dt.datetime | None = None) -> Review:
    """Close an open review with its outcome and the score after review (the same one when unchanged): the mark
    becomes Mark(source=review) and keeps the earlier score and source in its details; audited."""
    review = Review.objects.select_for_update().select_related("mark__part__exam").get(pk=review.pk)
    if review.status != Review.Status.REQUESTED:
        raise ApplicationError(_("This review is already decided."), field="new_score")
    if not outcome.strip():
        raise ApplicationError(_("Write the outcome of the review."), field="outcome")
    mark = review.mark
    try:
        score = number(new_score, key="new_score", minimum=0, maximum=mark.max_score).quantize(Decimal("0.01"))
    except RuleError as error:
        raise ApplicationError(_("Score after review: %(e)s") % {"e": error.message}, field="new_score") from error
    history = [*mark.details.get("reviews", []), {"review": review.pk, "score": str(mark.score), "source": mark.source}]
    mark.details = {**mark.details, "before_review": str(mark.score), "reviews": history}
    mark.score, mark.source, mark.updated_by = score, Mark.Source.REVIEW, actor
    mark.save()
    review.new_score, review.outcome, review.status = score, outcome.strip()[:500], Review.Status.DECIDED
    review.decided_by, review.decided_at = actor, now or timezone.now()
    review.save()
    audit_record(
        actor=actor,
        action="review_decide",
        obj=review,
        scope=mark.part.exam,
        before={"score": str(review.old_score)},
        after={"score": str(score), "outcome": review.outcome},
    )
    return review
