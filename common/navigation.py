"""The role-aware menu and home tiles: each app registers its pages and who sees them (common.registry)."""

from django.apps import apps
from django.urls import reverse

from common import registry


def _visible_items(user) -> list[registry.NavItem]:
    if user is None or not user.is_authenticated:
        return []
    # Each app's rule decides, for superusers too: a page a superuser cannot use (his own record when he has
    # none) is not offered to him.
    return [item for item in registry.nav_items() if item.visible(user)]


def _as_dict(item: registry.NavItem) -> dict:
    return {
        "url": reverse(item.url_name),
        "label": item.label,
        "name": item.url_name,
        "group": item.group,
        "description": item.description,
    }


def menu_for(user) -> list[dict]:
    """The menu items `user` sees, in order: {url, label, name, group, description}."""
    return [_as_dict(item) for item in _visible_items(user)]


def tiles_for(user) -> list[dict]:
    """The home page tiles `user` sees (the menu items that are also tiles)."""
    return [_as_dict(item) for item in _visible_items(user) if item.tile]


def _group_label(key: str) -> str:
    """A group's registered title, else the verbose name of the app of that label."""
    label = registry.nav_group_label(key)
    if label is not None:
        return label
    try:
        return apps.get_app_config(key).verbose_name
    except LookupError:
        return key


def menu_groups_for(user) -> list[dict]:
    """The menu `user` sees grouped by app, in menu order: [{key, label, items}]; keeps the menu on one row."""
    groups: dict[str, dict] = {}
    for item in menu_for(user):
        key = item["group"]
        if key not in groups:
            groups[key] = {"key": key, "label": _group_label(key), "items": []}
        groups[key]["items"].append(item)
    return list(groups.values())
