from decimal import Decimal

import pytest

from exams.rules.grading import Accepted, Item, grade_attempt, grade_item


def _points(item, response, partial=False):
    return grade_item(item, response, partial_credit=partial).points


SINGLE = Item("q1", "single", correct=("b",))
TRUE_FALSE = Item("q2", "true_false", correct=("true",), points=2)
MULTIPLE = Item("q3", "multiple", correct=("a", "c"), points=4)


@pytest.mark.parametrize(
    ("response", "points", "status"),
    [
        (["b"], 1, "correct"),
        (["a"], 0, "wrong"),
        (["a", "b"], 0, "wrong"),
        ([], 0, "blank"),
        (None, 0, "blank"),
        ("b", 1, "correct"),
    ],
)
def test_single_choice(response, points, status):
    grade = grade_item(SINGLE, response)
    assert (grade.points, grade.status) == (Decimal(points), status)


def test_single_choice_with_moodle_fractions_never_below_zero():
    item = Item("q", "single", fractions={"a": 1, "b": "0.5", "c": -1})
    assert [_points(item, [x]) for x in "abc"] == [Decimal(1), Decimal("0.5"), Decimal(0)]


def test_true_false_uses_its_points():
    assert _points(TRUE_FALSE, ["true"]) == 2 and _points(TRUE_FALSE, ["false"]) == 0


@pytest.mark.parametrize(
    ("response", "points"), [(["a", "c"], 4), (["c", "a"], 4), (["a"], 0), (["a", "b", "c"], 0), (["a", "a", "c"], 4)]
)
def test_multiple_all_or_nothing_when_partial_credit_is_off(response, points):
    assert _points(MULTIPLE, response) == points


@pytest.mark.parametrize(
    ("response", "points", "status"),
    [
        (["a", "c"], 4, "correct"),
        (["a"], 2, "partial"),
        (["a", "b"], 0, "wrong"),
        (["a", "b", "c"], 2, "partial"),
        (["b", "d"], 0, "wrong"),
    ],
)
def test_multiple_partial_credit_right_minus_wrong_never_below_zero(response, points, status):
    grade = grade_item(MULTIPLE, response, partial_credit=True)
    assert (grade.points, grade.status) == (Decimal(points), status)


def test_multiple_with_explicit_fractions_and_thirds():
    item = Item("q", "multiple", fractions={"a": "0.3333333", "b": "0.3333333", "c": "0.3333334", "d": -1}, points=3)
    assert _points(item, ["a", "b", "c"], partial=True) == 3
    assert _points(item, ["a"], partial=True) == Decimal("1.0000")
    assert _points(item, ["a", "d"], partial=True) == 0
    assert _points(item, ["a", "b", "c"]) == 3 and _points(item, ["a", "b"]) == 0


FILL = Item("f", "fill_in", accepted=(Accepted("Hà Nội"), Accepted("Thăng Long", fraction="0.5")), loose=True)


@pytest.mark.parametrize(
    ("response", "points"),
    [("Hà Nội", 1), ("  ha   noi ", 1), ("HÀ NỘI", 1), ("thang long", "0.5"), ("Huế", 0)],
)
def test_fill_in_loose_ignores_case_spacing_and_diacritics(response, points):
    assert _points(FILL, response) == Decimal(points)


def test_fill_in_strict_ignores_only_surrounding_spaces():
    item = Item("f", "fill_in", accepted=(Accepted("Hà Nội"),))
    assert _points(item, " Hà Nội ") == 1 and _points(item, "Ha Noi") == 0 and _points(item, "hà nội") == 0


def test_fill_in_nfd_input_matches():
    import unicodedata

    item = Item("f", "fill_in", accepted=(Accepted("Hà Nội"),))
    assert _points(item, unicodedata.normalize("NFD", "Hà Nội")) == 1


NUM = Item("n", "numerical", value="3.5", tolerance="0.05", points=2)


@pytest.mark.parametrize(
    ("response", "points", "status"),
    [
        ("3,5", 2, "correct"),
        ("3.5", 2, "correct"),
        ("3.54", 2, "correct"),
        ("3,56", 0, "wrong"),
        (3.5, 2, "correct"),
        ("abc", 0, "wrong"),
        ("1.234,5", 0, "wrong"),
        ("", 0, "blank"),
    ],
)
def test_numerical_within_tolerance_with_either_decimal_mark(response, points, status):
    grade = grade_item(NUM, response)
    assert (grade.points, grade.status) == (Decimal(points), status)


MATCH = Item("m", "matching", pairs={"l1": "r1", "l2": "r2", "l3": "r3", "l4": "r4"}, points=4)


def test_matching_all_or_nothing_and_by_share():
    half = {"l1": "r1", "l2": "r2", "l3": "r4", "l4": "r3"}
    assert _points(MATCH, half) == 0
    assert _points(MATCH, half, partial=True) == 2
    assert _points(MATCH, {"l1": "r1", "l2": "r2", "l3": "r3", "l4": "r4"}) == 4
    assert grade_item(MATCH, {}).status == "blank"


def test_essays_are_pending():
    grade = grade_item(Item("e", "essay", points=10), "Some text")
    assert grade.status == "pending" and grade.points is None and grade.max_points == 10


def test_grade_attempt_totals():
    items = [SINGLE, TRUE_FALSE, MULTIPLE, FILL, NUM, MATCH, Item("e", "essay", points=10)]
    responses = {"q1": ["b"], "q2": ["false"], "q3": ["a"], "f": "thang long", "n": "3,5", "m": {"l1": "r1"}}
    result = grade_attempt(items, responses, partial_credit=True)
    assert [g.points for g in result.items] == [1, 0, 2, Decimal("0.5"), 2, 1, None]
    assert result.correct == 2  # q1 and n
    assert result.score == Decimal("6.5") and result.max_score == 14
    assert result.pending == ("e",) and result.pending_max == 10


@pytest.mark.parametrize(
    "item",
    [
        Item("x", "ranking"),
        Item("x", "single"),
        Item("x", "fill_in"),
        Item("x", "numerical"),
        Item("x", "matching"),
        Item("x", "single", correct=("a",), points=-1),
        Item("x", "multiple", fractions={"a": 2}),
        Item("x", "numerical", value=1, tolerance=-1),
    ],
)
def test_malformed_items_raise(item):
    with pytest.raises(ValueError):
        grade_item(item, ["a"])
