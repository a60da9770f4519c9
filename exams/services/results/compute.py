"""Results by the profile (issue #16): round 1 per part, the round-2 score, the highest priority, then the ranking
within each position's quota (per agency) with the profile's tie-break, all through the pure rules of
`exams.rules`. A tie at the last place stays undecided until the head of the agency decides (`tie_decide`)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Exam, Result, ResultSheet, TieDecision
from exams.rules import RankCandidate, RuleError, Rules, parse_rules, rank, round1_result
from exams.rules.base import plain
from exams.services.results.load import Entry, ExamData, PartInfo, exam_data_load
from exams.services.results.writing import results_insert

Outcome = Result.Outcome
ERRORS_SHOWN = 20


@dataclass
class _Scored:
    entry: Entry
    round1_pass: bool | None = None
    reasons: list[str] = field(default_factory=list)
    failed: bool = False
    absent: bool = False  # absent from a part he had to sit: recorded absent, never ranked, never a 0
    round2_parts: dict[str, Decimal] = field(default_factory=dict)
    round1_marks: dict[str, Decimal] = field(default_factory=dict)


def profile_rules(exam: Exam) -> Rules:
    """The exam's profile rules parsed; a profile without machine-readable rules is refused."""
    try:
        rules = parse_rules((exam.profile.config or {}).get("rules"))
    except RuleError as exc:
        raise ApplicationError(_("The exam's regulation profile has no usable rules: %(e)s") % {"e": exc}) from exc
    if not rules.round1 and rules.round2 is None:
        raise ApplicationError(_("The exam's regulation profile gives no pass marks: results cannot be computed."))
    return rules


def _parts_for(data: ExamData, entry: Entry, round_no: int) -> list[PartInfo]:
    return [p for p in data.parts if p.round == round_no and p.position_id in (None, entry.position_id)]


def _round1_given(rules: Rules, part: PartInfo, mark: dict) -> dict:
    rule = rules.round1[part.key]
    if rule.scale is not None:
        return {"score": mark["score"] / mark["max_score"] * rule.scale}
    if mark["correct"] is not None and mark["questions"] is not None:
        return {"questions": mark["questions"], "correct": mark["correct"]}
    return {"questions": plain(mark["max_score"]), "correct": plain(mark["score"])}


def _round1_cached(rules: Rules, given: dict, memo: dict):
    """round1_result is pure and a part counted in questions has few distinct marks: thousands of candidates share
    a few hundred outcomes (the memo lives as long as one computation's data)."""
    key = tuple(sorted((k, tuple(sorted(v.items()))) for k, v in given.items()))
    if key not in memo:
        memo[key] = round1_result(rules, parts=given)
    return memo[key]


def _round1(rules: Rules, data: ExamData, scored: _Scored, errors: list[str]) -> None:
    entry, given = scored.entry, {}
    for part in _parts_for(data, entry, 1):
        if part.key not in rules.round1:
            continue
        if part.key in entry.exempt:
            given[part.key] = {"exempt": True}
            continue
        mark = entry.marks.get(part.id)
        if mark is None or (mark["score"] is None and not mark["absent"]):
            errors.append(_("%(number)s: no mark in “%(part)s”") % {"number": entry.number, "part": part.name})
        elif mark["absent"]:
            scored.failed = scored.absent = True
            scored.reasons.append(_("Absent from “%(part)s”.") % {"part": part.name})
        else:
            given[part.key] = _round1_given(rules, part, mark)
            scored.round1_marks[part.key] = mark["score"]
    if scored.failed or not given or errors:
        scored.round1_pass = False if scored.failed and not scored.absent else None
        return
    outcome = _round1_cached(rules, given, data.round1_memo)
    scored.round1_pass = outcome.passed
    scored.failed = not outcome.passed
    scored.reasons.append(_("Round 1 — %(why)s") % {"why": outcome.why})


def _round2(rules: Rules, data: ExamData, scored: _Scored, errors: list[str]) -> None:
    entry = scored.entry
    parts = _parts_for(data, entry, 2)
    if not parts:
        errors.append(_("%(number)s: the exam has no round-2 part for this candidate") % {"number": entry.number})
    for part in parts:
        mark = entry.marks.get(part.id)
        if mark is None or (mark["score"] is None and not mark["absent"]):
            errors.append(_("%(number)s: no mark in “%(part)s”") % {"number": entry.number, "part": part.name})
        elif mark["absent"]:
            scored.failed = scored.absent = True
            scored.reasons.append(_("Absent from “%(part)s”.") % {"part": part.name})
        elif part.key not in rules.round2.scales:
            errors.append(
                _("Part “%(part)s”: the profile has no round-2 part “%(key)s”") % {"part": part.name, "key": part.key}
            )
        else:
            scored.round2_parts[part.key] = mark["score"] / mark["max_score"] * rules.round2.scales[part.key]


