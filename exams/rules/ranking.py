"""Ranking within a position's quota (#16): round-2 score + the highest priority, then the profile's tie-break.

`rank(rules, quota=2, candidates=[RankCandidate("A", round2=80, priority=["5"]), …], categories={key: points})` →
Ranking(selected=[ids in rank order], undecided=[ids tied for the last places], failed=[ids below a pass mark],
scores={id: round-2 score}, totals={id: score with priority}, absent=[ids absent]). A candidate absent from a
round-2 part (vắng thi) is neither scored nor ranked nor failed: he is listed absent, never counted as a 0.
Candidates tied on the total are separated by the
tie-break keys in order ("round2", a round-2 part such as "written", "round1_general"); a tie that straddles the
last place and that the keys cannot break (or that reaches "head_decides", or lacks a mark a key needs) is
undecided: the head of the agency decides, never this function.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.utils.translation import gettext as _

from exams.rules.base import RuleError, number
from exams.rules.priority import priority_points
from exams.rules.profile import HEAD_DECIDES, ROUND1_PREFIX, ROUND2, Rules
from exams.rules.round2 import round2_score


@dataclass(frozen=True)
class RankCandidate:
    id: str
    round2: object = None  # one score out of the round-2 scale, or …
    parts: Mapping = field(default_factory=dict)  # … the marks of the round-2 parts by key
    round1: Mapping = field(default_factory=dict)  # round-1 results by part key, for "round1_<part>" tie-breaks
    priority: Sequence = ()  # category keys or point values
    absent: bool = False  # absent from a round-2 part: listed apart, without a score


@dataclass(frozen=True)
class Ranking:
    selected: list[str]
    undecided: list[str]
    failed: list[str]
    scores: dict[str, Decimal]
    totals: dict[str, Decimal]
    absent: list[str] = field(default_factory=list)


@dataclass
class _Scored:
    id: str
    total: Decimal
    values: dict[str, Decimal | None]  # tie-break key → value (None: not given)


def _tie_values(rules: Rules, candidate: RankCandidate, score, marks) -> dict[str, Decimal | None]:
    values: dict[str, Decimal | None] = {}
    for key in rules.tie_break:
        if key == ROUND2:
            values[key] = score
        elif key.startswith(ROUND1_PREFIX):
            given = candidate.round1.get(key.removeprefix(ROUND1_PREFIX))
            values[key] = None if given is None else number(given, key=key, minimum=0)
        elif key != HEAD_DECIDES:
            values[key] = marks.get(key)
    return values


def _score(rules: Rules, candidate: RankCandidate, categories) -> tuple[_Scored, Decimal, bool]:
    result = round2_score(rules.round2, score=candidate.round2, parts=dict(candidate.parts))
    total = result.score + priority_points(candidate.priority, categories)
    scored = _Scored(candidate.id, total, _tie_values(rules, candidate, result.score, result.parts))
    return scored, result.score, result.passed


def _split(group: list[_Scored], keys: tuple[str, ...]) -> list[list[_Scored]]:
    """`group` (tied so far) in tiers by the next tie-break keys; a tier of several is still tied."""
    if len(group) == 1 or not keys or keys[0] == HEAD_DECIDES:
        return [group]
    key = keys[0]
    if any(item.values[key] is None for item in group):
        return [group]  # a mark the key needs is missing: not ours to guess
    ordered = sorted(group, key=lambda item: item.values[key], reverse=True)
    tiers = []
    for _value, tier in groupby(ordered, key=lambda item: item.values[key]):
        tiers.extend(_split(list(tier), keys[1:]))
    return tiers


def _fill(tiers: list[list[_Scored]], quota: int) -> tuple[list[str], list[str]]:
    selected: list[str] = []
    for tier in tiers:
        room = quota - len(selected)
        if room <= 0:
            break
        if len(tier) > room:
            return selected, [item.id for item in tier]
        selected.extend(item.id for item in tier)
    return selected, []


def _checked(candidates: Sequence[RankCandidate]) -> None:
    seen = set()
    for index, candidate in enumerate(candidates):
        if not isinstance(candidate.id, str) or not candidate.id:
            raise RuleError(_("an id is required"), key=f"candidates[{index}].id")
        if candidate.id in seen:
            raise RuleError(_("the id “%(id)s” is given twice") % {"id": candidate.id}, key=f"candidates[{index}].id")
        seen.add(candidate.id)


def rank(rules: Rules, *, quota, candidates: Sequence[RankCandidate], categories: Mapping[str, Decimal]) -> Ranking:
    """Who is selected within `quota`, who is tied for the last places (undecided), who failed and who was
    absent (apart from the others: no score, no rank)."""
    quota = int(number(quota, key="quota", minimum=1, integer=True))
    if rules.round2 is None:
        raise RuleError(_("this regulation has no round 2"))
    _checked(candidates)
    passing, failed, scores, totals = [], [], {}, {}
    absent = [candidate.id for candidate in candidates if candidate.absent]
    for candidate in candidates:
        if candidate.absent:
            continue
        try:
            scored, scores[candidate.id], passed = _score(rules, candidate, categories)
        except RuleError as exc:
            raise RuleError(exc.message, key=f"{candidate.id}.{exc.key}" if exc.key else candidate.id) from None
        totals[candidate.id] = scored.total
        (passing if passed else failed).append(scored)
    passing.sort(key=lambda item: item.total, reverse=True)
    tiers = [
        tier
        for _t, group in groupby(passing, key=lambda item: item.total)
        for tier in _split(list(group), rules.tie_break)
    ]
    selected, undecided = _fill(tiers, quota)
    return Ranking(selected, undecided, [item.id for item in failed], scores, totals, absent)
