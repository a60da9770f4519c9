"""Objective grading of one attempt: a pure function over plain item keys (issue #14, Papers).

    grade_attempt(items: Sequence[Item], responses: Mapping[item id, response], *, partial_credit=False) -> AttemptGrade
    grade_item(item: Item, response, *, partial_credit=False) -> ItemGrade

Item kinds, what an `Item` needs, and the response each takes:
- "single", "true_false": `correct=("b",)` or Moodle `fractions={"a": 0, "b": 1, "c": 0.5}`; response `["b"]`
  (one option id; more than one chosen scores 0).
- "multiple": `correct=("a", "c")`, optional `fractions` (negative for wrong options); response `["a", "c"]`.
  partial_credit off: exactly the right options → full points, else 0. On: the sum of the chosen options' fractions
  (by default each right option 1/k and each wrong one −1/k, k right options), never below 0 nor above 1.
- "fill_in": `accepted=(Accepted("Hà Nội"), Accepted("Ha Noi", fraction=0.5))`, `loose=True` compares ignoring case,
  spacing and diacritics (else only surrounding spaces are ignored); response text. The best match counts.
- "numerical": `value=3.5, tolerance=0.05`; response "3,5", "3.5" or a number.
- "matching": `pairs={"l1": "r2", "l2": "r1"}`; response `{"l1": "r2", "l2": "r1"}`. Off: every pair right;
  on: the share of right pairs.
- "essay": not graded here: status "pending", points None (a grader marks it).
A missing or malformed response is "blank" and scores 0, never an error; a malformed item raises ValueError.
Points are Decimals rounded half up to 4 decimals per item; `max_score` counts the graded items only.
"""

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from common.vietnamese import fold

KINDS = ("single", "true_false", "multiple", "fill_in", "numerical", "matching", "essay")
CHOICE_KINDS = ("single", "true_false", "multiple")
CORRECT, PARTIAL, WRONG, BLANK, PENDING = "correct", "partial", "wrong", "blank", "pending"
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Accepted:
    text: str
    fraction: Decimal | float | str = Decimal(1)


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    points: Decimal | float | str = Decimal(1)
    correct: tuple[str, ...] = ()
    fractions: Mapping[str, Decimal | float | str] | None = None
    accepted: tuple[Accepted, ...] = ()
    loose: bool = False
    value: Decimal | float | str | None = None
    tolerance: Decimal | float | str = Decimal(0)
    pairs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemGrade:
    item_id: str
    status: str  # correct, partial, wrong, blank or pending (essays)
    points: Decimal | None
    max_points: Decimal


@dataclass(frozen=True)
class AttemptGrade:
    items: tuple[ItemGrade, ...]
    correct: int  # items with full points
    score: Decimal
    max_score: Decimal  # of the graded (non-essay) items
    pending: tuple[str, ...] = ()  # essay item ids left to a grader
    pending_max: Decimal = Decimal(0)


def _exact(value, what: str) -> Fraction:
    if isinstance(value, bool):
        raise ValueError(f"{what}: not a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{what}: not a number") from None
    if not number.is_finite():
        raise ValueError(f"{what}: not a number")
    return Fraction(number)


def _fraction(value, what: str) -> Fraction:
    fraction = _exact(value, what)
    if not -1 <= fraction <= 1:
        raise ValueError(f"{what}: a fraction lies between -1 and 1")
    return fraction


def _chosen(response) -> list[str] | None:
    """The option ids of a choice response (a lone id is accepted as a list of one); None when blank."""
    if isinstance(response, str):
        response = [response]
    if not isinstance(response, (list, tuple)) or not response:
        return None
    return list(dict.fromkeys(str(option) for option in response))


def _choice_fractions(item: Item) -> dict[str, Fraction]:
    if item.fractions:
        return {
            str(option): _fraction(value, f"{item.id}.fractions.{option}") for option, value in item.fractions.items()
        }
    if not item.correct:
        raise ValueError(f"{item.id}: a choice item needs its correct options or fractions")
    return {option: Fraction(1, len(item.correct)) for option in item.correct}


def _single(item: Item, chosen: list[str], fractions: dict[str, Fraction], partial: bool) -> Fraction:
    if len(chosen) != 1:
        return Fraction(0)
    if item.fractions:
        return max(fractions.get(chosen[0], Fraction(0)), Fraction(0))
    return Fraction(1) if chosen[0] in item.correct else Fraction(0)


def _multiple(item: Item, chosen: list[str], fractions: dict[str, Fraction], partial: bool) -> Fraction:
    right = {option for option, value in fractions.items() if value > 0}
    if not partial:
        return Fraction(1) if set(chosen) == right else Fraction(0)
    penalty = -Fraction(1, len(right)) if not item.fractions else Fraction(0)
    total = sum((fractions.get(option, penalty) for option in chosen), Fraction(0))
    return min(max(total, Fraction(0)), Fraction(1))


