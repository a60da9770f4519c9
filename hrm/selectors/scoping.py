"""Reads of the registry, each filtered by what the requesting user may see.

The access layer every app reuses. `may(user, action, obj)` is the one role check: scope-aware, it answers
whether a grant in force today of a role that allows `action` (common.access) covers `obj` — everywhere, the
unit subtree the object lies in, the object itself (a room session, an exam), or one's own record. Lists use
`unit_ids_for_user` (unit subtrees) and `scope_ids_for_user` (objects a role is granted on).
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from common.access import ACCESS, Scope
from common.dated import in_force_q
from hrm.models import Employee, Grant, OrgUnit, OrgUnitVersion, Role

ALL = None  # unit_ids_for_user returns ALL for users who see every unit


def _grants(user, on: dt.date | None = None) -> QuerySet:
    return Grant.objects.in_force(on).filter(user=user)


def _grants_today(user) -> list[Grant]:
    """The user's grants in force today with their unit's path, read once per request (cached on the user)."""
    cached = getattr(user, "_congvu_grants", None)
    if cached is None:
        cached = list(_grants(user).select_related("unit", "scope_type"))
        user._congvu_grants = cached
    return cached


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
    return user.is_authenticated and (user.is_superuser or Role.ADMIN in user_roles(user=user))


def unit_ids_for_user(*, user, role: str = Role.HR_OFFICER) -> QuerySet | None:
    """Ids of the units (today's tree) whose data `user` may see in `role`; ALL for administrators.

    A grant on a unit covers that unit and every unit under it, including units moved under it later.
    """
    if is_province_admin(user):
        return ALL
    roots = list(
        _grants(user).filter(role=role, unit__isnull=False).values_list("unit__path", flat=True)
    )
    if not roots:
        return OrgUnit.objects.none().values("id")
    q = Q()
    for path in roots:
        q |= Q(path__startswith=path)
    return OrgUnit.objects.filter(q).values("id")


def user_has_hr_scope(*, user) -> bool:
    """Whether `user` manages staff somewhere: an HR officer with at least one unit, or a province administrator."""
    if user is None or not user.is_authenticated:
        return False
    ids = unit_ids_for_user(user=user)
    return ids is ALL or ids.exists()


def units_for_user(*, user, role: str = Role.HR_OFFICER) -> QuerySet:
    """The units `user` may see in `role`, today's tree order."""
    ids = unit_ids_for_user(user=user, role=role)
    units = OrgUnit.objects.all()
    return units if ids is ALL else units.filter(id__in=ids)


def unit_get_for_user(*, user, unit_id: int, role: str = Role.HR_OFFICER) -> OrgUnit | None:
    """One unit if `user` may see it, else None."""
    return units_for_user(user=user, role=role).filter(pk=unit_id).first()


def scope_ids_for_user(*, user, role: str, model) -> set[int]:
    """Ids of the objects of `model` on which `user` holds `role` (proctor → room sessions, ...)."""
    content_type = ContentType.objects.get_for_model(model)
    return set(_grants(user).filter(role=role, scope_type=content_type).values_list("scope_id", flat=True))


def subtree_unit_ids_on(*, unit: OrgUnit, on: dt.date) -> QuerySet:
    """Ids of `unit` and every unit under it as the tree stood on date `on`."""
    root = OrgUnitVersion.objects.filter(in_force_q(on), unit=unit).values_list("path", flat=True).first()
    if root is None:
        return OrgUnitVersion.objects.none().values("unit_id")
    return OrgUnitVersion.objects.filter(in_force_q(on), path__startswith=root).values("unit_id")


def employee_queryset_for_user(*, user) -> QuerySet:
    """Every staff record `user` may see as an HR officer (all statuses)."""
    ids = unit_ids_for_user(user=user)
    qs = Employee.objects.select_related("person", "unit", "rank")
    return qs if ids is ALL else qs.filter(unit_id__in=ids)


def employee_get_for_user(*, user, employee_id: int) -> Employee | None:
    """A staff record if `user` may see it (HR scope, or his own record), else None."""
    employee = employee_queryset_for_user(user=user).filter(pk=employee_id).first()
    if employee is None and user.is_authenticated and user.person_id:
        employee = Employee.objects.select_related("person", "unit", "rank").filter(
            pk=employee_id, person_id=user.person_id
        ).first()
    return employee
