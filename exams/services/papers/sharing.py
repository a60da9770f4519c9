"""Parts that draw from one bank: a candidate's papers across the parts of his shift never hold the same item.

The live paper names a question by its item version, so an item in two parts of one attempt would make an
answer's part ambiguous, and a candidate would meet a question twice. The fix is made where papers are drawn:
the approved items that the pools of several parts hold (same exam, same round, same bank, parts a candidate may
sit together) are split between those parts before any of them draws, so every form of a part comes from its own
slice. Per-candidate and pool mode alike are then disjoint across parts by construction, a part can be generated
again alone, and `papers_verify` replays each part from the slice its generation recorded.

The split is plain arithmetic on the bank as it is: an item held by one part only is that part's; an item that a
sibling part's existing paper (not rejected) already uses stays that sibling's; every other shared item is dealt,
in a fixed pseudo-random order, to the part whose cell is least filled against what it needs (the profile's
multiple of its count, TT 22/2025), so the slices are proportional to the parts' needs. When a cell's slice is
under its need, the refusal names the parts that share it and the counts.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from exams.models import ItemVersion, PaperForm, Part
from exams.selectors.papers import PAPER_MODES, cell_pools

_MIX = 0x9E3779B97F4A7C15  # a fixed odd multiplier: the dealing order depends only on the exam and the item


def sibling_parts(*, part: Part) -> list[Part]:
    """The other computer parts of `part`'s exam and round that draw from its bank and that one candidate may sit
    with it (a part for another position is not a sibling), in their order."""
    if part.bank_id is None:
        return []
    siblings = Part.objects.filter(exam_id=part.exam_id, round=part.round, bank_id=part.bank_id, mode__in=PAPER_MODES)
    if part.position_id is not None:
        siblings = siblings.filter(Q(position__isnull=True) | Q(position_id=part.position_id))
    return list(siblings.exclude(pk=part.pk).order_by("order", "pk"))


def _needs(part: Part, multiple: int) -> dict[tuple[int, int], int]:
    cells = part.blueprint.values_list("topic_id", "difficulty", "count")
    return {(topic, difficulty): max(multiple * count, count) for topic, difficulty, count in cells}


def _used_items(part: Part) -> set[int]:
    """Items of `part`'s papers that are not rejected (any version)."""
    versions = {
        version
        for items in part.forms.exclude(status=PaperForm.Status.REJECTED).values_list("items", flat=True)
        for version, _points in items
    }
    return set(ItemVersion.objects.filter(pk__in=versions).values_list("item_id", flat=True)) if versions else set()


def _order(exam_id: int, item: int) -> int:
    return ((item ^ (exam_id << 32)) * _MIX) & 0xFFFFFFFFFFFFFFFF


def pools_split(*, part: Part, pools: dict, multiple: int, labels: dict) -> tuple[dict, dict]:
    """`part`'s cell pools ({(topic, difficulty): [[item, version]]}) cut down to its slice of the items it shares
    with its sibling parts, and the refusals ({error key: [message]}) of the cells whose own pool is big enough but
    whose slice is under their need (`labels`: each cell's name). Unchanged when no sibling shares its bank."""
    siblings = sibling_parts(part=part)
    if not siblings:
        return pools, {}
    parts = sorted([part, *siblings], key=lambda p: (p.order, p.pk))  # the same dealing whichever part generates
    needs = {p.pk: _needs(p, multiple) for p in parts}
    holders: dict[int, list[tuple[int, tuple]]] = {}  # item -> [(part id, cell)] whose pools hold it
    for p in parts:
        for cell, pool in (pools if p is part else cell_pools(part=p)).items():
            for item, _version in pool:
                holders.setdefault(item, []).append((p.pk, cell))
    owner: dict[int, int] = {}
    for sibling in siblings:
        for item in _used_items(sibling):
            owner.setdefault(item, sibling.pk)
    rank = {p.pk: n for n, p in enumerate(parts)}
    filled: dict[tuple[int, tuple], int] = {}
    dealt = []
    for item, held in holders.items():
        if len(held) == 1 or item in owner:
            owner.setdefault(item, held[0][0])
            for key in held:
                if key[0] == owner[item]:
                    filled[key] = filled.get(key, 0) + 1
        else:
            dealt.append(item)
    for item in sorted(dealt, key=lambda item: _order(part.exam_id, item)):
        held = holders[item]
        key = min(held, key=lambda k: (filled.get(k, 0) / needs[k[0]][k[1]], rank[k[0]]))
        owner[item] = key[0]
        filled[key] = filled.get(key, 0) + 1
    kept = {cell: [entry for entry in pool if owner[entry[0]] == part.pk] for cell, pool in pools.items()}
    return kept, _refusals(part, parts, pools, kept, holders, owner, needs, labels, multiple)


def _refusals(part, parts, pools, kept, holders, owner, needs, labels, multiple) -> dict:
    names = {p.pk: p.name for p in parts}
    errors = {}
    for cell, pool in pools.items():
        need = needs[part.pk][cell]
        if len(kept[cell]) >= need or len(pool) < need:  # enough, or the bank alone is too small (plan_make says)
            continue
        sharing = {}  # the other parts that hold or already use this cell's items -> their need of them
        for item, _version in pool:
            for part_id, other in holders[item]:
                if part_id != part.pk:
                    sharing[part_id] = needs[part_id][other]
            if owner[item] != part.pk:  # used by a sibling's paper though its blueprint no longer takes it
                sharing.setdefault(owner[item], 0)
        shares = "; ".join(
            _("“%(part)s” needs %(need)s") % {"part": names[pk], "need": n}
            for pk, n in [(part.pk, need), *sorted(sharing.items())]
            if n
        )
        message = _(
            "Cell %(cell)s: the parts “%(part)s” and %(others)s draw from the same %(shared)s approved items of the "
            "bank, and a candidate's papers may not repeat an item across parts: this part keeps %(kept)s of them, "
            "fewer than the %(need)s it needs (%(shares)s; each part's need is %(multiple)s times what its paper "
            "takes, TT 22/2025)."
        )
        values = {
            "cell": labels[cell],
            "part": part.name,
            "others": ", ".join(f"“{names[pk]}”" for pk in sorted(sharing)),
            "shared": len(pool),
            "kept": len(kept[cell]),
            "need": need,
            "shares": shares,
            "multiple": multiple,
        }
        errors[f"cell-{cell[0]}-{cell[1]}"] = [message % values]
    return errors
