"""Bulk objective grading of an exam: every submitted attempt of its computer parts through the same pure rules as at
submission (exams.rules.grading, the keys read by exams.services.live.scoring), with the exam's key corrections,
written as Mark(source=computer) by one bulk upsert; each run records whose mark changed (old → new).

Vectorised for 5,000 attempts × 60 items: the papers, answers and keys come in a few queries, and each distinct
(item, points, response) is graded once: a whole exam gives a few hundred distinct responses per item at most.
"""

from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Attempt, AttemptAnswer, CandidatePaper, Exam, GradingRun, KeyCorrection, Mark, PaperForm, Part
from exams.services.live import scoring

TWO = Decimal("0.01")
Progress = Callable[[int, int, str], None]


def grading_parts(*, exam: Exam, part: Part | None = None) -> list[Part]:
    """The parts bulk grading marks: the exam's parts on computer with objective items (or `part`, checked)."""
    if part is not None:
        if part.exam_id != exam.pk or part.mode != Part.Mode.COMPUTER:
            raise ApplicationError(_("Only a part of this exam taken on computer is graded here."), field="part")
        return [part]
    return list(exam.parts.filter(mode=Part.Mode.COMPUTER).order_by("round", "order", "pk"))


def _check_finished(exam: Exam, parts: list[Part]) -> None:
    running = Attempt.objects.filter(
        shift__exam=exam, shift__parts__in=parts, status__in=[Attempt.Status.IN_PROGRESS, Attempt.Status.PAUSED]
    ).distinct()
    count = running.count()
    if count:
        message = _("%(count)s attempts of these parts are still running: grade after they are submitted.")
        raise ApplicationError(message % {"count": count}, field="part")


ABSENT = "absent"  # a submitted attempt that never connected and holds no answer (scoring.attempt_absent)


def _attempts(exam: Exam, parts: list[Part]) -> dict[tuple[int, int], tuple[int, str]]:
    """(candidate, part) → (attempt id, status) through the shifts that hold each part; the status is ABSENT for a
    candidate seated but never there (his attempt closed by the clock without a connection or an answer)."""
    through = Part.shifts.through.objects.filter(part__in=parts).values_list("shift_id", "part_id")
    parts_of_shift = defaultdict(list)
    for shift_id, part_id in through:
        parts_of_shift[shift_id].append(part_id)
    found = {}
    rows = Attempt.objects.filter(shift__exam=exam, shift_id__in=list(parts_of_shift)).annotate(
        has_answers=Exists(AttemptAnswer.objects.filter(attempt=OuterRef("pk")))
    )
    for pk, candidate_id, shift_id, status, ending, connected_at, last_seen_at, answered in rows.values_list(
        "pk", "candidate_id", "shift_id", "status", "ending", "connected_at", "last_seen_at", "has_answers"
    ):
        if status == Attempt.Status.SUBMITTED and scoring.attempt_absent(
            ending=ending, connected_at=connected_at, last_seen_at=last_seen_at, answered=answered
        ):
            status = ABSENT
        for part_id in parts_of_shift[shift_id]:
            found[(candidate_id, part_id)] = (pk, status)
    return found


