"""Bulk grading of an exam's computer parts, key corrections, and the runs that list whose mark changed."""

from decimal import Decimal

import pytest

from common.errors import ApplicationError
from common.models import AuditEntry
from exams.models import Attempt, GradingRun, ItemVersion, Mark
from exams.services.grading import exam_grade, key_correction_remove, key_correction_set
from tests.exams.grading.conftest import option
from tests.exams.live.conftest import build_live, paper_of
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


def marks(exam):
    return {m.candidate.candidate_number: m for m in Mark.objects.filter(part__exam=exam).select_related("candidate")}


def test_bulk_grading_gives_each_candidate_the_score_graded_at_submission_on_the_parts_scale(sat):
    board = UserFactory()
    run = exam_grade(exam=sat["exam"], actor=board)
    got = marks(sat["exam"])
    assert run.graded == 4 and run.changed == [] and run.created_by == board
    for attempt in sat["attempts"]:
        mark = got[attempt.candidate.candidate_number]
        raw = Decimal(attempt.result["parts"][0]["score"])
        assert mark.source == Mark.Source.COMPUTER and mark.attempt_id == attempt.pk
        assert mark.score == (raw / Decimal("4.5") * 100).quantize(Decimal("0.01"))
        assert mark.details["correct"] == attempt.result["parts"][0]["correct"]
    assert [got[c.candidate_number].score for c in sat["candidates"]] == [100, Decimal("66.67"), Decimal("33.33"), 0]
    assert AuditEntry.objects.filter(action="grade", object_id=str(run.pk)).exists()


def test_grading_twice_changes_nothing_and_lists_no_one(sat):
    exam_grade(exam=sat["exam"], actor=None)
    again = exam_grade(exam=sat["exam"], actor=None)
    assert again.changed == [] and Mark.objects.filter(part__exam=sat["exam"]).count() == 4


def test_a_corrected_key_regrades_and_lists_every_candidate_whose_mark_changed(sat):
    exam_grade(exam=sat["exam"], actor=None)
    first = sat["candidates"][0]
    question = paper_of(first)[0]["v"]  # the same version may sit elsewhere on the others' papers
    board = UserFactory()
    version = ItemVersion.objects.get(pk=question)
    key_correction_set(
        exam=sat["exam"],
        version=version,
        actor=board,
        correct=[option(question, 1)],
        reason="Đáp án B mới đúng theo luật sửa đổi",
    )
    run = exam_grade(exam=sat["exam"], actor=board, reason="Sửa đáp án")
    after = marks(sat["exam"])
    assert first.candidate_number in {row["number"] for row in run.changed}
    assert after[first.candidate_number].score == Decimal("66.67")
    for row in run.changed:
        assert row["new"] == str(after[row["number"]].score) and row["old"] != row["new"]
    unchanged = [c for c in sat["candidates"] if question not in [e["v"] for e in paper_of(c)]]
    assert not {c.candidate_number for c in unchanged} & {row["number"] for row in run.changed}
    assert GradingRun.objects.filter(exam=sat["exam"]).count() == 2


def test_every_answer_accepted_gives_the_points_to_whoever_answered_not_to_a_skip(sat):
    skipper = sat["candidates"][2]  # skipped his second question
    question = paper_of(skipper)[1]["v"]
    version = ItemVersion.objects.get(pk=question)
    key_correction_set(exam=sat["exam"], version=version, actor=None, accept_all=True, reason="Câu hỏi lỗi")
    exam_grade(exam=sat["exam"], actor=None)
    mark = marks(sat["exam"])[skipper.candidate_number]
    assert mark.score == Decimal("33.33")  # the skip earns nothing
    wrong = sat["candidates"][3]
    if question in [e["v"] for e in paper_of(wrong)]:
        assert marks(sat["exam"])[wrong.candidate_number].score == Decimal("33.33")


