"""The role-aware menu and home tiles: each app registers its pages and who sees them (common.registry)."""

from django.urls import reverse

from common import registry


def _visible_items(user) -> list[registry.NavItem]:
    if user is None or not user.is_authenticated:
        return []
    return [item for item in registry.nav_items() if user.is_superuser or item.visible(user)]


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
