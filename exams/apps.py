from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = _("Exams")

    def ready(self):
        from common import registry

        registry.nav_register(
            url_name="exams:profiles",
            label=_("Exam regulations"),
            description=_("Exam structures and rules in force."),
            visible=_sees_regulations,
            group="exams",
            order=100,
        )
        registry.audit_models_register(app="exams")


def _sees_regulations(user) -> bool:
    from hrm.models import Role
    from hrm.permissions import has_any_role

    return has_any_role(user, {Role.ADMIN, Role.EXAM_BOARD, Role.PROCTOR, Role.GRADER})
