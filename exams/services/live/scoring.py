"""Grading a submitted attempt: each computer part through exams.rules.grading with the exam's partial-credit
setting, then round 1 through exams.rules.round1 with the exam's regulation profile.

The key (fractions, accepted answers, values, pairs) is read here only, at submission, and never leaves the server
before it. Item versions are immutable once on a paper, so their keys are kept per process: an end storm of 2,000
attempts reads each item's key once.
"""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.models import Attempt, AttemptAnswer, CandidateClaim, CandidatePaper, ItemOption, ItemVersion
from exams.rules.base import RuleError
from exams.rules.grading import Accepted, Item, grade_attempt
from exams.rules.round1 import round1_result
from exams.selectors.reference import profile_rules
from exams.services.live.paper import live_parts

_keys: dict[int, tuple[str, bool, list[tuple[int, str, Decimal, Decimal | None, Decimal | None]]]] = {}
_KEYS_MAX = 50000


def _load_keys(version_ids: list[int]) -> None:
    missing = [v for v in version_ids if v not in _keys]
    if not missing:
        return
    if len(_keys) + len(missing) > _KEYS_MAX:
        _keys.clear()
    options: dict[int, list] = {v: [] for v in missing}
    rows = ItemOption.objects.filter(version_id__in=missing).order_by("version_id", "position")
    for row in rows.values_list("version_id", "pk", "text", "fraction", "value", "tolerance"):
        options[row[0]].append(row[1:])
    for pk, kind, case_sensitive in ItemVersion.objects.filter(pk__in=missing).values_list(
        "pk", "kind", "case_sensitive"
    ):
        _keys[pk] = (kind, case_sensitive, options[pk])


def _item(entry: dict, points) -> Item:
    kind, case_sensitive, options = _keys[entry["v"]]
    common = {"id": str(entry["v"]), "kind": kind, "points": points}
    if kind in ("single", "multiple", "true_false"):
        return Item(**common, fractions={str(pk): fraction for pk, _t, fraction, _v, _tol in options})
    if kind == "fill_in":
        accepted = tuple(Accepted(text, fraction) for _pk, text, fraction, _v, _tol in options if fraction > 0)
        return Item(**common, accepted=accepted, loose=not case_sensitive)
    if kind == "numerical":
        value, tolerance = next(((v, tol) for _pk, _t, f, v, tol in options if v is not None), (None, 0))
        return Item(**common, value=value, tolerance=tolerance or 0)
    if kind == "matching":  # the right-hand column is known by its place in this candidate's order ("m")
        return Item(**common, pairs={str(o): str(entry["m"].index(o)) for o in entry["o"]})
    return Item(**common)


def _response(entry: dict, kind: str, answer: tuple[list, str] | None):
    if answer is None:
        return None
    choices, text = answer
    if kind == "matching":  # choices[i] = the key matched to the i-th left option (None: not matched)
        return {str(o): str(k) for o, k in zip(entry["o"], choices, strict=False) if k is not None}
    if kind in ("fill_in", "numerical", "essay"):
        return text
    return [str(choice) for choice in choices]


def _part_grade(paper: CandidatePaper, answers: dict, partial: bool) -> dict:
    points = {version: value for version, value in paper.form.items}
    items = [_item(entry, points.get(entry["v"], 1)) for entry in paper.layout]
    responses = {
        item.id: _response(entry, item.kind, answers.get(entry["v"]))
        for item, entry in zip(items, paper.layout, strict=True)
    }
    grade = grade_attempt(items, responses, partial_credit=partial)
    return {
        "part": paper.part_id,
        "key": paper.part.key,
        "name": paper.part.name,
        "round": paper.part.round,
        "questions": len(items),
        "correct": grade.correct,
        "score": str(grade.score),
        "max_score": str(grade.max_score),
        "pending": len(grade.pending),
    }


def _rules(profile):
    try:
        return profile_rules(profile=profile)
    except RuleError:  # a malformed profile is the board's to fix; the answers are graded all the same
        return None


