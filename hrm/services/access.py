"""Admin access that follows the roles: each role that needs the back office gets a group with the model
permissions its app declared (common.access), and a user gets the groups of the roles he holds today.

Object scoping stays in hrm.selectors (the admin's querysets and choices use it); these groups only grant
the model permissions Django's admin asks for.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from common.access import ACCESS, EVERY_ACTION
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
