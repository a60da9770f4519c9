"""Admin access that follows the roles: each role that needs the back office gets a group with the model
permissions its app declared (common.access), and a user gets the groups of the roles he holds today.

Object scoping stays in hrm.selectors (the admin's querysets and choices use it); these groups only grant
the model permissions Django's admin asks for.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.access import ACCESS, EVERY_ACTION
from common.dated import overlaps_q
from common.services import audit_record, snapshot
from hrm.models import Grant

LEGACY_GROUPS = ("HR officers", "Exam board")  # the groups' names before roles declared their own


def role_groups_sync(**kwargs) -> None:
    """Create each role's admin group with its model permissions (runs after every migrate; safe to repeat)."""
    for role in ACCESS.roles():
        if not role.admin_group:
            continue
        group, _created = Group.objects.get_or_create(name=role.admin_group)
        wanted = Q(pk__in=[])
        for app_label, model_names, actions in role.admin_permissions:
            codenames = [f"{action}_{model}" for model in model_names for action in actions]
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted))
    Group.objects.filter(name__in=LEGACY_GROUPS).delete()


def user_admin_access_sync(*, user) -> None:
    """Give `user` the admin groups of the roles he holds today (all of them for administrators), and staff status
    if he has any."""
    codes = set(Grant.objects.in_force().filter(user=user).values_list("role", flat=True))
    roles = [ACCESS.get(code) for code in codes if ACCESS.get(code)]
    admin = user.is_superuser or any(EVERY_ACTION in role.actions for role in roles)
    all_groups = {role.admin_group for role in ACCESS.roles() if role.admin_group}
    wanted = all_groups if admin else {role.admin_group for role in roles if role.admin_group}
    groups = Group.objects.filter(name__in=all_groups)
    user.groups.remove(*[g for g in groups if g.name not in wanted])
    user.groups.add(*[g for g in groups if g.name in wanted])
    if user.is_staff != (admin or bool(wanted)):
        user.is_staff = admin or bool(wanted)
        user.save(update_fields=["is_staff"])


# --- Grants: giving and ending a role (the exam board's staff pages, the admin) -------------------
def _grant_scope(scope) -> dict:
    if scope is None:
        return {"scope_type": None, "scope_id": None}
    return {"scope_type": ContentType.objects.get_for_model(scope), "scope_id": scope.pk}


def grant_create(
    *,
    user,
    role: str,
    actor,
    unit=None,
    scope=None,
    valid_from=None,
    valid_to=None,
    audit_scope=None,
    note: str = "",
) -> Grant:
    """Give `user` a role from `valid_from` (today by default): everywhere, on a unit subtree or on one object.

    Refused (ValidationError naming the field) when the role cannot be held with that scope, the period is empty,
    or the same grant already runs in that period; audited (on `audit_scope`'s part of the trail) and the user's
    admin groups follow."""
    grant = Grant(user=user, role=role, unit=unit, granted_by=actor, **_grant_scope(scope))
    grant.valid_from, grant.valid_to = valid_from or timezone.localdate(), valid_to
    grant.full_clean(exclude=["user", "granted_by"])
    same = Grant.objects.filter(user=user, role=role, unit=unit, **_grant_scope(scope))
    if same.filter(overlaps_q(grant.valid_from, grant.valid_to)).exists():
        raise ValidationError({"user": _("This person already holds this role here in that period.")})
    with transaction.atomic():
        grant.save()
        audit_record(actor=actor, action="create", obj=grant, after=snapshot(grant), scope=audit_scope, note=note)
    user_admin_access_sync(user=user)
    return grant


def grant_end(*, grant: Grant, actor, on=None, audit_scope=None, note: str = "") -> Grant | None:
    """End `grant` on `on` (today by default): it no longer applies from that day. A grant that has not started by
    then is deleted (None is returned); audited, and the user's admin groups follow."""
    on = on or timezone.localdate()
    before = snapshot(grant)
    with transaction.atomic():
        if grant.valid_from >= on:
            grant.delete()
            audit_record(
                actor=actor,
                action="delete",
                model="hrm.grant",
                object_id=str(before["id"]),
                object_repr=str(grant)[:255],
                before=before,
                scope=audit_scope,
                note=note,
            )
            result = None
        else:
            if grant.valid_to is None or grant.valid_to > on:
                grant.valid_to = on
                grant.save(update_fields=["valid_to"])
            audit_record(
                actor=actor,
                action="update",
                obj=grant,
                before=before,
                after=snapshot(grant),
                scope=audit_scope,
                note=note,
            )
            result = grant
    user_admin_access_sync(user=grant.user)
    return result
