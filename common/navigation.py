"""The role-aware menu: each module shows itself to the roles that use it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exams.roles import ExamRole
from hrm.models import Role
from hrm.selectors import user_roles
from training.roles import TrainingRole

# (url name, label, roles that see it; None = every signed-in user)
MENU = [
    ("hrm:staff-list", _("Staff registry"), {Role.ADMIN, Role.HR_OFFICER}),
    ("hrm:units", _("Organisation units"), {Role.ADMIN, Role.HR_OFFICER}),
    ("hrm:dashboard", _("HR dashboard"), {Role.ADMIN, Role.HR_OFFICER}),
    ("hrm:report", _("Quantity and quality report"), {Role.ADMIN, Role.HR_OFFICER}),
    ("hrm:reminders", _("Reminders"), {Role.ADMIN, Role.HR_OFFICER}),
    ("hrm:import", _("Import staff"), {Role.ADMIN, Role.HR_OFFICER}),
    ("hrm:my-record", _("My record"), {Role.STAFF}),
    ("exams:profiles", _("Exam regulations"), {Role.ADMIN, ExamRole.EXAM_BOARD, ExamRole.PROCTOR, ExamRole.GRADER}),
    ("skills:standard", _("IT-skill standard"), {Role.ADMIN, TrainingRole.TRAINER, Role.HR_OFFICER}),
    ("common:job-list", _("My background jobs"), {Role.ADMIN, Role.HR_OFFICER}),
    ("common:audit", _("Audit trail"), {Role.ADMIN, Role.HR_OFFICER}),
]


def menu_for(user) -> list[dict]:
    roles = user_roles(user=user)
    items = []
    for url_name, label, allowed in MENU:
        if user.is_superuser or allowed is None or roles & allowed:
            items.append({"url": reverse(url_name), "label": label, "name": url_name})
    return items
