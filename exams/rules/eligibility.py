"""Promotion eligibility (nâng ngạch, thăng hạng) and the dossier-review priority order: pure functions over plain
facts gathered from the registry (exams.selectors.eligibility); no ORM here.

A profile's `config["rules"]["eligibility"]` holds the numbers (regulations §3.5):

    {"verification": str,
     "form": "exam" | "dossier_review" | "council_review",
     "targets": [{"to": CATEGORY, "from": CATEGORY, "min_years": int, "min_months_in_rank": int,
                  "certificates": {KIND: [accepted values]}, "verification": str}],
     "rating": {"at_least": CODE, "order": [CODE, ...] (best first), "years": int},
     "no_discipline": bool,
     "priority_order": ["female" | "ethnic_minority" | "older" | "longer_service", ...]}

CATEGORY is the report category of a rank's salary group (cs, cv, cvc, cvcc: "chuyên viên and equivalent"), so a
professional title counts as the rank of its group. A check gives every reason, met or not, as (key, ok, params);
the page renders them in the reader's language.
"""

import datetime as dt
from dataclasses import dataclass, field

FORMS = ("exam", "dossier_review", "council_review")
PRIORITY_KEYS = ("female", "ethnic_minority", "older", "longer_service")
MAJORITY_ETHNICITY = "kinh"


class EligibilityRuleError(ValueError):
    """The profile's eligibility rules are malformed (the key is named)."""


@dataclass(frozen=True)
class RankSpell:
    """A period in one rank: [start, end), end None while it lasts; `category` is its report category then."""

    rank: str
    category: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class DisciplineSpell:
    name: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class StaffFacts:
    """What the registry knows of one staff member, as plain values."""

    rank: str = ""  # current rank or title code ("" when none is recorded)
    category: str = ""
    series: str = ""
    grade: int | None = None
    spells: tuple[RankSpell, ...] = ()
    ratings: dict[int, str] = field(default_factory=dict)  # year → rating level code
    disciplines: tuple[DisciplineSpell, ...] = ()
    certificates: dict[str, str] = field(default_factory=dict)  # kind → value ("state_management": "cvc")


@dataclass(frozen=True)
class Target:
    """The rank a promotion leads to (the position's rank)."""

    rank: str
    category: str
    series: str = ""
    grade: int | None = None


@dataclass(frozen=True)
class TargetRule:
    to: str
    from_: str
    min_years: int
    min_months_in_rank: int
    certificates: dict[str, tuple[str, ...]]
    verification: str = ""


@dataclass(frozen=True)
class EligibilityRules:
    form: str
    targets: dict[str, TargetRule]  # by the category they lead to
    rating_at_least: str
    rating_order: tuple[str, ...]
    rating_years: int
    no_discipline: bool
    priority_order: tuple[str, ...]
    verification: str = ""


@dataclass(frozen=True)
class Reason:
    key: str
    ok: bool
    params: dict

    def as_dict(self) -> dict:
        return {"key": self.key, "ok": self.ok, "params": self.params}


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: tuple[Reason, ...]


# --- parsing the profile's rules -------------------------------------------------------------------
def _need(data: dict, key: str, kind, where: str):
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise EligibilityRuleError(f"{where}.{key}")
    return value


def _target(data, index: int) -> TargetRule:
    where = f"eligibility.targets[{index}]"
    if not isinstance(data, dict):
        raise EligibilityRuleError(where)
    certificates = data.get("certificates") or {}
    if not isinstance(certificates, dict) or not all(isinstance(v, list) for v in certificates.values()):
        raise EligibilityRuleError(f"{where}.certificates")
    return TargetRule(
        to=_need(data, "to", str, where),
        from_=_need(data, "from", str, where),
        min_years=_need(data, "min_years", int, where),
        min_months_in_rank=_need(data, "min_months_in_rank", int, where),
        certificates={kind: tuple(values) for kind, values in certificates.items()},
        verification=str(data.get("verification") or ""),
    )


def parse_eligibility(rules: dict | None) -> EligibilityRules:
    """The `eligibility` block of a profile's rules as plain values; EligibilityRuleError naming the key."""
    data = (rules or {}).get("eligibility")
    if not isinstance(data, dict):
        raise EligibilityRuleError("eligibility")
    if data.get("form") not in FORMS:
        raise EligibilityRuleError("eligibility.form")
    targets = [_target(t, i) for i, t in enumerate(_need(data, "targets", list, "eligibility"))]
    rating = _need(data, "rating", dict, "eligibility")
    order = tuple(_need(rating, "order", list, "eligibility.rating"))
    if rating.get("at_least") not in order:
        raise EligibilityRuleError("eligibility.rating.at_least")
    priority = tuple(data.get("priority_order") or ())
    if set(priority) - set(PRIORITY_KEYS):
        raise EligibilityRuleError("eligibility.priority_order")
    return EligibilityRules(
        form=data["form"],
        targets={t.to: t for t in targets},
        rating_at_least=rating["at_least"],
        rating_order=order,
        rating_years=_need(rating, "years", int, "eligibility.rating"),
        no_discipline=bool(data.get("no_discipline", True)),
        priority_order=priority,
        verification=str(data.get("verification") or ""),
    )


