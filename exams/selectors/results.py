"""Reads of results (issue #16): the board's view of an exam's results by position, the parts a panel marks, and
a candidate's own published result. Scoping: the exam comes from `exam_get_for_user` (board members only)."""

from django.db.models import QuerySet

from exams.models import Attempt, Candidate, Exam, Mark, Part, Result, ResultSheet, TieDecision
from exams.services.results.panel import PANEL_MODES, panel_candidates, panel_rule


def result_sheet(*, exam: Exam) -> ResultSheet | None:
    """The exam's result sheet (computed or published), or None before the first computation."""
    return ResultSheet.objects.filter(exam=exam).select_related("computed_by", "published_by").first()


def results_by_position(*, exam: Exam) -> list[dict]:
    """The results grouped by position (then agency), each group ranked, with its undecided candidates apart."""
    results = (
        Result.objects.filter(exam=exam)
        .select_related("candidate__person", "candidate__position", "candidate__agency", "decision")
        .order_by("candidate__position__code", "candidate__agency__name", "rank", "candidate__candidate_number")
    )
    groups: dict[tuple, dict] = {}
    for result in results:
        c = result.candidate
        key = (c.position_id, c.agency_id)
        group = groups.setdefault(key, {"position": c.position, "agency": c.agency, "results": [], "undecided": []})
        group["results"].append(result)
        if result.outcome == Result.Outcome.UNDECIDED:
            group["undecided"].append(result)
    return list(groups.values())


def tie_decisions(*, exam: Exam) -> QuerySet[TieDecision]:
    """The head of the agency's decisions recorded for `exam`, newest first."""
    return TieDecision.objects.filter(exam=exam).select_related("position", "agency", "recorded_by")


def panel_parts(*, exam: Exam) -> QuerySet[Part]:
    """The parts of `exam` whose marks a panel enters."""
    return exam.parts.filter(mode__in=PANEL_MODES).select_related("position")


def panel_part_get(*, exam: Exam, part_id: int) -> Part | None:
    """A panel-marked part of `exam`, or None."""
    return panel_parts(exam=exam).select_related("exam__profile").filter(pk=part_id).first()


def panel_sheet(*, part: Part) -> dict:
    """The candidates of `part` with their panel marks so far, the panel members named so far and the rule."""
    marks = {m.candidate_id: m for m in Mark.objects.filter(part=part)}
    members: list[str] = []
    for mark in marks.values():
        for name in (mark.details or {}).get("members", {}):
            if name not in members:
                members.append(name)
    rule, named = panel_rule(part=part)
    rows = [{"candidate": c, "mark": marks.get(c.pk)} for c in panel_candidates(part=part)]
    return {"rows": rows, "members": members, "rule": rule, "rule_named": named}


def result_get(*, exam: Exam, result_id: int) -> Result | None:
    """One result of `exam` (the caller has the exam through a scoped selector), or None."""
    return (
        Result.objects.filter(exam=exam, pk=result_id)
        .select_related("exam", "candidate__person", "candidate__position__rank", "candidate__employee")
        .first()
    )


def result_for_candidate(*, candidate: Candidate) -> Result | None:
    """The candidate's own result once published, or None (never another's, never before publication)."""
    return (
        Result.objects.filter(candidate=candidate, exam__result_sheet__status=ResultSheet.Status.PUBLISHED)
        .select_related("exam__result_sheet", "candidate__person", "candidate__position")
        .first()
    )


def attempt_result_for_candidate(*, user, attempt_id: int) -> Attempt | None:
    """A submitted attempt of the candidacy whose principal `user` is; None for anybody else's or one still running."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Attempt.objects.select_related(
            "candidate__person", "candidate__exam", "shift", "room_session__room", "room_session__shift"
        )
        .filter(pk=attempt_id, candidate__user=user, status=Attempt.Status.SUBMITTED)
        .first()
    )
