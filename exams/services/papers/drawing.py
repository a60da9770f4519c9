"""The paper generator's pure core: no ORM, every random choice from a `random.Random(seed)` given to it.

`papers_verify` runs these same functions on the stored seeds and inputs, so a paper regenerates identically.

- Item exposure is balanced inside each blueprint cell: a form takes the least-used items of the cell first,
  breaking ties at random (`CellDraw`), so usage counts differ by at most one across a cell's items whenever
  every form draws from the same pool.
- A candidate's layout shuffles question order and option order (`layout_make`); the right-hand column of a
  matching item is always shuffled, otherwise its order would give the key away.
"""

import hashlib
import itertools
import json
import random
from dataclasses import dataclass

SEED_BITS = 62  # fits a signed 64-bit column
CHOICE_KINDS = frozenset({"single", "true_false", "multiple"})
MATCHING = "matching"
SHOWN_KINDS = CHOICE_KINDS | {MATCHING}  # the kinds whose options the candidate sees


def canonical(payload) -> str:
    """The canonical JSON of `payload` (sorted keys, no spaces), the text its digest is taken of."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(payload) -> str:
    """sha256 of the canonical JSON of `payload`."""
    return hashlib.sha256(canonical(payload).encode()).hexdigest()


# The two digests below are digest({...}) of their fields, written out so that the (large) items or layout are
# serialised once, for both the digest and the database (tests check they equal digest()).
def form_digest(*, part_id: int, number: int, seed: int, items: list, items_json: str = "") -> str:
    """sha256 of the canonical JSON of {"items", "number", "part", "seed"} of a form."""
    items_text = items_json or canonical(items)
    text = f'{{"items":{items_text},"number":{int(number)},"part":{int(part_id)},"seed":{int(seed)}}}'
    return hashlib.sha256(text.encode()).hexdigest()


def paper_digest(
    *, candidate_id: int, part_id: int, form_id: int, seed: int, layout: list, layout_json: str = ""
) -> str:
    """sha256 of the canonical JSON of {"candidate", "form", "layout", "part", "seed"} of a candidate's paper."""
    layout_text = layout_json or canonical(layout)
    text = (
        f'{{"candidate":{int(candidate_id)},"form":{int(form_id)},"layout":{layout_text},'
        f'"part":{int(part_id)},"seed":{int(seed)}}}'
    )
    return hashlib.sha256(text.encode()).hexdigest()


def seeds(master: int, count: int) -> list[int]:
    """`count` seeds derived from one master seed."""
    rng = random.Random(master)
    return [rng.getrandbits(SEED_BITS) for _ in range(count)]


def _sample_out(rng: random.Random, bucket: list, count: int) -> list:
    """Take `count` random entries out of `bucket` (swap each to the end and pop it)."""
    taken, draw = [], rng.random
    for _ in range(count):
        i = int(draw() * len(bucket))
        bucket[i], bucket[-1] = bucket[-1], bucket[i]
        taken.append(bucket.pop())
    return taken


class CellDraw:
    """The items of one blueprint cell grouped by how often forms have used them; `take` draws least-used first.

    `pool` is the cell's list of (item id, version id) in a fixed order; `uses` counts earlier forms' uses by item
    id. The buckets' order evolves with each draw, so replaying the same draws in the same order reproduces them."""

    def __init__(self, pool: list, uses: dict[int, int]):
        self.levels: dict[int, list] = {}
        for entry in pool:
            self.levels.setdefault(uses.get(entry[0], 0), []).append(tuple(entry))

    def take(self, rng: random.Random, count: int) -> list[tuple]:
        levels = self.levels
        keys = sorted(levels)
        lowest = levels[keys[0]] if keys else []
        if len(lowest) > count:  # the usual case: the least-used items alone fill the cell
            taken = _sample_out(rng, lowest, count)
            levels.setdefault(keys[0] + 1, []).extend(taken)
            taken.sort()
            return taken
        chosen: list[tuple] = []
        moves: list[tuple[int, list]] = []
        for level in keys:
            need = count - len(chosen)
            if need <= 0:
                break
            bucket = levels[level]
            if len(bucket) <= need:
                taken = bucket[:]
                bucket.clear()
            else:
                taken = _sample_out(rng, bucket, need)
            chosen.extend(taken)
            moves.append((level + 1, taken))
        for level, taken in moves:
            levels.setdefault(level, []).extend(taken)
        for level in [level for level, bucket in levels.items() if not bucket]:
            del levels[level]
        chosen.sort()
        return chosen

    def uses(self) -> dict[int, int]:
        return {entry[0]: level for level, bucket in self.levels.items() for entry in bucket}


@dataclass
class FormDrawer:
    """Draws forms of one generation: one `CellDraw` per cell, fed the uses of every earlier form of the part."""

    cells: list  # [{"count": n, "points": "1.00", "pool": [[item, version], ...]}, ...] in blueprint order
    uses: dict  # item id -> uses by earlier forms

    def __post_init__(self):
        self.draws = [CellDraw(cell["pool"], self.uses) for cell in self.cells]

    def form(self, seed: int) -> list[list]:
        """The items of one form: [[version id, points]] in blueprint order, least-used items first."""
        rng = random.Random(seed)
        items = []
        for cell, draw in zip(self.cells, self.draws, strict=True):
            items.extend([version, cell["points"]] for _item, version in draw.take(rng, cell["count"]))
        return items