def _round1(rules, parts: list[dict], exempt: set[str]) -> dict | None:
    """Pass or fail of round 1 when the profile has one and this shift holds its parts; None otherwise."""
    if rules is None or not rules.round1:
        return None
    given = {}
    for part in parts:
        known = rules.round1.get(part["key"])
        if known is None or part["round"] != 1:
            continue
        if known.scale is not None:
            given[part["key"]] = {"score": str(Decimal(part["score"]) / Decimal(part["max_score"]) * known.scale)}
        else:
            given[part["key"]] = {"questions": part["questions"], "correct": part["correct"]}
    if not given:
        return None
    for key in exempt:
        if key in rules.round1 and key not in given and rules.round1[key].exemptible:
            given[key] = {"exempt": True}
    try:
        outcome = round1_result(rules, parts=given)
    except RuleError as error:  # e.g. a required part sat in another shift: the board decides on the whole
        return {"passed": None, "why": _("Round 1 is decided with every part: %(error)s") % {"error": error}}
    return {"passed": outcome.passed, "why": outcome.why, "parts": outcome.parts}


def _papers(attempts: list[Attempt]) -> dict[int, list[CandidatePaper]]:
    """Candidate id → his papers for the computer parts of his attempt's shift, in their order."""
    shifts = {a.shift_id: a.shift for a in attempts}
    parts_of = {shift_id: {part.pk for part in live_parts(shift=shift)} for shift_id, shift in shifts.items()}
    shift_of = {a.candidate_id: a.shift_id for a in attempts}
    papers = (
        CandidatePaper.objects.filter(candidate_id__in=list(shift_of), part_id__in=set().union(*parts_of.values()))
        .select_related("form", "part")
        .order_by("part__round", "part__order", "part_id")
    )
    mine: dict[int, list] = defaultdict(list)
    for paper in papers:
        if paper.part_id in parts_of[shift_of[paper.candidate_id]]:
            mine[paper.candidate_id].append(paper)
    return mine


def attempts_grade(*, attempts: list[Attempt]) -> dict[int, tuple[Decimal, Decimal, dict]]:
    """Attempt id → (score, max_score, result) from the answers in force; result = {"parts": [...], "round1": ...,
    "shown": whether the candidate sees it at once}. Reads in a fixed number of queries for any number of attempts
    (the end of a shift grades them together); the caller stores it."""
    papers = _papers(attempts)
    _load_keys([entry["v"] for mine in papers.values() for paper in mine for entry in paper.layout])
    answers: dict[int, dict] = defaultdict(dict)
    rows = AttemptAnswer.objects.filter(attempt_id__in=[a.pk for a in attempts])
    for attempt_id, question, choices, text in rows.values_list("attempt_id", "question", "choices", "text"):
        answers[attempt_id][question] = (choices, text)
    exempt: dict[int, set] = defaultdict(set)
    claims = CandidateClaim.objects.filter(
        candidate_id__in=[a.candidate_id for a in attempts],
        kind=CandidateClaim.Kind.EXEMPTION,
        status=CandidateClaim.Status.ACCEPTED,
    )
    for candidate_id, key in claims.values_list("candidate_id", "part_key"):
        exempt[candidate_id].add(key)
    rules: dict[int, object] = {}
    graded = {}
    for attempt in attempts:
        exam = attempt.shift.exam
        if exam.profile_id not in rules:
            rules[exam.profile_id] = _rules(exam.profile)
        parts = [_part_grade(p, answers[attempt.pk], exam.partial_credit) for p in papers[attempt.candidate_id]]
        score = sum((Decimal(part["score"]) for part in parts), Decimal(0))
        max_score = sum((Decimal(part["max_score"]) for part in parts), Decimal(0))
        profile_rules_ = rules[exam.profile_id]
        shown = bool(profile_rules_ and profile_rules_.results_shown_immediately.get("computer"))
        round1 = _round1(profile_rules_, parts, exempt[attempt.candidate_id])
        graded[attempt.pk] = (score, max_score, {"parts": parts, "round1": round1, "shown": shown})
    return graded


def attempt_grade(*, attempt: Attempt) -> tuple[Decimal, Decimal, dict]:
    """(score, max_score, result) of one attempt (see attempts_grade)."""
    return attempts_grade(attempts=[attempt])[attempt.pk]
