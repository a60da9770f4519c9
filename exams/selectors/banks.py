"""Reads of question banks shared by the bank pages and the paper generator.

Items are confidential to a bank's board: every read of banks, topics and items for a user goes through
`bank_list_for_user` (a grant of the exam board everywhere, or one naming the bank); one object through a
`…_get_for_user` that answers None for "not there" and "not yours" alike.
"""

from django.db.models import Count, Q, QuerySet

from common.vietnamese import fold
from exams.models import Item, ItemAsset, ItemVersion, QuestionBank, Subject, Topic
from exams.roles import EXAM_MANAGE
from hrm.selectors import may, scope_ids_for_user


def topic_subtree_ids(*, topic_ids) -> set[int]:
    """The ids of `topic_ids` and of every topic below them (a blueprint cell on a topic takes its subtopics)."""
    found = set(topic_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def bank_list_for_user(*, user) -> QuerySet:
    """The banks whose items `user` may see and manage (his board grants: everywhere, or naming the bank)."""
    ids = scope_ids_for_user(user=user, action=EXAM_MANAGE, model=QuestionBank)
    banks = QuestionBank.objects.select_related("subject")
    return banks if ids is None else banks.filter(pk__in=ids)


def bank_list_with_counts_for_user(*, user) -> QuerySet:
    """`bank_list_for_user` with the number of items, approved items and drafts of each."""
    live = Q(items__retired=False)
    return bank_list_for_user(user=user).annotate(
        item_count=Count("items", filter=live, distinct=True),
        approved_count=Count("items", filter=live & Q(items__approved_version__isnull=False), distinct=True),
    )


def user_has_banks(user) -> bool:
    """Whether `user` sees at least one bank (or may create one): the menu entry's rule."""
    return bank_creator(user) or bank_list_for_user(user=user).exists()


def bank_creator(user) -> bool:
    """Whether `user` may create banks: a board member of every bank (a grant everywhere) or an administrator."""
    if user is None or not user.is_authenticated:
        return False
    return scope_ids_for_user(user=user, action=EXAM_MANAGE, model=QuestionBank) is None and may(user, EXAM_MANAGE)


def bank_get_for_user(*, user, bank_id) -> QuestionBank | None:
    """One bank if `user` may see it; None when it is not there or not his."""
    return bank_list_for_user(user=user).filter(pk=bank_id).first()


def bank_get_by_code(*, code: str) -> QuestionBank | None:
    """A bank by its code, for commands run by the system (no user scope)."""
    return QuestionBank.objects.select_related("subject").filter(code=code).first()


def subject_list() -> QuerySet:
    """Every subject, by kind and code."""
    return Subject.objects.all()


# --- topics ------------------------------------------------------------------------------------------
def topic_path(*, topic: Topic) -> tuple[str, ...]:
    """The names from the root down to `topic`."""
    names = []
    node = topic
    while node is not None:
        names.append(node.name)
        node = node.parent
    return tuple(reversed(names))


def topic_paths(*, bank: QuestionBank) -> dict[int, tuple[str, ...]]:
    """{topic id: its path of names} for every topic of a bank, in one query."""
    rows = {pk: (parent, name) for pk, parent, name in bank.topics.values_list("pk", "parent_id", "name")}
    paths: dict[int, tuple[str, ...]] = {}

    def path(pk):
        if pk not in paths:
            parent, name = rows[pk]
            paths[pk] = (path(parent) if parent else ()) + (name,)
        return paths[pk]

    for pk in rows:
        path(pk)
    return paths


def topic_get(*, bank: QuestionBank, topic_id) -> Topic | None:
    """A topic of `bank` (None when it belongs to another bank or is not there)."""
    return bank.topics.filter(pk=topic_id).first()


def topic_tree(*, bank: QuestionBank) -> list[dict]:
    """The bank's topics depth-first, each with its depth, path and counts of live items by difficulty and by status
    of their latest version (its own items only; `total` with its subtopics)."""
    topics = list(bank.topics.all())
    children: dict[int | None, list[Topic]] = {}
    for topic in topics:
        children.setdefault(topic.parent_id, []).append(topic)
    counts = _topic_counts(bank=bank)
    rows: list[dict] = []

    def walk(parent_id, depth, prefix):
        for topic in sorted(children.get(parent_id, []), key=lambda t: (t.order, t.name)):
            path = (*prefix, topic.name)
            row = {"topic": topic, "depth": depth, "path": " / ".join(path), **counts.get(topic.pk, _empty_counts())}
            rows.append(row)
            start = len(rows)
            walk(topic.pk, depth + 1, path)
            row["total"] = row["items"] + sum(r["items"] for r in rows[start:])

    walk(None, 0, ())
    return rows


def _empty_counts() -> dict:
    return {"items": 0, "by_difficulty": {d: 0 for d in range(1, 5)}, "by_status": {s: 0 for s in ItemVersion.Status}}


def _topic_counts(*, bank: QuestionBank) -> dict[int, dict]:
    counts: dict[int, dict] = {}
    items = Item.objects.filter(bank=bank, retired=False).values("topic_id", "difficulty")
    for row in items.annotate(n=Count("pk")):
        entry = counts.setdefault(row["topic_id"], _empty_counts())
        entry["items"] += row["n"]
        entry["by_difficulty"][row["difficulty"]] += row["n"]
    latest = ItemVersion.objects.filter(item__bank=bank, item__retired=False).order_by("item_id", "-number")
    seen = set()
    for item_id, topic_id, status in latest.values_list("item_id", "item__topic_id", "status"):
        if item_id in seen:
            continue
        seen.add(item_id)
        counts.setdefault(topic_id, _empty_counts())["by_status"][status] += 1
    return counts


# --- items -------------------------------------------------------------------------------------------
def item_get_for_user(*, user, item_id) -> Item | None:
    """One item if `user` is on its bank's board; None otherwise."""
    banks = bank_list_for_user(user=user).values("pk")
    return Item.objects.select_related("bank", "topic", "approved_version").filter(pk=item_id, bank__in=banks).first()


def item_latest_version(*, item: Item) -> ItemVersion | None:
    """The item's newest version (the one its editor works on)."""
    return item.versions.select_related("created_by", "reviewed_by", "approved_by").order_by("-number").first()


def item_versions(*, item: Item) -> QuerySet:
    """Every version of an item, newest first, with who wrote, reviewed and approved it."""
    return item.versions.select_related("created_by", "reviewed_by", "approved_by").order_by("-number")


def item_version_get(*, item: Item, version_id=None, number=None) -> ItemVersion | None:
    """One version of `item` by id or by number (None when it has none such); without either, the newest."""
    versions = item_versions(item=item)
    if version_id is not None:
        return versions.filter(pk=version_id).first()
    if number is not None:
        return versions.filter(number=number).first()
    return versions.first()


def item_list(*, bank: QuestionBank, filters: dict) -> QuerySet:
    """The bank's items filtered by topic (with its subtopics), kind, difficulty, status of the latest version,
    retired or not, and a search in code and text (accents optional); each with `latest` (its newest version)."""
    from django.db.models import OuterRef, Subquery

    newest = ItemVersion.objects.filter(item=OuterRef("pk")).order_by("-number")
    items = Item.objects.filter(bank=bank).annotate(
        latest_id=Subquery(newest.values("pk")[:1]),
        latest_status=Subquery(newest.values("status")[:1]),
        latest_kind=Subquery(newest.values("kind")[:1]),
        latest_stem=Subquery(newest.values("stem")[:1]),
    )
    if filters.get("topic"):
        items = items.filter(topic_id__in=topic_subtree_ids(topic_ids=[filters["topic"]]))
    if filters.get("difficulty"):
        items = items.filter(difficulty=filters["difficulty"])
    if filters.get("kind"):
        items = items.filter(latest_kind=filters["kind"])
    if filters.get("status"):
        items = items.filter(latest_status=filters["status"])
    items = items.filter(retired=bool(filters.get("retired")))
    if filters.get("q"):
        items = _search(items, filters["q"])
    return items.select_related("topic").order_by("topic__name", "pk")


def _search(items: QuerySet, query: str) -> QuerySet:
    words = query.split()
    q = Q()
    for word in words:
        q &= Q(code__icontains=word) | Q(latest_stem__icontains=word)
    found = items.filter(q)
    if found.exists():
        return found
    # accents typed differently: compare without marks in Python over the bank's stems (banks hold thousands)
    wanted = fold(query).split()
    ids = [pk for pk, stem, code in items.values_list("pk", "latest_stem", "code") if _folded_match(wanted, stem, code)]
    return items.filter(pk__in=ids)


def _folded_match(words, stem, code) -> bool:
    text = fold(f"{code} {stem}")
    return all(w in text for w in words)


def asset_get_for_user(*, user, bank_id, asset_id) -> ItemAsset | None:
    """One image of a bank whose board `user` is on; None otherwise."""
    bank = bank_get_for_user(user=user, bank_id=bank_id)
    if bank is None:
        return None
    return bank.assets.filter(pk=asset_id).first()


def asset_list(*, bank: QuestionBank) -> QuerySet:
    """The bank's images by name."""
    return bank.assets.order_by("name")
