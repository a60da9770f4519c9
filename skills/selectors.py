"""Reads of the IT-skill standard: the standard in force, its modules and their item trees."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from skills.models import ITModule, ITSkillItem, ITStandard


@dataclass
class ItemNode:
    item: ITSkillItem
    children: list["ItemNode"] = field(default_factory=list)

    @property
    def unverified(self) -> bool:
        return "UNVERIFIED" in self.item.verification.upper()


def standard_get_in_force(*, on: dt.date | None = None) -> ITStandard | None:
    """The IT-skill standard in force on `on` (today by default), or None."""
    return ITStandard.objects.in_force_one(on)


def module_list(*, standard: ITStandard) -> QuerySet[ITModule]:
    """The standard's modules in number order, each with its items prefetched."""
    items = Prefetch("items", queryset=ITSkillItem.objects.select_related("parent"))
    return standard.modules.select_related("standard").order_by("number").prefetch_related(items)


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split(".")[1:])


def item_tree(*, module: ITModule) -> list[ItemNode]:
    """The module's items as a tree (groups → sub-groups → requirements), in reference-code order."""
    items = sorted(module.items.all(), key=lambda i: _code_key(i.code))
    nodes = {item.pk: ItemNode(item) for item in items}
    roots = []
    for item in items:
        parent = nodes.get(item.parent_id)
        (parent.children if parent else roots).append(nodes[item.pk])
    return roots


def standard_rule(*, standard: ITStandard, modules) -> dict:
    """The standard's rule in numbers: how many basic modules exist and how many advanced ones are needed."""
    basic = [m for m in modules if m.level == ITModule.Level.BASIC]
    advanced = [m for m in modules if m.level == ITModule.Level.ADVANCED]
    return {"basic": basic, "advanced": advanced, "min_advanced": standard.min_advanced_modules}
