"""One demo login per role, each with its Grant rows; all share the demo password."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from hrm.demo.units import department_code
from hrm.models import Employee, Grant, OrgUnit, Person, Role
from hrm.services.access import user_admin_access_sync

PASSWORD = "congvu2026"  # noqa: S105 - printed by demo_logins; demo databases only
STAFF_UNIT = f"{department_code('SNV')}-03"  # Phòng Công chức, viên chức
# username, role, unit code (None: everywhere), superuser
DEMO_USERS = [
    ("admin", Role.ADMIN, None, True),
    ("hr_province", Role.HR_OFFICER, "83", False),
    ("hr_snv", Role.HR_OFFICER, department_code("SNV"), False),
    ("hr_chau_thanh", Role.HR_OFFICER, "831", False),
    ("exam_board", "exam_board", None, False),
    ("proctor", "proctor", None, False),
    ("grader", "grader", None, False),
    ("trainer", "trainer", None, False),
    ("candidate", "candidate", None, False),
    ("staff", None, None, False),
]


def _staff_person() -> Person | None:
    employee = Employee.objects.filter(unit__code=STAFF_UNIT, position="Chuyên viên").order_by("code").first()
    return employee.person if employee else None


def candidate_person() -> Person:
    person, _created = Person.objects.get_or_create(
        cccd="083201004567",
        defaults={
            "full_name": "Phạm Minh Khoa",
            "date_of_birth": dt.date(2001, 4, 12),
            "sex": "male",
            "permanent_address": "Ấp 3, Xã Tân Thạch, Huyện Châu Thành, Tỉnh Bến Tre",
        },
    )
    return person


def demo_users_ensure() -> list:
    """Create or reset the demo users (password, flags, grants, linked person); safe to run twice."""
    User = get_user_model()
    hashed = make_password(PASSWORD)
    users = []
    for username, role, unit_code, superuser in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.password, user.is_superuser, user.is_staff, user.is_active = hashed, superuser, superuser, True
        if username == "staff":
            user.person = _staff_person()
        elif username == "candidate":
            user.person = candidate_person()
        user.save()
        if role is not None:
            unit = OrgUnit.objects.get(code=unit_code) if unit_code else None
            Grant.objects.get_or_create(user=user, role=role, unit=unit, scope_type=None, scope_id=None)
        user_admin_access_sync(user=user)
        users.append(user)
    return users


def demo_logins() -> list[dict]:
    """Username, role, scope and password of each demo user that exists."""
    User = get_user_model()
    rows = []
    for user in User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).select_related("person"):
        grants = list(Grant.objects.filter(user=user).select_related("unit"))
        roles = ", ".join(g.get_role_display() for g in grants) or ""
        scope = ", ".join(g.unit.name if g.unit else "everywhere" for g in grants)
        if user.username == "staff" and user.person_id:
            roles, scope = str(Role.STAFF.label), f"own record: {user.person.full_name}"
        rows.append({"username": user.username, "role": str(roles), "scope": scope, "password": PASSWORD})
    order = [u[0] for u in DEMO_USERS]
    return sorted(rows, key=lambda r: order.index(r["username"]))