def test_key_corrections_are_refused_with_the_field_named(sat):
    question = paper_of(sat["candidates"][0])[0]["v"]
    version = ItemVersion.objects.get(pk=question)
    other = build_live(candidates=1)
    foreign = ItemVersion.objects.get(pk=paper_of(other["candidates"][0])[0]["v"])
    cases = [
        ({"version": version, "correct": [option(question, 1)], "reason": " "}, "reason"),
        ({"version": version, "correct": [], "reason": "r"}, "correct"),
        ({"version": version, "correct": [option(question, 1), option(question, 2)], "reason": "r"}, "correct"),
        ({"version": version, "correct": [option(foreign.pk, 1)], "reason": "r"}, "correct"),
        ({"version": foreign, "correct": [option(foreign.pk, 1)], "reason": "r"}, "version"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ApplicationError) as refused:
            key_correction_set(exam=sat["exam"], actor=None, **kwargs)
        assert field in refused.value.message_dict
    assert not sat["exam"].key_fixes.exists()


def test_withdrawing_a_correction_restores_the_items_key_at_the_next_grading(sat):
    first = sat["candidates"][0]
    question = paper_of(first)[0]["v"]
    fix = key_correction_set(
        exam=sat["exam"],
        version=ItemVersion.objects.get(pk=question),
        actor=None,
        correct=[option(question, 1)],
        reason="r",
    )
    exam_grade(exam=sat["exam"], actor=None)
    key_correction_remove(fix=fix, actor=None)
    run = exam_grade(exam=sat["exam"], actor=None)
    assert marks(sat["exam"])[first.candidate_number].score == 100
    assert {"number": first.candidate_number, "old": "66.67", "new": "100.00"}.items() <= next(
        row for row in run.changed if row["number"] == first.candidate_number
    ).items()


def test_a_candidate_without_an_attempt_is_marked_absent(db):
    ready = build_live(candidates=2)
    from tests.exams.grading.conftest import sit

    sit({**ready, "candidates": ready["candidates"][:1]}, [[0, 0, 0]])
    Attempt.objects.filter(candidate=ready["candidates"][1]).delete()  # never came: no attempt
    exam_grade(exam=ready["exam"], actor=None)
    absent = marks(ready["exam"])[ready["candidates"][1].candidate_number]
    assert absent.absent and absent.score is None


def test_grading_is_refused_while_attempts_run(db):
    from exams.services.live import attempts as live
    from exams.services.live import commands
    from tests.exams.grading.conftest import T0

    ready = build_live(candidates=1)
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=T0)
    live.attempt_for_candidate(candidate=ready["candidates"][0], now=T0)
    with pytest.raises(ApplicationError, match="still running"):
        exam_grade(exam=ready["exam"], actor=None)
    assert not Mark.objects.exists()


def test_a_mark_given_by_review_is_never_overwritten(sat):
    exam_grade(exam=sat["exam"], actor=None)
    mark = Mark.objects.filter(part__exam=sat["exam"]).first()
    Mark.objects.filter(pk=mark.pk).update(source=Mark.Source.REVIEW, score=Decimal("50"))
    exam_grade(exam=sat["exam"], actor=None)
    mark.refresh_from_db()
    assert mark.score == 50 and mark.source == Mark.Source.REVIEW


def test_bulk_grading_and_submission_share_scorings_public_path():
    """One path: bulk grading and item analysis use live scoring's public interface, never its private helpers, and
    keep no scoring of their own (no call of the pure grading rules outside scoring)."""
    import inspect

    from exams.services.grading import analysis, objective
    from exams.services.live import scoring

    for module in (objective, analysis):
        source = inspect.getsource(module)
        assert "scoring._" not in source and "grade_item" not in source and "grade_attempt" not in source
    assert {"keys_load", "Scorer", "PaperGrade", "attempt_absent", "attempts_grade", "parsed_answer"} <= set(
        dir(scoring)
    )


def test_the_scorer_applies_a_correction_and_grades_each_distinct_answer_once(sat):
    from exams.services.live import scoring

    paper = paper_of(sat["candidates"][0])
    first = paper[0]["v"]
    forms = {1: {entry["v"]: Decimal("1.5") for entry in paper}}
    plain = scoring.Scorer(partial=False, forms=forms)
    right = {first: (f"[{option(first, 0)}]", "")}
    assert plain.paper(paper, 1, right) == scoring.PaperGrade(Decimal("1.5"), Decimal("4.5"), 1, 0)
    fixed = scoring.Scorer(
        partial=False, forms=forms, fixes={first: scoring.Correction(False, (str(option(first, 1)),))}
    )
    assert fixed.paper(paper, 1, right).score == 0
    every = scoring.Scorer(partial=False, forms=forms, fixes={first: scoring.Correction(True, ())})
    assert every.paper(paper, 1, {first: (f"[{option(first, 3)}]", "")}).correct == 1
    assert every.paper(paper, 1, {}).correct == 0  # a skipped question is not made right


def test_forms_that_give_an_item_the_same_points_share_its_grades_and_others_keep_their_own(sat, monkeypatch):
    """A paper per candidate (a form each): an answer given on many forms is graded once, each form's points hold."""
    from exams.services.live import scoring

    paper = paper_of(sat["candidates"][0])
    first = paper[0]["v"]
    forms = {n: {e["v"]: Decimal("1.5") for e in paper} for n in (1, 2, 3)}
    forms[3] = {e["v"]: Decimal(2) for e in paper}
    calls = []
    grade_item = scoring.grade_item
    monkeypatch.setattr(scoring, "grade_item", lambda *a, **k: calls.append(a[0].id) or grade_item(*a, **k))
    scorer = scoring.Scorer(partial=False, forms=forms)
    right = {first: (f"[{option(first, 0)}]", "")}
    assert scorer.paper(paper, 1, right).score == Decimal("1.5")
    assert scorer.paper(paper, 2, right).score == Decimal("1.5")
    assert calls.count(str(first)) == 1  # form 2 gives the same points: form 1's grade serves
    assert scorer.paper(paper, 3, right) == scoring.PaperGrade(Decimal(2), Decimal(6), 1, 0)
    assert calls.count(str(first)) == 2
