"""Admin access that follows the roles: HR officers and exam-board members get the back office they need.

Object scoping stays in hrm.selectors (the admin's querysets and choices use it); these groups only grant
the model permissions Django's admin asks for.
"""

from django.contrib.auth.models import Group, Permission

from hrm.models import Grant, Role

HR_GROUP = "HR officers"
EXAM_GROUP = "Exam board"
# (group, app label, models, actions)
GROUP_PERMISSIONS = [
    (HR_GROUP, "hrm", ["person", "employee", "assignment", "salaryrecord", "qualification", "reward",
                       "discipline", "annualrating", "familymember", "careerentry"], ["view", "add", "change"]),
    (HR_GROUP, "hrm", ["orgunit", "orgunitversion", "rank", "rankgroup", "salarygroup", "basesalary",
                       "retirementage", "disciplineform", "ratinglevel", "reminder", "staffquota"], ["view"]),
    (EXAM_GROUP, "exams", ["regulationprofile", "prioritycategory"], ["view", "add", "change"]),
    (EXAM_GROUP, "skills", ["itstandard", "itmodule", "itskillitem"], ["view"]),
]
ROLE_GROUPS = {Role.HR_OFFICER: HR_GROUP, Role.EXAM_BOARD: EXAM_GROUP}


def role_groups_sync(**kwargs) -> None:
    """Create the role groups with their model permissions (runs after every migrate; safe to repeat)."""
    for group_name, app_label, model_names, actions in GROUP_PERMISSIONS:
        group, _created = Group.objects.get_or_create(name=group_name)
        codenames = [f"{action}_{model}" for model in model_names for action in actions]
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def user_admin_access_sync(*, user) -> None:
    """Give `user` the admin groups of the roles he holds now, and staff status if he has any."""
    roles = set(Grant.objects.filter(user=user, valid_to__isnull=True).values_list("role", flat=True))
    wanted = set(ROLE_GROUPS.values()) if Role.ADMIN in roles else {ROLE_GROUPS[r] for r in roles if r in ROLE_GROUPS}
    groups = Group.objects.filter(name__in=ROLE_GROUPS.values())
    user.groups.remove(*[g for g in groups if g.name not in wanted])
    user.groups.add(*[g for g in groups if g.name in wanted])
    admin = user.is_superuser or Role.ADMIN in roles
    if user.is_staff != (admin or bool(wanted)):
        user.is_staff = admin or bool(wanted)
        user.save(update_fields=["is_staff"])