# --- the check -------------------------------------------------------------------------------------
def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (0 when end is not after start)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _months_where(spells, on: dt.date, keep) -> int:
    total = 0
    for spell in spells:
        if keep(spell) and spell.start < on:
            total += months_between(spell.start, min(spell.end or on, on))
    return total


def _rank_reason(facts: StaffFacts, target: Target, rule: TargetRule | None) -> Reason:
    params = {"rank": facts.rank, "category": facts.category, "target": target.rank, "to": target.category}
    if rule is None:
        return Reason("target", False, params)
    params["from"] = rule.from_
    if not facts.rank:
        return Reason("rank", False, params)
    same_series = not (facts.series and target.series) or facts.series == target.series
    return Reason("rank", facts.category == rule.from_ and same_series, params)


def _years_reason(facts: StaffFacts, rule: TargetRule, on: dt.date) -> Reason:
    months = _months_where(facts.spells, on, lambda s: s.category == rule.from_)
    params = {"months": months, "min_years": rule.min_years, "from": rule.from_}
    return Reason("years", months >= rule.min_years * 12, params)


def _in_rank_reason(facts: StaffFacts, rule: TargetRule, on: dt.date) -> Reason:
    months = _months_where(facts.spells, on, lambda s: s.rank == facts.rank) if facts.rank else 0
    params = {"months": months, "min_months": rule.min_months_in_rank, "rank": facts.rank}
    return Reason("months_in_rank", months >= rule.min_months_in_rank, params)


def _rating_reasons(facts: StaffFacts, rules: EligibilityRules, on: dt.date) -> list[Reason]:
    reasons = []
    bar = rules.rating_order.index(rules.rating_at_least)
    for year in range(on.year - rules.rating_years, on.year):
        level = facts.ratings.get(year)
        params = {"year": year, "level": level or "", "at_least": rules.rating_at_least}
        good = level in rules.rating_order and rules.rating_order.index(level) <= bar
        reasons.append(Reason("rating", good, params))
    return reasons


def _discipline_reason(facts: StaffFacts, on: dt.date) -> Reason:
    current = [d for d in facts.disciplines if d.start <= on and (d.end is None or on < d.end)]
    if not current:
        return Reason("discipline", True, {})
    first = current[0]
    params = {"name": first.name, "start": first.start.isoformat(), "end": first.end.isoformat() if first.end else ""}
    return Reason("discipline", False, params)


def _certificate_reasons(facts: StaffFacts, rule: TargetRule) -> list[Reason]:
    reasons = []
    for kind, accepted in rule.certificates.items():
        have = facts.certificates.get(kind, "")
        reasons.append(
            Reason("certificate", have in accepted, {"kind": kind, "have": have, "accepted": list(accepted)})
        )
    return reasons


def eligibility_check(*, facts: StaffFacts, target: Target, rules: EligibilityRules, on: dt.date) -> Verdict:
    """Whether a staff member may be promoted to `target` on `on`, with every reason (met or not), in order."""
    rule = rules.targets.get(target.category)
    reasons = [_rank_reason(facts, target, rule)]
    if rule is not None:
        reasons += [_years_reason(facts, rule, on), _in_rank_reason(facts, rule, on)]
        reasons += _rating_reasons(facts, rules, on)
        if rules.no_discipline:
            reasons.append(_discipline_reason(facts, on))
        reasons += _certificate_reasons(facts, rule)
    return Verdict(all(r.ok for r in reasons), tuple(reasons))


# --- the dossier-review priority order -------------------------------------------------------------
@dataclass(frozen=True)
class PriorityFacts:
    id: object
    sex: str
    ethnicity: str
    date_of_birth: dt.date
    service_start: dt.date | None


def _priority_key(person: PriorityFacts, order: tuple[str, ...]) -> tuple:
    parts = []
    for key in order:
        if key == "female":
            parts.append(0 if person.sex == "female" else 1)
        elif key == "ethnic_minority":
            parts.append(0 if (person.ethnicity or "").strip().lower() not in ("", MAJORITY_ETHNICITY) else 1)
        elif key == "older":
            parts.append(person.date_of_birth.toordinal())
        elif key == "longer_service":
            parts.append(person.service_start.toordinal() if person.service_start else dt.date.max.toordinal())
    return tuple(parts)


def priority_rank(*, people: list[PriorityFacts], order: tuple[str, ...]) -> list:
    """The ids of `people` (eligible candidates of a dossier review) in the profile's priority order; people the
    order cannot tell apart keep their given order (the council decides between them)."""
    unknown = set(order) - set(PRIORITY_KEYS)
    if unknown:
        raise EligibilityRuleError(f"priority_order: {sorted(unknown)[0]}")
    return [p.id for p in sorted(people, key=lambda p: _priority_key(p, order))]