def _answers(attempt_ids: list[int]) -> dict[int, dict[int, tuple[str, str]]]:
    """attempt → question → (the options chosen as stored JSON text, the text): the JSON is parsed only for a
    response not met before (a few hundred per item), not 300,000 times."""
    by_attempt: dict[int, dict] = defaultdict(dict)
    if not attempt_ids:
        return by_attempt
    rows = (
        AttemptAnswer.objects.filter(attempt_id__in=attempt_ids)
        .order_by()
        .annotate(raw=Cast("choices", output_field=TextField()))
        .values_list("attempt_id", "question", "raw", "text")
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:  # 300,000 rows: plain tuples, without the ORM's per-row converters
        cursor.execute(sql, params)
        for attempt_id, question, raw, text in cursor.fetchall():
            by_attempt[attempt_id][question] = (raw, text)
    return by_attempt


def submitted_ids(attempts: dict) -> list[int]:
    return sorted({pk for pk, status in attempts.values() if status == Attempt.Status.SUBMITTED})


def _corrections(exam: Exam) -> dict[int, scoring.Correction]:
    return {
        fix.version_id: scoring.Correction(fix.accept_all, tuple(str(o) for o in fix.correct))
        for fix in KeyCorrection.objects.filter(exam=exam)
    }


def grader_for(*, exam: Exam, parts: list[Part]) -> scoring.Scorer:
    """The scorer of `parts` (live scoring's, the one path) with the exam's partial-credit setting and its key
    corrections."""
    forms = {pk: dict(items) for pk, items in PaperForm.objects.filter(part__in=parts).values_list("pk", "items")}
    return scoring.Scorer(partial=exam.partial_credit, forms=forms, fixes=_corrections(exam))


def _scaled(score: Decimal, maximum: Decimal, scale: Decimal) -> Decimal:
    if not maximum:
        return Decimal(0)
    return (score / maximum * scale).quantize(TWO, rounding=ROUND_HALF_UP)


def papers_entries(parts: list[Part], grader: scoring.Scorer):
    """(candidate, part, form, the paper's entries) of every candidate paper of `parts`: the form's questions, or the
    candidate's own layout when the form holds a matching item (those layouts alone are read)."""
    rows = list(CandidatePaper.objects.filter(part__in=parts).values_list("pk", "candidate_id", "part_id", "form_id"))
    own = [pk for pk, _c, _p, form_id in rows if grader.entries(form_id) is None]
    layouts = dict(CandidatePaper.objects.filter(pk__in=own).values_list("pk", "layout")) if own else {}
    return [(c, p, f, grader.entries(f) or layouts[pk]) for pk, c, p, f in rows]


def _marks(*, exam, parts, grader, attempts, answers, progress) -> list[Mark]:
    scale = {part.pk: part.max_score for part in parts}
    papers = papers_entries(parts, grader)
    marks = []
    for n, (candidate_id, part_id, form_id, layout) in enumerate(papers, start=1):
        attempt_id, status = attempts.get((candidate_id, part_id), (None, None))
        if status != Attempt.Status.SUBMITTED:
            reason = "no attempt" if attempt_id is None else status
            details = {"reason": scoring.NEVER_CONNECTED if status == ABSENT else reason}
            marks.append(
                Mark(
                    candidate_id=candidate_id,
                    part_id=part_id,
                    score=None,
                    max_score=scale[part_id],
                    absent=True,
                    source=Mark.Source.COMPUTER,
                    details=details,
                    attempt_id=attempt_id,
                )
            )
            continue
        score, maximum, correct, _pending = grader.paper(layout, form_id, answers.get(attempt_id, {}))
        details = {"points": str(score), "max_points": str(maximum), "correct": correct, "questions": len(layout)}
        marks.append(
            Mark(
                candidate_id=candidate_id,
                part_id=part_id,
                score=_scaled(score, maximum, scale[part_id]),
                max_score=scale[part_id],
                source=Mark.Source.COMPUTER,
                details=details,
                attempt_id=attempt_id,
            )
        )
        if progress and n % 500 == 0:
            progress(n, len(papers), _("Graded %(done)s of %(total)s papers") % {"done": n, "total": len(papers)})
    return marks


def _changes(parts: list[Part], marks: list[Mark]) -> tuple[list[Mark], list[dict]]:
    """The marks to write (never over a mark the graders, the panel or a review gave) and whose score changed."""
    before = {
        (c, p): (score, source, number)
        for c, p, score, source, number in Mark.objects.filter(part__in=parts).values_list(
            "candidate_id", "part_id", "score", "source", "candidate__candidate_number"
        )
    }
    keep, changed = [], []
    for mark in marks:
        old = before.get((mark.candidate_id, mark.part_id))
        if old is not None and old[1] != Mark.Source.COMPUTER:
            continue
        keep.append(mark)
        if old is not None and old[0] != mark.score:
            changed.append(
                {
                    "candidate": mark.candidate_id,
                    "number": old[2],
                    "part": mark.part_id,
                    "old": None if old[0] is None else str(old[0]),
                    "new": None if mark.score is None else str(mark.score),
                }
            )
    return keep, changed


def exam_grade(*, exam: Exam, actor, part: Part | None = None, reason: str = "", progress: Progress | None = None):
    """Grade every submitted attempt of `exam` (or of `part`) with its key corrections and write the computer marks
    in one upsert; the run (audited) lists every candidate whose mark changed. Safe to run again."""
    parts = grading_parts(exam=exam, part=part)
    if not parts:
        raise ApplicationError(_("This exam has no part taken on computer."), field="part")
    _check_finished(exam, parts)
    attempts = _attempts(exam, parts)
    marks = _marks(
        exam=exam,
        parts=parts,
        grader=grader_for(exam=exam, parts=parts),
        attempts=attempts,
        answers=_answers(submitted_ids(attempts)),
        progress=progress,
    )
    return _write(exam=exam, part=part, actor=actor, reason=reason, parts=parts, marks=marks)


@transaction.atomic
def _write(*, exam, part, actor, reason, parts, marks) -> GradingRun:
    marks, changed = _changes(parts, marks)
    for mark in marks:
        mark.updated_by = _user(actor)
    Mark.objects.bulk_create(
        marks,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["candidate", "part"],
        update_fields=["score", "max_score", "absent", "source", "details", "attempt", "updated_at", "updated_by"],
    ) if marks else None
    run = GradingRun.objects.create(
        exam=exam, part=part, graded=len(marks), changed=changed, reason=reason, created_by=_user(actor)
    )
    after = {"graded": len(marks), "changed": len(changed), "part": part.pk if part else None}
    audit_record(actor=actor, action="grade", obj=run, scope=exam, after=after, note=reason[:255])
    return run


def _user(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None