def _text_key(text: str, loose: bool) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    return fold(text) if loose else text


def _fill_in(item: Item, response, partial: bool) -> Fraction | None:
    if not item.accepted:
        raise ValueError(f"{item.id}: a fill-in item needs its accepted answers")
    if not isinstance(response, str) or not response.strip():
        return None
    given = _text_key(response, item.loose)
    matches = [
        _fraction(answer.fraction, f"{item.id}.accepted")
        for answer in item.accepted
        if _text_key(answer.text, item.loose) == given
    ]
    return max([Fraction(0), *matches])


def _number(response) -> Fraction | None:
    if isinstance(response, (int, float, Decimal)) and not isinstance(response, bool):
        text = str(response)
    elif isinstance(response, str):
        text = response.strip().replace(" ", "")
        if text.count(",") + text.count(".") > 1:
            return None  # "1.234,5": a thousands separator is ambiguous in a numeric answer
        text = text.replace(",", ".")
    else:
        return None
    try:
        return _exact(text, "response")
    except ValueError:
        return None


def _numerical(item: Item, response, partial: bool) -> Fraction | None:
    if item.value is None:
        raise ValueError(f"{item.id}: a numerical item needs its value")
    value, tolerance = _exact(item.value, f"{item.id}.value"), _exact(item.tolerance, f"{item.id}.tolerance")
    if tolerance < 0:
        raise ValueError(f"{item.id}.tolerance: cannot be negative")
    if response is None or (isinstance(response, str) and not response.strip()):
        return None
    given = _number(response)
    return Fraction(1) if given is not None and abs(given - value) <= tolerance else Fraction(0)


def _matching(item: Item, response, partial: bool) -> Fraction | None:
    if not item.pairs:
        raise ValueError(f"{item.id}: a matching item needs its pairs")
    if not isinstance(response, Mapping) or not response:
        return None
    right = sum(1 for left, match in item.pairs.items() if str(response.get(left, "")) == str(match))
    if partial:
        return Fraction(right, len(item.pairs))
    return Fraction(1) if right == len(item.pairs) else Fraction(0)


def _choice(item: Item, response, partial: bool) -> Fraction | None:
    fractions = _choice_fractions(item)
    chosen = _chosen(response)
    if chosen is None:
        return None
    grade = _multiple if item.kind == "multiple" else _single
    return grade(item, chosen, fractions, partial)


GRADERS = {"fill_in": _fill_in, "numerical": _numerical, "matching": _matching}


def _status(fraction: Fraction | None) -> str:
    if fraction is None:
        return BLANK
    return CORRECT if fraction == 1 else PARTIAL if fraction > 0 else WRONG


def grade_item(item: Item, response, *, partial_credit: bool = False) -> ItemGrade:
    """Points of one item for one response (essays: pending); ValueError for a malformed item."""
    if item.kind not in KINDS:
        raise ValueError(f"{item.id}: unknown kind {item.kind!r} (kinds: {', '.join(KINDS)})")
    points = _exact(item.points, f"{item.id}.points")
    if points < 0:
        raise ValueError(f"{item.id}.points: cannot be negative")
    maximum = Decimal(str(item.points))
    if item.kind == "essay":
        return ItemGrade(item.id, PENDING, None, maximum)
    grader = _choice if item.kind in CHOICE_KINDS else GRADERS[item.kind]
    fraction = grader(item, response, partial_credit)
    earned = points * (fraction or 0)
    value = (Decimal(earned.numerator) / Decimal(earned.denominator)).quantize(PLACES, rounding=ROUND_HALF_UP)
    return ItemGrade(item.id, _status(fraction), value, maximum)


def grade_attempt(items: Sequence[Item], responses: Mapping, *, partial_credit: bool = False) -> AttemptGrade:
    """Every item of one attempt graded: per-item points, the number fully right, the score and its maximum."""
    grades = tuple(grade_item(item, responses.get(item.id), partial_credit=partial_credit) for item in items)
    graded = [grade for grade in grades if grade.status != PENDING]
    pending = [grade for grade in grades if grade.status == PENDING]
    return AttemptGrade(
        items=grades,
        correct=sum(1 for grade in graded if grade.status == CORRECT),
        score=sum((grade.points for grade in graded), Decimal(0)),
        max_score=sum((grade.max_points for grade in graded), Decimal(0)),
        pending=tuple(grade.item_id for grade in pending),
        pending_max=sum((grade.max_points for grade in pending), Decimal(0)),
    )
