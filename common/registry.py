"""What each app contributes to what every app shares, registered in its `AppConfig.ready()`.

`common` names no app, role or model of an app: the menu and home tiles, who may open common's own pages
(jobs, audit trail), which audit entries a user may read, how entries are made readable, and the demo data
loaders are all given here by the apps. Each `*_register` replaces an earlier registration of the same key,
so calling `ready()` twice changes nothing.

Hooks for the apps to come (exams registers these when it is built):
- `nav_register(...)` for its pages and tiles;
- `audit_scope_register(model=Exam, visible=lambda user: exams the user may see)`: entries written with
  `audit_record(..., scope=exam)` are then visible to those users, as are room sessions' and classes';
- `demo_loader_register(name="exams", order=20, load=exams.demo.demo_load)`: runs after hrm's (order 10).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet


# --- Menu and home tiles ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    visible: Callable  # (user) -> bool: the app's own rule, so common never names a role
    group: str = ""  # for a grouped menu
    description: str = ""  # shown on the home tile
    order: int = 500
    tile: bool = True


_nav: dict[str, NavItem] = {}


def nav_register(
    *,
    url_name: str,
    label,
    visible: Callable,
    group: str = "",
    description="",
    order: int = 500,
    tile: bool = True,
) -> None:
    """Add a page to the menu (and, with `tile`, to the home page) for the users `visible(user)` admits."""
    _nav[url_name] = NavItem(url_name, label, visible, group, description, order, tile)


_nav_groups: dict[str, object] = {}


def nav_group_register(*, key: str, label) -> None:
    """Name a menu group (its dropdown's title); an unnamed group is named after the app of the same label."""
    _nav_groups[key] = label


def nav_group_label(key: str):
    """The title of menu group `key`, or None when no app named it."""
    return _nav_groups.get(key)


def nav_items() -> list[NavItem]:
    """Every registered menu item, in menu order."""
    return sorted(_nav.values(), key=lambda item: (item.order, item.url_name))


# --- Audit trail: who may read which entries ------------------------------------------------------
_audit_visibility: dict[str, Callable] = {}
_audit_scopes: dict[str, tuple[type, Callable]] = {}
_audit_records: dict[str, Callable] = {}


def audit_visibility_register(*, app: str, entries: Callable[..., Q | None]) -> None:
    """`entries(user)` → a Q on AuditEntry of the entries `user` may read through `app` (None: none)."""
    _audit_visibility[app] = entries


def audit_scope_register(*, model: type, visible: Callable[..., QuerySet]) -> None:
    """Entries scoped to a row of `model` (`audit_record(..., scope=row)`) are read by the users for whom
    `visible(user)` (a queryset of `model`) holds that row. The model needs an integer primary key."""
    _audit_scopes[model._meta.label_lower] = (model, visible)


def audit_record_register(*, models: Iterable[str], visible: Callable[..., bool]) -> None:
    """For records of `models`: `visible(user=, model=, object_id=)` says whether `user` may read the whole
    trail of that one record (filtering the trail on it), wherever each entry was written."""
    for label in models:
        _audit_records[label] = visible


def audit_visibility_q(*, user) -> Q:
    """The entries `user` may read: the union of what every app and every scope admits (none by default)."""
    from django.contrib.contenttypes.models import ContentType

    q = Q(pk__in=[])
    for entries in _audit_visibility.values():
        part = entries(user)
        if part is not None:
            q |= part
    for model, visible in _audit_scopes.values():
        content_type = ContentType.objects.get_for_model(model)
        q |= Q(scope_type=content_type, scope_id__in=visible(user).values("pk"))
    return q


def audit_record_visible(*, user, model: str, object_id: str) -> bool | None:
    """Whether `user` may read the whole trail of one record; None when no app answers for `model`."""
    visible = _audit_records.get(model)
    if visible is None:
        return None
    return bool(visible(user=user, model=model, object_id=object_id))


# --- Audit trail: entries made readable ------------------------------------------------------------
_audit_apps: set[str] = set()
_audit_named: set[str] = set()
_audit_field_fallback: dict[str, tuple[str, ...]] = {}
_audit_refs: dict[str, Callable] = {}


def audit_models_register(
    *, app: str, named: Iterable[str] = (), field_fallback: dict | None = None, refs: Callable | None = None
) -> None:
    """`app`'s models in the record-type filter; `named`: models whose foreign keys are shown by name (reference
    rows, never people); `field_fallback`: {model: other models whose fields its entries carry};
    `refs(user=, entries=, wanted=)` → ({(model, id): url}, {(model, id): name}) for the records `user` may see."""
    _audit_apps.add(app)
    _audit_named.update(named)
    _audit_field_fallback.update(field_fallback or {})
    if refs is not None:
        _audit_refs[app] = refs


_audit_actions: dict[str, object] = {}


def audit_actions_register(*, actions: dict) -> None:
    """Labels (lazy translations) of the actions an app writes beyond AuditEntry.Action's, e.g. an exam's
    {"review": _("Review requested")}: the trail and its filter show them in words, never as their keys."""
    _audit_actions.update(actions)


def audit_action_label(action: str):
    """The registered label of `action`, or None (then AuditEntry.Action's own label applies)."""
    return _audit_actions.get(action)


def audit_action_choices() -> list[tuple[str, object]]:
    return list(_audit_actions.items())


def audit_apps() -> set[str]:
    return set(_audit_apps)


def audit_named_models() -> set[str]:
    return set(_audit_named)


def audit_field_fallback(label: str) -> tuple[str, ...]:
    return _audit_field_fallback.get(label, ())


def audit_refs(*, user, entries: list, wanted: dict) -> tuple[dict, dict]:
    """Links and names of the records among `entries` (and their foreign keys `wanted`) `user` may see."""
    urls, names = {}, {}
    for refs in _audit_refs.values():
        more_urls, more_names = refs(user=user, entries=entries, wanted=wanted)
        urls.update(more_urls)
        names.update(more_names)
    return urls, names


# --- Demo data -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoLoader:
    name: str
    order: int  # explicit: hrm (people and units) is 10, apps that build on them come after
    load: Callable[[], dict]  # () -> {label: count}; safe to run twice
    logins: Callable[[], list[dict]] | None = None  # () -> [{username, role, scope, password}]


_demo: dict[str, DemoLoader] = {}


def demo_loader_register(*, name: str, order: int, load: Callable, logins: Callable | None = None) -> None:
    """Add an app's demo loader (and its demo logins) to `load_demo` and `demo_logins`, run in `order`."""
    _demo[name] = DemoLoader(name, order, load, logins)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_demo.values(), key=lambda loader: (loader.order, loader.name))