def shuffle(rng: random.Random, values: list) -> None:
    """Shuffle `values` in place (Fisher–Yates on `rng.random()`: several times faster than `rng.shuffle`, whose
    exact draws differ by Python version; the layouts of 5,000 candidates take 1.5 million draws)."""
    draw = rng.random
    for i in range(len(values) - 1, 0, -1):
        j = int(draw() * (i + 1))
        values[i], values[j] = values[j], values[i]


_PERMUTATIONS = {n: list(itertools.permutations(range(n))) for n in range(2, 7)}


def form_choose(rng: random.Random, form_ids: list[int]) -> int:
    """The approved form a candidate draws (pool mode)."""
    return form_ids[int(rng.random() * len(form_ids))]


@dataclass(frozen=True)
class VersionShape:
    """What a layout needs to know of an item version: its kind, whether its options may move, its option ids in
    authoring order, and (matching) the ids of options that carry a right-hand text."""

    kind: str
    shuffle: bool
    options: tuple[int, ...]
    matches: tuple[int, ...] = ()


class LayoutMaker:
    """Lays out candidates' papers: [{"v": version id, "o": [option ids]}] (+ "m" for matching) in each one's
    order. Fill-in, numerical and essay items show no options (their options are the accepted answers: the key).

    Each version's possible option orders are prepared once, so a layout takes one draw per question."""

    def __init__(self, shapes: dict[int, VersionShape], *, shuffle_questions: bool, shuffle_options: bool):
        self.shuffle_questions = shuffle_questions
        self.prepared = {v: self._prepare(shape, shuffle_options) for v, shape in shapes.items()}

    @staticmethod
    def _orders(values: tuple, shuffle: bool) -> list[tuple]:
        table = _PERMUTATIONS.get(len(values)) if shuffle else None
        return [values] if table is None else [tuple(values[i] for i in perm) for perm in table]

    def _prepare(self, shape: VersionShape, shuffle_options: bool):
        if shape.kind not in SHOWN_KINDS:
            return None
        options = self._orders(shape.options, shuffle_options and shape.shuffle)
        long = shuffle_options and shape.shuffle and len(shape.options) not in _PERMUTATIONS and len(shape.options) > 1
        matches = self._orders(shape.matches, True) if shape.kind == MATCHING else None
        long_matches = matches is not None and len(shape.matches) not in _PERMUTATIONS and len(shape.matches) > 1
        return options, long, matches, long_matches

    def make(self, rng: random.Random, items: list) -> list[dict]:
        order = list(range(len(items)))
        if self.shuffle_questions:
            shuffle(rng, order)
        draw, prepared, layout = rng.random, self.prepared, []
        for index in order:
            version = items[index][0]
            shape = prepared[version]
            if shape is None:
                layout.append({"v": version, "o": []})
                continue
            options, long, matches, long_matches = shape
            entry = {"v": version, "o": _pick(rng, draw, options, long)}
            if matches is not None:
                entry["m"] = _pick(rng, draw, matches, long_matches)
            layout.append(entry)
        return layout


def _pick(rng, draw, orders: list[tuple], long: bool) -> list:
    if long:  # more options than the prepared tables cover: shuffle them one by one
        values = list(orders[0])
        shuffle(rng, values)
        return values
    return list(orders[int(draw() * len(orders))]) if len(orders) > 1 else list(orders[0])


def layout_make(
    rng: random.Random, items: list, shapes: dict[int, VersionShape], *, shuffle_questions: bool, shuffle_options: bool
) -> list[dict]:
    """One candidate's layout (see LayoutMaker, which generation and verification use for many)."""
    maker = LayoutMaker(shapes, shuffle_questions=shuffle_questions, shuffle_options=shuffle_options)
    return maker.make(rng, items)


def exposure(uses: dict[int, int], pool_items) -> tuple[int, int]:
    """(fewest, most) uses of an item of the pool (items never drawn count as 0)."""
    counts = [uses.get(item, 0) for item in pool_items]
    return (min(counts), max(counts)) if counts else (0, 0)


def expected_score(items: list, facility: dict[int, float]) -> float | None:
    """The share of a form's points an average candidate is expected to earn (sum of points × facility / points);
    None when an item has no statistics."""
    total = earned = 0.0
    for version, points in items:
        if version not in facility:
            return None
        total += float(points)
        earned += float(points) * facility[version]
    return earned / total if total else None


def paper_make(
    seed: int, *, form_id: int | None, draw_from: list[int] | None, items_of: dict[int, list], maker: LayoutMaker
) -> tuple[int, list[dict]]:
    """A candidate's (form id, layout) from his seed: in pool mode (`draw_from`, the approved form ids) the form
    is drawn first from the same generator; otherwise `form_id` is his own form."""
    rng = random.Random(seed)
    if draw_from is not None:
        form_id = form_choose(rng, draw_from)
    return form_id, maker.make(rng, items_of[form_id])


def form_seeds(master: int, count: int) -> list[int]:
    """The seeds of a generation's forms; its candidates' papers take `seeds(master, n)` (a separate stream)."""
    return seeds(master ^ 0x5A5A5A5A5A5A5A5, count)
