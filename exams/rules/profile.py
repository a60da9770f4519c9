"""A regulation profile's `config["rules"]` parsed into plain values, and refused with the key named when malformed.

The shape (every key required unless marked optional):

    {"verification": str (optional),
     "round1": {"mode": "computer"|"paper",
                "timed_in_turn": bool (optional: the parts are timed one after the other, each with its own
                `minutes`, instead of one clock for the shift),
                "parts": {KEY: {"label": str, "pass_fraction": 0<f<=1,
                "questions": int|null  (a part counted in questions; null: the case says how many)
                | "scale": number (a part marked in points), "minutes": int (optional),
                "required": bool, "exemptible": bool, "exempt_if": str (optional)}}} | null,
     "round2": {"scale": 100, "pass_min": 50, "part_pass_fraction_when_combined": f|null, "rounding_decimals": 2,
                "parts": {KEY: {"label": str, "scale": number}},
                "forms": {FORM: {PART: weight, ...}}  (weights of a form add up to 1)} | null,
     "tie_break": ["round2" | a round-2 part | "round1_" + a round-1 part | "head_decides" (last)],
     "review": {"allowed_for": [mode, ...], "window": int|null, "window_unit": "days"|"working_days"},
     "results_shown_immediately": {"computer": bool, "paper": bool},
     "bank": {"min_multiple": int, "valid_from": "YYYY-MM-DD", "legal_basis": str, "verification": str} | null}
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.rules.base import RuleError, number

KEY = re.compile(r"^[a-z][a-z0-9_]*$")
HEAD_DECIDES = "head_decides"
ROUND2 = "round2"
ROUND1_PREFIX = "round1_"
REVIEW_MODES = ("written_paper", "written_computer", "computer_mcq", "oral", "practical", "interview", "project")
WINDOW_UNITS = ("days", "working_days")
TOP_KEYS = {"verification", "round1", "round2", "tie_break", "review", "results_shown_immediately", "bank"}


@dataclass(frozen=True)
class Round1Part:
    key: str
    label: str
    pass_fraction: Decimal
    questions: int | None  # counted in questions (None: the case says how many) ...
    scale: Decimal | None  # ... or marked in points out of `scale`
    required: bool
    exemptible: bool
    minutes: int | None = None


@dataclass(frozen=True)
class Round2:
    scale: Decimal
    pass_min: Decimal
    part_pass_fraction: Decimal | None  # each part's minimum (fraction of its scale) when a form has several
    decimals: int
    labels: dict[str, str]
    scales: dict[str, Decimal]
    forms: dict[str, dict[str, Decimal]]  # form → {part: weight}


@dataclass(frozen=True)
class BankRule:
    min_multiple: int
    valid_from: dt.date | None
    legal_basis: str
    verification: str


@dataclass(frozen=True)
class Review:
    allowed_for: tuple[str, ...]
    window: int | None
    window_unit: str


@dataclass(frozen=True)
class Rules:
    round1: dict[str, Round1Part]  # in the profile's order
    round2: Round2 | None
    tie_break: tuple[str, ...]
    review: Review
    results_shown_immediately: dict[str, bool]
    bank: BankRule | None
    verification: str = ""
    round1_timed_in_turn: bool = False  # round 1's parts each on its own clock, one after the other

    def review_allowed(self, mode: str) -> bool:
        """Whether a result of this kind of test (REVIEW_MODES) may be reviewed (phúc khảo)."""
        return mode in self.review.allowed_for


def _dict(value, key: str, *, optional: bool = False) -> dict | None:
    if value is None and optional:
        return None
    if not isinstance(value, dict):
        raise RuleError(_("an object {…} is required"), key=key)
    return value


def _bool(value, key: str) -> bool:
    if not isinstance(value, bool):
        raise RuleError(_("true or false is required"), key=key)
    return value


def _text(value, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleError(_("a text is required"), key=key)
    return value


def _int(value, key: str, *, minimum: int = 0) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise RuleError(_("a whole number is required"), key=key)
    if value < minimum:
        raise RuleError(_("must be at least %(min)s") % {"min": minimum}, key=key)
    return value


def _fraction(value, key: str) -> Decimal:
    fraction = number(value, key=key, minimum=0, maximum=1)
    if fraction == 0:
        raise RuleError(_("must be more than 0"), key=key)
    return fraction


def _keys(mapping: dict, key: str) -> None:
    for name in mapping:
        if not KEY.match(str(name)):
            raise RuleError(_("“%(name)s” is not a key (lower-case letters, digits and _)") % {"name": name}, key=key)


def _unknown(mapping: dict, known: set[str], prefix: str | None) -> None:
    extra = sorted(str(name) for name in set(mapping) - known)
    if extra:
        key = f"{prefix}.{extra[0]}" if prefix else extra[0]
        raise RuleError(_("unknown key “%(name)s”") % {"name": extra[0]}, key=key)


ROUND1_PART_KEYS = {"label", "pass_fraction", "questions", "scale", "minutes", "required", "exemptible", "exempt_if"}


def _round1_part(name: str, value, key: str) -> Round1Part:
    data = _dict(value, key)
    _unknown(data, ROUND1_PART_KEYS, key)
    if ("questions" in data) == ("scale" in data):
        raise RuleError(_("give either “questions” or “scale”"), key=key)
    questions = data.get("questions")
    return Round1Part(
        key=name,
        label=_text(data.get("label"), f"{key}.label"),
        pass_fraction=_fraction(data.get("pass_fraction"), f"{key}.pass_fraction"),
        questions=None if questions is None else _int(questions, f"{key}.questions", minimum=1),
        scale=number(data["scale"], key=f"{key}.scale", minimum=1) if "scale" in data else None,
        required=_bool(data.get("required"), f"{key}.required"),
        exemptible=_bool(data.get("exemptible"), f"{key}.exemptible"),
        minutes=_int(data["minutes"], f"{key}.minutes", minimum=1) if data.get("minutes") is not None else None,
    )


def _round1(value) -> dict[str, Round1Part]:
    data = _dict(value, "round1", optional=True)
    if data is None:
        return {}
    _unknown(data, {"mode", "parts", "timed_in_turn"}, "round1")
    if "timed_in_turn" in data:
        _bool(data["timed_in_turn"], "round1.timed_in_turn")
    if data.get("mode") not in ("computer", "paper"):
        raise RuleError(_("“computer” or “paper” is required"), key="round1.mode")
    parts = _dict(data.get("parts"), "round1.parts")
    _keys(parts, "round1.parts")
    if not parts:
        raise RuleError(_("at least one part is required"), key="round1.parts")
    return {name: _round1_part(name, part, f"round1.parts.{name}") for name, part in parts.items()}


def _round2_parts(value, scale: Decimal) -> tuple[dict[str, str], dict[str, Decimal]]:
    parts = _dict(value, "round2.parts")
    _keys(parts, "round2.parts")
    if not parts:
        raise RuleError(_("at least one part is required"), key="round2.parts")
    labels, scales = {}, {}
    for name, part in parts.items():
        key = f"round2.parts.{name}"
        part = _dict(part, key)
        _unknown(part, {"label", "scale"}, key)
        labels[name] = _text(part.get("label"), f"{key}.label")
        scales[name] = number(part.get("scale", scale), key=f"{key}.scale", minimum=1)
    return labels, scales


def _round2_forms(value, parts: dict[str, str]) -> dict[str, dict[str, Decimal]]:
    forms = _dict(value, "round2.forms")
    _keys(forms, "round2.forms")
    if not forms:
        raise RuleError(_("at least one form is required"), key="round2.forms")
    result = {}
    for name, weights in forms.items():
        key = f"round2.forms.{name}"
        weights = _dict(weights, key)
        for part in weights:
            if part not in parts:
                raise RuleError(_("“%(name)s” is not a part of round2.parts") % {"name": part}, key=key)
        result[name] = {part: _fraction(weight, f"{key}.{part}") for part, weight in weights.items()}
        if sum(result[name].values(), Decimal(0)) != 1:
            raise RuleError(_("the weights must add up to 1"), key=key)
    return result


ROUND2_KEYS = {"scale", "pass_min", "part_pass_fraction_when_combined", "rounding_decimals", "parts", "forms"}


def _round2(value) -> Round2 | None:
    data = _dict(value, "round2", optional=True)
    if data is None:
        return None
    _unknown(data, ROUND2_KEYS, "round2")
    scale = number(data.get("scale"), key="round2.scale", minimum=1)
    labels, scales = _round2_parts(data.get("parts"), scale)
    part_pass = data.get("part_pass_fraction_when_combined")
    return Round2(
        scale=scale,
        pass_min=number(data.get("pass_min"), key="round2.pass_min", minimum=0, maximum=scale),
        part_pass_fraction=None
        if part_pass is None
        else _fraction(part_pass, "round2.part_pass_fraction_when_combined"),
        decimals=_int(data.get("rounding_decimals"), "round2.rounding_decimals"),
        labels=labels,
        scales=scales,
        forms=_round2_forms(data.get("forms"), labels),
    )


def _tie_break(value, round1: dict, round2: Round2 | None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleError(_("a list of keys is required"), key="tie_break")
    known = {HEAD_DECIDES, *(f"{ROUND1_PREFIX}{part}" for part in round1)}
    if round2 is not None:
        known |= {ROUND2, *round2.labels}
    for index, item in enumerate(value):
        if item not in known:
            raise RuleError(_("unknown tie-break “%(name)s”") % {"name": item}, key=f"tie_break[{index}]")
        if item == HEAD_DECIDES and index != len(value) - 1:
            raise RuleError(_("“head_decides” can only come last"), key=f"tie_break[{index}]")
    if value and round2 is None:
        raise RuleError(_("a tie-break needs a round 2"), key="tie_break")
    return tuple(value)


def _review(value) -> Review:
    data = _dict(value, "review")
    _unknown(data, {"allowed_for", "window", "window_unit", "verification"}, "review")
    modes = data.get("allowed_for")
    if not isinstance(modes, list) or any(mode not in REVIEW_MODES for mode in modes):
        raise RuleError(_("a list among: %(modes)s") % {"modes": ", ".join(REVIEW_MODES)}, key="review.allowed_for")
    window = data.get("window")
    if data.get("window_unit") not in WINDOW_UNITS:
        raise RuleError(_("“days” or “working_days” is required"), key="review.window_unit")
    return Review(
        allowed_for=tuple(modes),
        window=None if window is None else _int(window, "review.window", minimum=1),
        window_unit=data["window_unit"],
    )


def _shown_at_once(value) -> dict[str, bool]:
    data = _dict(value, "results_shown_immediately")
    _unknown(data, {"computer", "paper"}, "results_shown_immediately")
    return {mode: _bool(data.get(mode), f"results_shown_immediately.{mode}") for mode in ("computer", "paper")}


def _date(value, key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RuleError(_("a date YYYY-MM-DD is required"), key=key) from None


def _bank(value) -> BankRule | None:
    data = _dict(value, "bank", optional=True)
    if data is None:
        return None
    _unknown(data, {"min_multiple", "valid_from", "legal_basis", "verification"}, "bank")
    return BankRule(
        min_multiple=_int(data.get("min_multiple"), "bank.min_multiple", minimum=1),
        valid_from=None if data.get("valid_from") is None else _date(data["valid_from"], "bank.valid_from"),
        legal_basis=_text(data.get("legal_basis"), "bank.legal_basis"),
        verification=_text(data.get("verification"), "bank.verification"),
    )


def parse_rules(value) -> Rules:
    """The profile's `rules` object as plain values; RuleError naming the key within it (round2.forms.x)."""
    if not isinstance(value, dict):
        raise RuleError(_("an object {…} is required"))
    data = value
    _unknown(data, TOP_KEYS | {"eligibility"}, None)  # eligibility: promotion profiles (exams.rules.eligibility)
    missing = sorted(TOP_KEYS - {"verification"} - set(data))
    if missing:
        raise RuleError(_("this key is required"), key=missing[0])
    round1, round2 = _round1(data["round1"]), _round2(data["round2"])
    if round2 is not None and round2.decimals > 4:
        raise RuleError(_("must be at most %(max)s") % {"max": 4}, key="round2.rounding_decimals")
    return Rules(
        round1=round1,
        round2=round2,
        tie_break=_tie_break(data["tie_break"], round1, round2),
        review=_review(data["review"]),
        results_shown_immediately=_shown_at_once(data["results_shown_immediately"]),
        bank=_bank(data["bank"]),
        verification=str(data.get("verification") or ""),
        round1_timed_in_turn=bool((data["round1"] or {}).get("timed_in_turn")),
    )


def validate_rules(value) -> None:
    """Refuse a malformed `rules` object (RuleError naming the key); the model's clean and the admin call it.
    A promotion profile's `eligibility` block is checked by its own parser."""
    parse_rules(value)
    if "eligibility" in value:
        from exams.rules.eligibility import EligibilityRuleError, parse_eligibility

        try:
            parse_eligibility(value)
        except EligibilityRuleError as exc:
            key = str(exc.args[0]) if exc.args else "eligibility"
            raise RuleError(_("malformed eligibility rule"), key=key) from exc
