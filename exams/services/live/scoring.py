"""Scoring: the one path from a candidate's stored answers to his points, used at submission (`attempts_grade`, by
closing) and by bulk grading after the shift (exams.services.grading.objective, with the exam's key corrections).

Public interface (the rest of this module is private):
- `keys_load(version_ids)`: read the keys of these item versions (kept per process: versions are immutable once on
  a paper, so an end storm of 2,000 attempts reads each key once);
- `item_kind(version_id)`: the kind of a loaded version;
- `Scorer(partial=..., forms=..., fixes=...)`: grades papers; each item is built once per version and points, and
  each distinct answer to it graded once through exams.rules.grading (`paper()` → `PaperGrade`);
- `attempt_absent(ending=, connected_at=, last_seen_at=, answered=)`: a seated candidate who never connected and
  gave no answer is absent (vắng thi), never a 0;
- `attempts_grade(attempts=...)` / `attempt_grade(attempt=...)`: the result of submitted attempts.

The key (fractions, accepted answers, values, pairs) is read here only, after the answers are in, and never leaves
the server before.
"""

import json
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from exams.models import Attempt, AttemptAnswer, CandidateClaim, CandidatePaper, ItemOption, ItemVersion
from exams.rules.base import RuleError
from exams.rules.grading import CORRECT, Accepted, Item, grade_item
from exams.rules.round1 import round1_result
from exams.selectors.reference import profile_rules
from exams.services.live.paper import live_parts

_keys: dict[int, tuple[str, bool, list[tuple[int, str, Decimal, Decimal | None, Decimal | None]]]] = {}
_KEYS_MAX = 50000
UNIT = 10000  # the rules round an item's points to 4 decimals: sums in ten-thousandths are exact
ANSWERED_NOTHING = (None, "", [], {})


def keys_load(version_ids) -> None:
    """Read the keys of `version_ids` not read yet by this process (one query for options, one for versions)."""
    missing = [v for v in set(version_ids) if v not in _keys]
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


def item_kind(version_id: int) -> str:
    """The kind of a version whose key is loaded (`keys_load`)."""
    return _keys[version_id][0]


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


def parsed_answer(answer: tuple | None) -> tuple[list, str] | None:
    """A stored answer (the options chosen as JSON text or as a list, the text) as (list, text)."""
    if answer is None:
        return None
    raw, text = answer
    return (json.loads(raw) if isinstance(raw, str) else raw or []), text


class PaperGrade(NamedTuple):
    score: Decimal  # points of the items graded
    max_score: Decimal
    correct: int  # items fully right
    pending: int  # essays, left to the graders


class Correction(NamedTuple):
    """A key correction as scoring applies it: every answer given counts as right, or these option ids are."""

    accept_all: bool
    correct: tuple[str, ...]


class Scorer:
    """Grades candidates' papers through exams.rules.grading: each item is built once per version and points (a key
    correction applied), and each distinct answer to it is graded once."""

    def __init__(self, *, partial: bool, forms: dict[int, dict[int, Decimal]], fixes: dict | None = None):
        """`forms`: form id → {version id: points}; `fixes`: version id → Correction (keys are loaded here)."""
        self.partial, self.forms, self.fixes = partial, forms, fixes or {}
        keys_load(v for items in forms.values() for v in items)
        self.items: dict = {}
        self.grades: dict = {}
        self.plain: dict = {}
        self.plans: dict = {}

    def item(self, form_id: int, entry: dict) -> Item:
        """The item of layout `entry` on form `form_id`: one per version and points (and a matching item's order),
        shared by every form that gives it those points, so that each distinct answer to it is graded once even
        when every candidate has a paper of his own."""
        points = self.forms.get(form_id, {}).get(entry["v"], 1)
        key = (entry["v"], points, tuple(entry["m"])) if "m" in entry else (entry["v"], points)
        item = self.items.get(key)
        if item is None:
            item = _item(entry, points)
            fix = self.fixes.get(entry["v"])
            if fix is not None and not fix.accept_all:
                item = Item(id=item.id, kind=item.kind, points=item.points, correct=fix.correct)
            item = self.items[key] = item
        return item

    def grade(self, item: Item, entry: dict, answer: tuple | None) -> tuple[int, int, bool]:
        """(points, maximum, fully right) of one stored answer (None: skipped), points in ten-thousandths."""
        table = self.grades.setdefault(id(item), {})  # items live in self.items, so id() is stable
        grade = table.get(answer)
        if grade is None:
            response = _response(entry, item.kind, parsed_answer(answer))
            result = grade_item(item, response, partial_credit=self.partial)
            points, right = result.points, result.status == CORRECT
            fix = self.fixes.get(entry["v"])
            if fix is not None and fix.accept_all and response not in ANSWERED_NOTHING:
                points, right = result.max_points, True
            grade = table[answer] = (int(points * UNIT), int(result.max_points * UNIT), right)
        return grade

    def entries(self, form_id: int) -> list[dict] | None:
        """The form's questions as layout entries, or None when a matching item needs each candidate's own layout
        (only a matching item's grading depends on the candidate's order; the others need the version alone)."""
        if form_id not in self.plain:
            versions = list(self.forms.get(form_id, {}))
            matching = any(item_kind(v) == "matching" for v in versions)
            self.plain[form_id] = None if matching else [{"v": v} for v in versions]
        return self.plain[form_id]

    def plan(self, form_id: int, entries: list[dict]) -> list[tuple]:
        """(version, item, its table of graded answers, entry) of each objective question of a paper, in order;
        kept per form when `entries` are the form's own (`entries()`)."""
        shared = self.plain.get(form_id) is entries
        plan = self.plans.get(form_id) if shared else None
        if plan is None:
            plan = []
            for entry in entries:
                item = self.item(form_id, entry)
                if item.kind != "essay":
                    plan.append((entry["v"], item, self.grades.setdefault(id(item), {}), entry))
            if shared:
                self.plans[form_id] = plan
        return plan

    def paper(self, entries: list[dict], form_id: int, answers: dict) -> PaperGrade:
        """The grade of one candidate's paper: `entries` its layout (or the form's `entries()`), `answers` version
        id → (options chosen as JSON text or list, text)."""
        score = maximum = correct = 0
        plan = self.plan(form_id, entries)
        for version, item, table, entry in plan:
            answer = answers.get(version)
            got, most, right = table.get(answer) or self.grade(item, entry, answer)
            score, maximum, correct = score + got, maximum + most, correct + right
        return PaperGrade(Decimal(score) / UNIT, Decimal(maximum) / UNIT, correct, len(entries) - len(plan))