def _quota_key(data: ExamData, entry: Entry, errors: list[str]) -> tuple[int, int] | None:
    own = [key for key in data.quotas if key[0] == entry.position_id]
    match = [key for key in own if key[1] == entry.agency_id]
    if not match and entry.agency_id is None and len(own) == 1:
        match = own
    if not match:
        position = data.positions.get(entry.position_id, "—")
        errors.append(
            _("%(number)s: position %(position)s has no quota for his agency")
            % {"number": entry.number, "position": position}
        )
        return None
    return match[0]


def _score_all(rules: Rules, data: ExamData) -> tuple[list[_Scored], dict]:
    errors: list[str] = []
    scored_all, groups = [], defaultdict(list)
    for entry in data.entries:
        scored = _Scored(entry)
        scored_all.append(scored)
        if rules.round1:
            _round1(rules, data, scored, errors)
        if scored.failed or rules.round2 is None:
            continue
        _round2(rules, data, scored, errors)
        key = _quota_key(data, entry, errors)
        if not scored.failed and key is not None:
            groups[key].append(scored)
    if errors:
        more = len(errors) - ERRORS_SHOWN
        text = "; ".join(errors[:ERRORS_SHOWN]) + (_(" … and %(n)s more") % {"n": more} if more > 0 else "")
        raise ApplicationError(_("Results cannot be computed: %(errors)s.") % {"errors": text})
    return scored_all, groups


def _rank_group(rules: Rules, data: ExamData, quota: int, group: list[_Scored]):
    candidates = [
        RankCandidate(
            id=str(s.entry.id),
            parts=s.round2_parts,
            round1={key: value for key, value in s.round1_marks.items()},
            priority=s.entry.priority,
        )
        for s in group
    ]
    try:
        return rank(rules, quota=quota, candidates=candidates, categories=data.categories)
    except RuleError as exc:
        number = next((s.entry.number for s in group if exc.key and exc.key.startswith(f"{s.entry.id}.")), "")
        raise ApplicationError(
            _("Results cannot be computed: %(who)s %(e)s") % {"who": number, "e": exc.message}
        ) from exc


