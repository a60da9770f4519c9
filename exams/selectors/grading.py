"""Reads of an exam's grading: what the board sees (parts, marks, runs, corrections, scripts, reviews, statistics)
and what a grader sees (only the scripts assigned to him, by code, without names or the other graders' marks)."""

from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from exams.models import (
    AttemptAnswer,
    Exam,
    GradingRun,
    ItemStatistic,
    ItemVersion,
    KeyCorrection,
    Mark,
    Part,
    Review,
    Script,
    ScriptMark,
)
from exams.roles import ATTEMPT_GRADE, ExamRole
from exams.selectors.setup import exam_get_for_user
from hrm.selectors import user_roles

HISTOGRAM_BINS = 10


def exam_get_for_grader(*, user, exam_id: int) -> Exam | None:
    """The exam if `user` grades it (or manages it: a board member grades too), else None."""
    return exam_get_for_user(user=user, exam_id=exam_id, action=ATTEMPT_GRADE) or exam_get_for_user(
        user=user, exam_id=exam_id
    )


def grading_parts_summary(*, exam: Exam) -> list[dict]:
    """Each part with its marks by source, absentees and, for written parts, scripts (marked, waiting for a third)."""
    rows = []
    for part in exam.parts.order_by("round", "order", "pk"):
        marks = Mark.objects.filter(part=part)
        scripts = Script.objects.filter(part=part).annotate(
            done=Count("marks", filter=Q(marks__score__isnull=False)), total=Count("marks")
        )
        rows.append(
            {
                "part": part,
                "marks": marks.filter(absent=False).count(),
                "absent": marks.filter(absent=True).count(),
                "by_source": dict(Counter(marks.values_list("source", flat=True))),
                "scripts": scripts.count(),
                "final": scripts.filter(final__isnull=False).count(),
                "thirds": scripts.filter(marks__turn=3).distinct().count(),
            }
        )
    return rows


def graders_of_exam(*, exam: Exam) -> QuerySet:
    """The active users granted the grader role on this exam (the board assigns scripts to them)."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from exams.roles import ExamRole
    from hrm.models import Grant

    grants = Grant.objects.filter(
        role=ExamRole.GRADER, scope_type=ContentType.objects.get_for_model(Exam), scope_id=exam.pk
    )
    return get_user_model().objects.filter(pk__in=grants.values("user"), is_active=True).order_by("username")


def grading_runs(*, exam: Exam, limit: int = 10) -> QuerySet[GradingRun]:
    """The exam's latest grading runs, newest first, with who ran them."""
    return GradingRun.objects.filter(exam=exam).select_related("part", "created_by")[:limit]


def key_corrections(*, exam: Exam) -> QuerySet[KeyCorrection]:
    """The exam's key corrections with the item version they correct."""
    return KeyCorrection.objects.filter(exam=exam).select_related("version__item", "created_by")


def user_grades(*, user) -> bool:
    """Whether `user` holds the grader role today: the "My scripts" menu entry."""
    return ExamRole.GRADER in user_roles(user=user)


def grading_list_for_grader(*, user) -> list[dict]:
    """The exams in which scripts are given to `user` to mark: {"exam", "total", "todo"} (todo: his marks not given
    on scripts without a final score), newest exam first."""
    counts = (
        ScriptMark.objects.filter(grader=user)
        .values("script__part__exam")
        .annotate(total=Count("pk"), todo=Count("pk", filter=Q(score__isnull=True, script__final__isnull=True)))
    )
    by_exam = {row["script__part__exam"]: row for row in counts}
    exams = Exam.objects.filter(pk__in=by_exam).order_by("-pk")
    return [{"exam": exam, "total": by_exam[exam.pk]["total"], "todo": by_exam[exam.pk]["todo"]} for exam in exams]


def scripts_for_grader(*, user, exam: Exam) -> QuerySet[ScriptMark]:
    """The marks `user` is to give or gave on this exam's scripts (code and part only: never a name)."""
    return (
        ScriptMark.objects.filter(grader=user, script__part__exam=exam)
        .select_related("script__part")
        .order_by("score", "script__part", "script__code")
    )


def script_mark_get_for_grader(*, user, exam: Exam, mark_id: int) -> ScriptMark | None:
    """One of `user`'s own marks on this exam, or None (another grader's, or not there)."""
    return scripts_for_grader(user=user, exam=exam).filter(pk=mark_id).first()


def script_answers(*, script: Script) -> list[dict]:
    """The written answers of a script from its attempt (computer parts), by question; [] on paper."""
    if script.attempt_id is None:
        return []
    answers = (
        AttemptAnswer.objects.filter(attempt_id=script.attempt_id).exclude(text="").values_list("question", "text")
    )
    stems = dict(ItemVersion.objects.filter(pk__in=[q for q, _t in answers], kind="essay").values_list("pk", "stem"))
    return [{"question": stems[q], "text": text} for q, text in answers if q in stems]


def mark_get_for_board(*, exam: Exam, mark_id: int) -> Mark | None:
    """A mark of this exam, or None."""
    return Mark.objects.filter(part__exam=exam, pk=mark_id).select_related("part", "candidate").first()


def mark_get_for_board_by_number(*, exam: Exam, part: Part, candidate_number: str) -> Mark | None:
    """The mark of the candidate numbered `candidate_number` (any case) in `part` of this exam, or None."""
    return (
        Mark.objects.filter(part=part, part__exam=exam, candidate__candidate_number__iexact=candidate_number.strip())
        .select_related("part", "candidate")
        .first()
    )


def reviews_of_exam(*, exam: Exam) -> QuerySet[Review]:
    """The exam's review requests, open ones first."""
    return (
        Review.objects.filter(mark__part__exam=exam)
        .select_related("mark__candidate", "mark__part", "decided_by")
        .order_by("status", "-requested_at")
    )


def review_get_for_board(*, exam: Exam, review_id: int) -> Review | None:
    """A review of this exam, or None."""
    return reviews_of_exam(exam=exam).filter(pk=review_id).first()


def score_histogram(*, part: Part, bins: int = HISTOGRAM_BINS) -> list[dict]:
    """The part's scores (not absent) in `bins` equal bands of its maximum: [{"low", "high", "count"}]."""
    scores = list(Mark.objects.filter(part=part, absent=False, score__isnull=False).values_list("score", flat=True))
    width = Decimal(part.max_score) / bins
    counts = [0] * bins
    for score in scores:
        counts[min(int(score / width), bins - 1) if width else 0] += 1
    return [{"low": width * i, "high": width * (i + 1), "count": n} for i, n in enumerate(counts)]


def item_statistics_of_exam(*, exam: Exam) -> QuerySet[ItemStatistic]:
    """The exam's item statistics by part and paper, with each item's code."""
    return ItemStatistic.objects.filter(exam=exam).select_related("version__item", "part", "form")


def part_of_exam(*, exam: Exam, part_id) -> Part | None:
    """A part of `exam` (the caller has the exam through a scoped selector), or None."""
    return exam.parts.filter(pk=part_id).first()


def version_get(*, version_id) -> ItemVersion | None:
    """An item version by id; the key-correction service checks that it is on one of the exam's papers."""
    return ItemVersion.objects.filter(pk=version_id).first()


def graders_chosen(*, exam: Exam, ids) -> list:
    """The users among `ids` who hold the grader grant on `exam` (anyone else is ignored)."""
    return list(graders_of_exam(exam=exam).filter(pk__in=ids))
