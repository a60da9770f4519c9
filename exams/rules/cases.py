"""Worked cases as JSON (what `manage.py exam_rules` reads): one case in, one JSON-ready answer out.

    evaluate(case, sources) -> {"pass", "why"} | {"allowed", "why"} | {"selected", "undecided", "failed", "absent",
                                 "scores", "totals"}; a bad case raises RuleError (printed as {"error": …}).

Cases: {"check": "round1", "regulation": CODE, "questions": 60, "correct": 30} (the profile's first part) or with
"parts": {"general": {"questions": 60, "correct": 45}, "language": {"exempt": true}};
{"check": "bank", "paper_questions": 60, "approved_items": 179, "regulation": CODE (optional)};
{"check": "ranking", "regulation": CODE, "quota": 2, "candidates": [{"id": "A", "round2": 80, "priority": ["5"]},
{"id": "B", "written": 60, "interview": 40, "round1_general": 45}, {"id": "C", "absent": true}, …]} (an absent
candidate comes back in "absent", neither scored nor failed). Any case may give "on" (YYYY-MM-DD or
dd/mm/yyyy): the date whose bank rule and priority categories apply (today by default).
`sources` gives what lives in the database: the rules of a profile code, the bank rule in force on a date when a
bank case names no regulation, and the priority categories in force on a date.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.rules.bank import bank_check
from exams.rules.base import RuleError, plain
from exams.rules.profile import ROUND1_PREFIX, Rules
from exams.rules.ranking import RankCandidate, rank
from exams.rules.round1 import round1_result

CHECKS = ("round1", "bank", "ranking")


@dataclass(frozen=True)
class Sources:
    rules_for: Callable[[str], Rules]  # RuleError for an unknown code
    default_bank_rules: Callable[[dt.date], Rules | None]  # the rules whose bank rule holds on a date
    categories_on: Callable[[dt.date], Mapping[str, Decimal]]  # priority key → points in force on a date
    today: dt.date


def _json_number(value: Decimal) -> int | float:
    value = plain(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _allowed(case: dict, keys: set[str]) -> None:
    for name in case:
        if name not in keys:
            raise RuleError(_("unknown key “%(name)s”") % {"name": name}, key=str(name))


def _date(case: dict, today: dt.date) -> dt.date:
    value = case.get("on")
    if value is None:
        return today
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(str(value), pattern).date()
        except ValueError:
            continue
    raise RuleError(_("a date dd/mm/yyyy is required"), key="on")


def _rules(case: dict, sources: Sources) -> Rules:
    code = case.get("regulation")
    if not isinstance(code, str) or not code:
        raise RuleError(_("a regulation code is required (see exam_rules --profiles)"), key="regulation")
    return sources.rules_for(code)


def _round1(case: dict, sources: Sources) -> dict:
    _allowed(case, {"check", "regulation", "questions", "correct", "parts", "on"})
    rules = _rules(case, sources)
    if "parts" in case:
        if "questions" in case or "correct" in case:
            raise RuleError(_("give either the parts or questions and correct"), key="parts")
        outcome = round1_result(rules, parts=case["parts"])
    else:
        first = next(iter(rules.round1), None)
        given = {name: case[name] for name in ("questions", "correct") if name in case}
        try:
            outcome = round1_result(rules, parts={first: given} if first else {})
        except RuleError as exc:
            raise RuleError(exc.message, key=(exc.key or "").removeprefix(f"{first}.") or None) from None
    return {"pass": outcome.passed, "why": outcome.why}


def _bank(case: dict, sources: Sources) -> dict:
    _allowed(case, {"check", "regulation", "paper_questions", "approved_items", "on"})
    on = _date(case, sources.today)
    rules = _rules(case, sources) if "regulation" in case else sources.default_bank_rules(on)
    outcome = bank_check(
        rules.bank if rules else None,
        paper_questions=case.get("paper_questions"),
        approved_items=case.get("approved_items"),
        on=on,
    )
    return {"allowed": outcome.allowed, "why": outcome.why}


def _candidate(data, index: int, rules: Rules) -> RankCandidate:
    key = f"candidates[{index}]"
    if not isinstance(data, dict):
        raise RuleError(_("an object {…} is required"), key=key)
    parts = set(rules.round2.labels) if rules.round2 else set()
    round1 = {f"{ROUND1_PREFIX}{part}" for part in rules.round1}
    _allowed_in(data, {"id", "round2", "priority", "absent", *parts, *round1}, key)
    identifier = data.get("id")
    absent = data.get("absent", False)
    if not isinstance(absent, bool):
        raise RuleError(_("true or false is required"), key=f"{key}.absent")
    return RankCandidate(
        id=str(identifier) if isinstance(identifier, (str, int)) and not isinstance(identifier, bool) else "",
        round2=data.get("round2"),
        parts={name: value for name, value in data.items() if name in parts},
        round1={name.removeprefix(ROUND1_PREFIX): value for name, value in data.items() if name in round1},
        priority=data.get("priority", []),
        absent=absent,
    )


def _allowed_in(data: dict, keys: set[str], prefix: str) -> None:
    try:
        _allowed(data, keys)
    except RuleError as exc:
        raise RuleError(exc.message, key=f"{prefix}.{exc.key}") from None


def _ranking(case: dict, sources: Sources) -> dict:
    _allowed(case, {"check", "regulation", "quota", "candidates", "on"})
    rules = _rules(case, sources)
    candidates = case.get("candidates")
    if not isinstance(candidates, list) or not candidates:
        raise RuleError(_("a list of candidates is required"), key="candidates")
    ranked = rank(
        rules,
        quota=case.get("quota"),
        candidates=[_candidate(data, index, rules) for index, data in enumerate(candidates)],
        categories=sources.categories_on(_date(case, sources.today)),
    )
    return {
        "selected": ranked.selected,
        "undecided": ranked.undecided,
        "failed": ranked.failed,
        "absent": ranked.absent,
        "scores": {key: _json_number(value) for key, value in ranked.scores.items()},
        "totals": {key: _json_number(value) for key, value in ranked.totals.items()},
    }


HANDLERS = {"round1": _round1, "bank": _bank, "ranking": _ranking}


def evaluate(case, sources: Sources) -> dict:
    """The answer to one worked case (JSON-ready); RuleError naming what is wrong with it."""
    if not isinstance(case, dict):
        raise RuleError(_("each case is an object {…} with a “check”"))
    check = case.get("check")
    if check not in HANDLERS:
        raise RuleError(
            _("unknown check “%(check)s” (checks: %(checks)s)") % {"check": check, "checks": ", ".join(CHECKS)},
            key="check",
        )
    return HANDLERS[check](case, sources)
