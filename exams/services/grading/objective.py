"""Bulk objective grading of an exam: every submitted attempt of its computer parts through the same pure rules as at
submission (exams.rules.grading, the keys read by exams.services.live.scoring), with the exam's key corrections,
written as Mark(source=computer) by one bulk upsert; each run records whose mark changed (old → new).

Vectorised for 5,000 attempts × 60 items: the papers, answers and keys come in a few queries, and each distinct
(item, points, response) is graded once: a whole exam gives a few hundred distinct responses per item at most.
"""

import json
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Attempt, AttemptAnswer, CandidatePaper, Exam, GradingRun, KeyCorrection, Mark, PaperForm, Part
from exams.rules.grading import Item, grade_item
from exams.services.live import scoring

TWO = Decimal("0.01")
UNIT = 10000  # the rules round an item's points to 4 decimals
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


def _attempts(exam: Exam, parts: list[Part]) -> dict[tuple[int, int], tuple[int, str]]:
    """(candidate, part) → (attempt id, status) through the shifts that hold each part."""
    through = Part.shifts.through.objects.filter(part__in=parts).values_list("shift_id", "part_id")
    parts_of_shift = defaultdict(list)
    for shift_id, part_id in through:
        parts_of_shift[shift_id].append(part_id)
    found = {}
    rows = Attempt.objects.filter(shift__exam=exam, shift_id__in=list(parts_of_shift))
    for pk, candidate_id, shift_id, status in rows.values_list("pk", "candidate_id", "shift_id", "status"):
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


def _corrected(item: Item, fix: KeyCorrection | None) -> Item:
    if fix is None or fix.accept_all:
        return item
    return Item(id=item.id, kind=item.kind, points=item.points, correct=tuple(str(o) for o in fix.correct))


def _parsed(answer: tuple[str, str] | None) -> tuple[list, str] | None:
    if answer is None:
        return None
    raw, text = answer
    return (json.loads(raw) if isinstance(raw, str) else raw or []), text


class _Grader:
    """Grades one candidate's paper at a time: each item of a form is built once, and each distinct answer to it is
    graded once through exams.rules.grading."""

    def __init__(self, *, partial: bool, fixes: dict[int, KeyCorrection], forms: dict[int, dict[int, Decimal]]):
        self.partial, self.fixes, self.forms = partial, fixes, forms
        self.items: dict = {}
        self.grades: dict = {}
        self.plain: dict = {}
        self.plans: dict = {}

    def item(self, form_id: int, entry: dict) -> Item:
        """The item of `entry` on form `form_id` (its points on that form, the exam's key correction applied)."""
        key = (form_id, entry["v"], tuple(entry["m"])) if "m" in entry else (form_id, entry["v"])
        item = self.items.get(key)
        if item is None:
            points = self.forms.get(form_id, {}).get(entry["v"], 1)
            item = self.items[key] = _corrected(scoring._item(entry, points), self.fixes.get(entry["v"]))
        return item

    def grade(self, item: Item, entry: dict, answer: tuple[str, str] | None) -> tuple[int, int, bool]:
        """(points, maximum, fully right) of one answer (None: skipped), points in ten-thousandths (exact: the rules
        round each item to 4 decimals), each distinct answer to an item graded once."""
        table = self.grades.setdefault(id(item), {})  # items live in self.items, so id() is stable
        grade = table.get(answer)
        if grade is None:
            response = scoring._response(entry, item.kind, _parsed(answer))
            result = grade_item(item, response, partial_credit=self.partial)
            points = result.points
            fix = self.fixes.get(entry["v"])
            if fix is not None and fix.accept_all and response not in (None, "", [], {}):
                points = result.max_points
            grade = table[answer] = (int(points * UNIT), int(result.max_points * UNIT), points == result.max_points)
        return grade

    def entries(self, form_id: int) -> list[dict] | None:
        """The form's questions as layout entries, or None when a matching item needs each candidate's own layout
        (only a matching item's grading depends on the candidate's order; the others need the version alone)."""
        if form_id not in self.plain:
            versions = list(self.forms.get(form_id, {}))
            matching = any(scoring._keys[v][0] == "matching" for v in versions)
            self.plain[form_id] = None if matching else [{"v": v} for v in versions]
        return self.plain[form_id]

    def plan(self, form_id: int, entries: list[dict]) -> list[tuple]:
        key = (form_id, id(entries))
        plan = self.plans.get(key) if self.plain.get(form_id) is entries else None
        if plan is None:
            plan = []
            for entry in entries:
                item = self.item(form_id, entry)
                if item.kind != "essay":
                    plan.append((entry["v"], item, self.grades.setdefault(id(item), {}), entry))
            if self.plain.get(form_id) is entries:
                self.plans[key] = plan
        return plan

    def paper(self, entries: list[dict], form_id: int, answers: dict) -> tuple[Decimal, Decimal, int]:
        """(points, maximum, items fully right) of one candidate's paper."""
        score = maximum = correct = 0
        for version, item, table, entry in self.plan(form_id, entries):
            answer = answers.get(version)
            got, most, right = table.get(answer) or self.grade(item, entry, answer)
            score, maximum, correct = score + got, maximum + most, correct + right
        return Decimal(score) / UNIT, Decimal(maximum) / UNIT, correct


def grader_for(*, exam: Exam, parts: list[Part]) -> _Grader:
    """A grader of `parts` with the exam's partial-credit setting, its key corrections and every key loaded."""
    forms = {pk: dict(items) for pk, items in PaperForm.objects.filter(part__in=parts).values_list("pk", "items")}
    scoring._load_keys(sorted({v for items in forms.values() for v in items}))
    fixes = {fix.version_id: fix for fix in KeyCorrection.objects.filter(exam=exam)}
    return _Grader(partial=exam.partial_credit, fixes=fixes, forms=forms)


def _scaled(score: Decimal, maximum: Decimal, scale: Decimal) -> Decimal:
    if not maximum:
        return Decimal(0)
    return (score / maximum * scale).quantize(TWO, rounding=ROUND_HALF_UP)


def papers_entries(parts: list[Part], grader: _Grader):
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
            details = {"reason": "no attempt" if attempt_id is None else status}
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
        score, maximum, correct = grader.paper(layout, form_id, answers.get(attempt_id, {}))
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
