"""One demo login per role, each with its Grant rows; all share the demo password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType

from hrm.demo.units import department_code
from hrm.models import Employee, Grant, OrgUnit, Person, Role
from hrm.services.access import user_admin_access_sync

PASSWORD = "congvu2026"  # noqa: S105 - printed by demo_logins; demo databases only
STAFF_UNIT = f"{department_code('SNV')}-03"  # Phòng Công chức, viên chức
# The registry's logins: username, role, unit code (None: everywhere), superuser. Exams and training add their own
# roles' logins with demo_user_ensure from their demo loaders.
DEMO_USERS = [
    ("admin", Role.ADMIN, None, True),
    ("hr_province", Role.HR_OFFICER, "83", False),
    ("hr_snv", Role.HR_OFFICER, department_code("SNV"), False),
    ("hr_chau_thanh", Role.HR_OFFICER, "831", False),
    ("staff", None, None, False),
]


def _staff_person() -> Person | None:
    employee = Employee.objects.filter(unit__code=STAFF_UNIT, position="Chuyên viên").order_by("code").first()
    return employee.person if employee else None


def demo_user_ensure(username: str, *, grants: list[dict] = (), superuser: bool = False, person=None):
    """Create one demo login with the demo password (kept when it exists) and these grants (each a role with a unit, a
    scope object or neither); safe to run twice, and the user's sessions survive it."""
    user, created = get_user_model().objects.get_or_create(username=username)
    if created or not user.has_usable_password():
        # Only a new login gets the demo password: setting it again would change the hash and so end every
        # session of that user (Django ties sessions to it), and `make run` loads the demo at every start.
        user.password = make_password(PASSWORD)
    user.is_superuser, user.is_staff, user.is_active, user.person = superuser, superuser, True, person
    user.save()
    for grant in grants:
        Grant.objects.get_or_create(user=user, unit=grant.get("unit"), **_scope(grant.get("scope")), role=grant["role"])
    user_admin_access_sync(user=user)
    return user


def _scope(obj) -> dict:
    if obj is None:
        return {"scope_type": None, "scope_id": None}
    return {"scope_type": ContentType.objects.get_for_model(obj), "scope_id": obj.pk}


def demo_users_ensure() -> list:
    """Create or reset the registry's demo users (password, flags, grants, linked person); safe to run twice."""
    users = []
    for username, role, unit_code, superuser in DEMO_USERS:
        unit = OrgUnit.objects.get(code=unit_code) if unit_code else None
        grants = [{"role": role, "unit": unit}] if role is not None else []
        person = _staff_person() if username == "staff" else None
        users.append(demo_user_ensure(username, grants=grants, superuser=superuser, person=person))
    return users


def demo_login_rows(usernames: list[str]) -> list[dict]:
    """Username, role, scope and password of the demo users of `usernames` that exist, in that order."""
    rows = []
    users = get_user_model().objects.filter(username__in=usernames).select_related("person")
    for user in sorted(users, key=lambda u: usernames.index(u.username)):
        grants = list(Grant.objects.filter(user=user).select_related("unit", "scope_type"))
        roles = ", ".join(str(g.get_role_display()) for g in grants)
        scope = ", ".join(_where(g) for g in grants)
        if user.username == "staff" and user.person_id:
            roles, scope = str(Role.STAFF.label), f"own record: {user.person.full_name}"
        rows.append({"username": user.username, "role": roles, "scope": scope, "password": PASSWORD})
    return rows


def _where(grant) -> str:
    if grant.unit_id is not None:
        return grant.unit.name
    if grant.scope_type_id is not None:
        return str(grant.scope_type.get_object_for_this_type(pk=grant.scope_id))
    return "everywhere"


def demo_logins() -> list[dict]:
    """The registry's demo logins."""
    return demo_login_rows([u[0] for u in DEMO_USERS])
