"""Reads of the registry, each filtered by what the requesting user may see.

The access layer every app reuses. `may(user, action, obj)` is the one role check: scope-aware, it answers
whether a grant in force today of a role that allows `action` (common.access) covers `obj` — everywhere, the
unit subtree the object lies in, the object itself (a room session, an exam), or one's own record. Lists use
`unit_scope_for_user` (unit subtrees) and `scope_ids_for_user` (objects a role is granted on).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from common.access import ACCESS, EVERY_ACTION, Scope
from common.dated import in_force_q
from hrm.access import STAFF_CHANGE, STAFF_LIST, UNITS_RESTRUCTURE
from hrm.models import Employee, Grant, OrgUnit, OrgUnitVersion, Role


def _grants(user, on: dt.date | None = None) -> QuerySet:
    return Grant.objects.in_force(on).filter(user=user)


def _grants_today(user) -> list[Grant]:
    """The user's grants in force today with their unit's path, read once per request (cached on the user)."""
    cached = getattr(user, "_congvu_grants", None)
    if cached is None:
        grants = _grants(user).select_related("unit", "scope_type")
        cached = [g for g in grants if _valid_scope(g)]
        user._congvu_grants = cached
    return cached


def _valid_scope(grant: Grant) -> bool:
    """A grant counts only with a scope its role allows (an HR officer works for a unit subtree, a proctor for a room
    session): a row written around Grant.clean() never widens anyone's reach."""
    role = ACCESS.get(grant.role)
    return role is not None and role.granted and grant.scope_kind in role.scopes


def _covers(grant: Grant, scopes: list[Scope], unit_paths: dict[int, str]) -> bool:
    if grant.unit_id is None and grant.scope_type_id is None:
        return True  # everywhere
    for scope in scopes:
        if grant.unit_id is not None and scope.kind == "unit":
            path = unit_paths.get(scope.key)
            if path is not None and path.startswith(grant.unit.path):
                return True
        elif grant.scope_type_id is not None and scope.kind == "object":
            label = f"{grant.scope_type.app_label}.{grant.scope_type.model}"
            if scope.key == label and scope.id == grant.scope_id:
                return True
    return False


def may(user, action: str, obj=None) -> bool:
    """Whether `user` may do `action` (e.g. "hrm.staff.change") on `obj`, or somewhere when `obj` is None.

    The one role check of pages, the API, the admin, sockets and exports: a superuser may do everything; otherwise
    a grant in force today of a role allowing `action` must cover `obj` (everywhere, its unit subtree, or the object
    or one of the objects it belongs to), or `obj` is the user's own record and staff members may do `action`.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = ACCESS.allowing(action)
    grants = [g for g in _grants_today(user) if g.role in roles]
    if obj is None:
        return bool(grants) or (Role.STAFF in roles and Role.STAFF in user_roles(user=user))
    scopes = ACCESS.scopes_of(obj)
    if Role.STAFF in roles and user.person_id and Scope.own(user.person_id) in scopes:
        return True
    mine = Scope.user(user.pk) in scopes
    grants = [g for g in grants if mine or not ACCESS.get(g.role).own_only]
    unit_ids = [s.key for s in scopes if s.kind == "unit"]
    paths = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path")) if unit_ids and grants else {}
    return any(_covers(grant, scopes, paths) for grant in grants)


def user_roles(*, user, on: dt.date | None = None) -> set[str]:
    """The roles a user holds today (any scope); a linked person with a staff record is 'staff'."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_congvu_roles", None)
    if cached is not None and on is None:
        return cached
    roles = set(_grants(user, on).values_list("role", flat=True))
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if user.person_id and Employee.objects.filter(person_id=user.person_id).exists():
        roles.add(Role.STAFF)
    if on is None:
        user._congvu_roles = roles
    return roles


def is_province_admin(user) -> bool:
    """A province administrator: the one role that may restructure the units (and do every other action)."""
    return may(user, UNITS_RESTRUCTURE)