def _ranks(totals: dict[str, Decimal], passing: set[str]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4) of the passing candidates by total."""
    ordered = sorted(passing, key=lambda cid: totals[cid], reverse=True)
    ranks, last, place = {}, None, 0
    for index, cid in enumerate(ordered, start=1):
        if totals[cid] != last:
            place, last = index, totals[cid]
        ranks[cid] = place
    return ranks


class _Texts:
    """The sentences of the reasons, translated once per computation (not once per candidate)."""

    def __init__(self):
        self.separator = pgettext("decimal separator", ".")
        self.scores = _("Round 2: %(score)s points; priority %(points)s; total %(total)s.")
        self.selected = _("Selected: rank %(rank)s within a quota of %(quota)s.")
        self.undecided = _("Tied for the last place of the quota (%(quota)s): the head of the agency decides.")
        self.not_selected = _("Passed, rank %(rank)s: outside the quota of %(quota)s.")
        self.failed = _("Failed round 2.")
        self.decided = _("Decided by %(head)s (%(doc)s): %(why)s")

    def number(self, value: Decimal) -> str:
        return format(plain(value), "f").replace(".", self.separator)

    def outcome(self, outcome: str, rank_no: int | None, quota: int) -> str:
        template = {Outcome.SELECTED: self.selected, Outcome.UNDECIDED: self.undecided}.get(outcome)
        if outcome == Outcome.NOT_SELECTED:
            template = self.not_selected
        return template % {"rank": rank_no, "quota": quota} if template else self.failed


def _outcome_of(cid: str, *, failed: set, selected: set, undecided: set) -> str:
    if cid in failed:
        return Outcome.FAILED
    if cid in selected:
        return Outcome.SELECTED
    return Outcome.UNDECIDED if cid in undecided else Outcome.NOT_SELECTED


def _group_results(rules, data, quota, group, decisions, now, texts: _Texts) -> list[dict]:
    ranking = _rank_group(rules, data, quota, group)
    failed, selected, undecided = set(ranking.failed), set(ranking.selected), set(ranking.undecided)
    ranks = _ranks(ranking.totals, {str(s.entry.id) for s in group} - failed)
    decision = decisions.get(frozenset(int(cid) for cid in undecided)) if undecided else None
    rows = []
    for s in group:
        cid = str(s.entry.id)
        points = data.points(s.entry.priority)
        outcome = _outcome_of(cid, failed=failed, selected=selected, undecided=undecided)
        reasons = [*s.reasons, texts.scores % {"score": texts.number(ranking.scores[cid]),
                                               "points": texts.number(points),
                                               "total": texts.number(ranking.totals[cid])}]  # fmt: skip
        if outcome == Outcome.UNDECIDED and decision is not None:
            outcome = Outcome.SELECTED if s.entry.id in decision.selected else Outcome.NOT_SELECTED
            reasons.append(texts.decided % {"head": decision.head_name, "doc": decision.document,
                                            "why": decision.reason})  # fmt: skip
        else:
            reasons.append(texts.outcome(outcome, ranks.get(cid), quota))
        rows.append(dict(
            candidate_id=s.entry.id, round1_pass=s.round1_pass, round2_score=ranking.scores[cid], priority=points,
            total=ranking.totals[cid], outcome=outcome, rank=ranks.get(cid), reasons=reasons,
            decision_id=decision.pk if decision is not None and cid in undecided else None, computed_at=now,
        ))  # fmt: skip
    return rows


def _decisions(exam: Exam) -> dict[frozenset, TieDecision]:
    """Earlier decisions, by the exact set of candidates they settled (newest first): a recompute that finds the
    same tie applies the same decision; a different tie needs a new one."""
    found: dict[frozenset, TieDecision] = {}
    for decision in TieDecision.objects.filter(exam=exam).order_by("-recorded_at", "-pk"):
        found.setdefault(frozenset(decision.tied), decision)
    return found


def _rows(rules: Rules, data: ExamData, exam: Exam, now) -> list[dict]:
    """Every candidate's result as the fields of a Result row (plain dicts: 5,000 model instances cost more than
    the ranking)."""
    scored_all, groups = _score_all(rules, data)
    decisions = _decisions(exam)
    rows: dict[int, dict] = {}
    texts = _Texts()
    for key, group in groups.items():
        for row in _group_results(rules, data, data.quotas[key], group, decisions, now, texts):
            rows[row["candidate_id"]] = row
    for s in scored_all:
        if s.entry.id not in rows:
            passed = rules.round2 is None and s.round1_pass
            outcome = Outcome.ABSENT if s.absent else Outcome.SELECTED if passed else Outcome.FAILED
            rows[s.entry.id] = dict(
                candidate_id=s.entry.id, round1_pass=s.round1_pass, round2_score=None, priority=Decimal(0),
                total=None, outcome=outcome, rank=None, reasons=s.reasons, decision_id=None, computed_at=now,
            )  # fmt: skip
    for row in rows.values():
        row["exam_id"] = exam.pk
    return list(rows.values())


def _sheet_for_update(exam: Exam) -> ResultSheet | None:
    return ResultSheet.objects.select_for_update().filter(exam=exam).first()


@transaction.atomic
def results_compute(*, exam: Exam, actor) -> ResultSheet:
    """Compute every candidate's result under the exam's profile and store them (all or nothing, audited);
    refused once published (reopen first) or when a mark or a quota is missing (every such row named)."""
    sheet = _sheet_for_update(exam)
    if sheet is not None and sheet.status == ResultSheet.Status.PUBLISHED:
        raise ApplicationError(_("The results are published: reopen them before computing again."))
    now = timezone.now()
    rows = _rows(profile_rules(exam), exam_data_load(exam=exam), exam, now)
    Result.objects.filter(exam=exam).delete()
    results_insert(rows)
    sheet, _created = ResultSheet.objects.update_or_create(
        exam=exam, defaults={"status": ResultSheet.Status.COMPUTED, "computed_at": now, "computed_by": actor}
    )
    counts = defaultdict(int)
    for row in rows:
        counts[row["outcome"]] += 1
    note = "results computed: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    audit_record(actor=actor, action="update", obj=sheet, scope=exam, note=note)
    return sheet
