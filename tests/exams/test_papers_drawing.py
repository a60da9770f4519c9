"""The generator's pure core: least-used-first draws, seeded shuffles, layouts without the key's order."""

import random
from collections import Counter

from exams.services.papers.drawing import (
    CellDraw,
    FormDrawer,
    LayoutMaker,
    VersionShape,
    expected_score,
    exposure,
    layout_make,
    paper_make,
)

POOL = [[item, item + 1000] for item in range(1, 11)]  # 10 items of one cell


def test_a_cell_draw_balances_uses_to_within_one_and_never_repeats_an_item_in_a_form():
    draw = CellDraw(POOL, {})
    uses = Counter()
    rng = random.Random(7)
    for _ in range(23):
        taken = draw.take(rng, 3)
        assert len({item for item, _v in taken}) == 3
        uses.update(item for item, _v in taken)
        assert max(uses[i] for i, _v in POOL) - min(uses[i] for i, _v in POOL) <= 1


def test_a_cell_draw_takes_the_least_used_items_first():
    draw = CellDraw(POOL, {item: 5 for item in range(1, 9)})  # items 9 and 10 never used
    taken = draw.take(random.Random(1), 3)
    assert {9, 10} <= {item for item, _v in taken}


def test_the_same_seeds_give_the_same_forms_and_other_seeds_other_forms():
    cells = [
        {"count": 3, "points": "1.00", "pool": POOL},
        {"count": 2, "points": "2.00", "pool": [[50, 51], [60, 61], [70, 71]]},
    ]
    first = [FormDrawer(cells, {}).form(seed) for seed in (11, 12, 13)]
    drawer = FormDrawer(cells, {})
    again = [drawer.form(seed) for seed in (11, 12, 13)]
    assert [FormDrawer(cells, {}).form(11)] == first[:1]
    assert again == [FormDrawer(cells, {}).form(11), *again[1:]]
    assert len(first[0]) == 5 and [p for _v, p in first[0]] == ["1.00"] * 3 + ["2.00"] * 2
    assert FormDrawer(cells, {}).form(11) != FormDrawer(cells, {}).form(99)


SHAPES = {
    1: VersionShape("single", True, (11, 12, 13, 14)),
    2: VersionShape("multiple", False, (21, 22, 23)),  # its author fixed the options' order
    3: VersionShape("fill_in", True, (31, 32)),  # accepted answers: never shown
    4: VersionShape("matching", True, (41, 42, 43), (41, 42, 43)),
    5: VersionShape("true_false", True, (51, 52)),
}
ITEMS = [[v, "1.00"] for v in SHAPES]


def test_layouts_follow_the_seed_and_the_shuffle_settings():
    a = layout_make(random.Random(1), ITEMS, SHAPES, shuffle_questions=True, shuffle_options=True)
    assert a == layout_make(random.Random(1), ITEMS, SHAPES, shuffle_questions=True, shuffle_options=True)
    others = [
        layout_make(random.Random(s), ITEMS, SHAPES, shuffle_questions=True, shuffle_options=True) for s in range(2, 8)
    ]
    assert any(layout != a for layout in others)
    by_version = {entry["v"]: entry for entry in a}
    assert by_version[2]["o"] == [21, 22, 23]  # the version says its options stay in place
    assert by_version[3]["o"] == []  # a fill-in item shows no options
    assert sorted(by_version[4]["m"]) == [41, 42, 43]
    fixed = layout_make(random.Random(1), ITEMS, SHAPES, shuffle_questions=False, shuffle_options=False)
    assert [entry["v"] for entry in fixed] == [1, 2, 3, 4, 5]
    assert fixed[0]["o"] == [11, 12, 13, 14]


def test_a_pool_draw_comes_from_the_same_seed_as_the_layout():
    items_of = {7: ITEMS, 8: list(reversed(ITEMS))}
    maker = LayoutMaker(SHAPES, shuffle_questions=True, shuffle_options=True)
    kwargs = {"items_of": items_of, "maker": maker}
    drawn = [paper_make(seed, form_id=None, draw_from=[7, 8], **kwargs) for seed in range(40)]
    assert {form for form, _layout in drawn} == {7, 8}
    assert drawn[5] == paper_make(5, form_id=None, draw_from=[7, 8], **kwargs)


def test_exposure_and_expected_score():
    assert exposure(Counter({1: 2, 2: 3}), [1, 2, 3]) == (0, 3)
    assert expected_score([[1, "1.00"], [2, "3.00"]], {1: 1.0, 2: 0.5}) == 0.625
    assert expected_score([[1, "1.00"], [9, "1.00"]], {1: 1.0}) is None


def test_the_written_out_digests_are_the_digests_of_the_canonical_json():
    from exams.services.papers.drawing import digest, form_digest, paper_digest

    items = [[5, "1.00"], [7, "2.50"]]
    assert form_digest(part_id=1, number=2, seed=3, items=items) == digest(
        {"part": 1, "number": 2, "seed": 3, "items": items}
    )
    layout = [{"v": 5, "o": [9, 8]}, {"v": 7, "o": [], "m": [1, 2]}]
    assert paper_digest(candidate_id=4, part_id=1, form_id=6, seed=3, layout=layout) == digest(
        {"candidate": 4, "part": 1, "form": 6, "seed": 3, "layout": layout}
    )


def test_long_option_lists_are_shuffled_too():
    shapes = {1: VersionShape("multiple", True, tuple(range(100, 108)))}
    layouts = [
        layout_make(random.Random(s), [[1, "1"]], shapes, shuffle_questions=True, shuffle_options=True)
        for s in range(5)
    ]
    assert all(sorted(layout[0]["o"]) == list(range(100, 108)) for layout in layouts)
    assert len({tuple(layout[0]["o"]) for layout in layouts}) > 1