@dataclass(frozen=True)
class UnitScope:
    """The units whose data a user may see for an action: every unit, or the subtrees of his unit grants (today's
    tree: a grant on a unit covers every unit under it, also units moved under it later). Callers filter through
    it (`scope.filter(queryset, "unit")`), so nobody has to remember that "everywhere" means no filter."""

    everywhere: bool
    roots: tuple[str, ...] = ()

    def unit_ids(self) -> QuerySet:
        """Ids of the units in scope, as a subquery."""
        if self.everywhere:
            return OrgUnit.objects.values("id")
        q = Q(pk__in=[])
        for path in self.roots:
            q |= Q(path__startswith=path)
        return OrgUnit.objects.filter(q).values("id")

    def q(self, field: str = "unit") -> Q:
        """The condition on `field` (a unit foreign key) of the rows in scope."""
        return Q() if self.everywhere else Q(**{f"{field}__in": self.unit_ids()})

    def filter(self, queryset: QuerySet, field: str = "unit") -> QuerySet:
        return queryset.filter(self.q(field))

    @property
    def empty(self) -> bool:
        return not self.everywhere and not self.roots


def _by_units(role) -> bool:
    return "unit" in role.scopes or EVERY_ACTION in role.actions


def unit_scope_for_user(*, user, action: str = STAFF_LIST) -> UnitScope:
    """Where `user` may do `action` on unit-scoped data: the same grants and roles as `may`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return UnitScope(everywhere=False)
    if user.is_superuser:
        return UnitScope(everywhere=True)
    # Only roles that work by units reach unit-scoped data: a board member may read the audit trail too, but of his
    # exams (their scopes), never the registry's entries.
    roles = {code for code in ACCESS.allowing(action) if _by_units(ACCESS.get(code))}
    grants = [g for g in _grants_today(user) if g.role in roles and g.scope_type_id is None]
    if any(g.unit_id is None for g in grants):
        return UnitScope(everywhere=True)
    return UnitScope(everywhere=False, roots=tuple(sorted({g.unit.path for g in grants})))


def user_has_hr_scope(*, user) -> bool:
    """Whether `user` manages staff somewhere: an HR officer with at least one unit, or a province administrator."""
    scope = unit_scope_for_user(user=user, action=STAFF_CHANGE)
    return scope.everywhere or scope.unit_ids().exists()


def units_for_user(*, user, action: str = STAFF_LIST) -> QuerySet:
    """The units where `user` may do `action`."""
    return unit_scope_for_user(user=user, action=action).filter(OrgUnit.objects.all(), "id")


def unit_get_for_user(*, user, unit_id: int, action: str = STAFF_LIST) -> OrgUnit | None:
    """One unit if `user` may see it, else None."""
    return units_for_user(user=user, action=action).filter(pk=unit_id).first()


def scope_ids_for_user(*, user, action: str, model) -> set[int] | None:
    """Ids of the objects of `model` on which `user` may do `action` (a proctor's room sessions, a board member's
    exams); None when he may do it on every object of the model (a grant everywhere, an administrator)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    roles = ACCESS.allowing(action)
    grants = [g for g in _grants_today(user) if g.role in roles]
    if any(g.unit_id is None and g.scope_type_id is None for g in grants):
        return None
    content_type = ContentType.objects.get_for_model(model)
    return {g.scope_id for g in grants if g.scope_type_id == content_type.pk}


def subtree_unit_ids_on(*, unit: OrgUnit, on: dt.date) -> QuerySet:
    """Ids of `unit` and every unit under it as the tree stood on date `on`."""
    root = OrgUnitVersion.objects.filter(in_force_q(on), unit=unit).values_list("path", flat=True).first()
    if root is None:
        return OrgUnitVersion.objects.none().values("unit_id")
    return OrgUnitVersion.objects.filter(in_force_q(on), path__startswith=root).values("unit_id")


def employee_queryset_for_user(*, user, action: str = STAFF_LIST) -> QuerySet:
    """Every staff record `user` may see as an HR officer (all statuses)."""
    return unit_scope_for_user(user=user, action=action).filter(
        Employee.objects.select_related("person", "unit", "rank")
    )


def employee_get_for_user(*, user, employee_id: int) -> Employee | None:
    """A staff record if `user` may see it (HR scope, or his own record), else None."""
    employee = employee_queryset_for_user(user=user).filter(pk=employee_id).first()
    if employee is None and user.is_authenticated and user.person_id:
        employee = (
            Employee.objects.select_related("person", "unit", "rank")
            .filter(pk=employee_id, person_id=user.person_id)
            .first()
        )
    return employee