NEVER_CONNECTED = "never_connected"  # the reason an absent candidate's mark gives


def attempt_absent(*, ending: str, connected_at, last_seen_at, answered: bool) -> bool:
    """A seated candidate whose submitted attempt never connected, holds no answer and was not submitted by him
    (the clock or the proctor closed it) did not sit the test: absent (vắng thi), never a 0. Decided by bulk
    grading, which reads how each attempt ended (at submission the ending is not stored yet)."""
    return ending != Attempt.Ending.CANDIDATE and connected_at is None and last_seen_at is None and not answered


def _part_grade(scorer: Scorer, paper: CandidatePaper, answers: dict) -> dict:
    grade = scorer.paper(paper.layout, paper.form_id, answers)
    return {
        "part": paper.part_id,
        "key": paper.part.key,
        "name": paper.part.name,
        "round": paper.part.round,
        "questions": len(paper.layout),
        "correct": grade.correct,
        "score": str(grade.score),
        "max_score": str(grade.max_score),
        "pending": grade.pending,
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


def _stored_answers(attempts: list[Attempt]) -> dict[int, dict]:
    """attempt → version → (options chosen as JSON text, text): hashable, the form bulk grading reads them in."""
    answers: dict[int, dict] = defaultdict(dict)
    rows = AttemptAnswer.objects.filter(attempt_id__in=[a.pk for a in attempts]).order_by()  # no join for the order
    for attempt_id, question, choices, text in rows.values_list("attempt_id", "question", "choices", "text"):
        answers[attempt_id][question] = (json.dumps(choices), text)
    return answers


def attempts_grade(*, attempts: list[Attempt]) -> dict[int, tuple[Decimal, Decimal, dict]]:
    """Attempt id → (score, max_score, result) from the answers in force; result = {"parts": [...], "round1": ...,
    "shown": whether the candidate sees it at once} (an absent candidate, `attempt_absent`, is recorded so by bulk
    grading). Reads in a fixed number of queries for any number of attempts (the end of a shift grades them
    together); the caller stores it."""
    papers = _papers(attempts)
    forms = {p.form_id: dict(p.form.items) for mine in papers.values() for p in mine}
    answers = _stored_answers(attempts)
    exempt: dict[int, set] = defaultdict(set)
    claims = CandidateClaim.objects.filter(
        candidate_id__in=[a.candidate_id for a in attempts],
        kind=CandidateClaim.Kind.EXEMPTION,
        status=CandidateClaim.Status.ACCEPTED,
    )
    for candidate_id, key in claims.values_list("candidate_id", "part_key"):
        exempt[candidate_id].add(key)
    scorers: dict[bool, Scorer] = {}
    rules: dict[int, object] = {}
    graded = {}
    for attempt in attempts:
        exam = attempt.shift.exam
        if exam.partial_credit not in scorers:
            scorers[exam.partial_credit] = Scorer(partial=exam.partial_credit, forms=forms)
        if exam.profile_id not in rules:
            rules[exam.profile_id] = _rules(exam.profile)
        scorer = scorers[exam.partial_credit]
        parts = [_part_grade(scorer, p, answers[attempt.pk]) for p in papers[attempt.candidate_id]]
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
