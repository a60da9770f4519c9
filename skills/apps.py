from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "skills"
    verbose_name = _("IT skills")

    def ready(self):
        from common import registry

        registry.nav_register(
            url_name="skills:standard",
            label=_("IT-skill standard"),
            description=_("The IT skill standard and its levels."),
            visible=_sees_standard,
            group="skills",
            order=200,
        )
        registry.audit_models_register(app="skills")


def _sees_standard(user) -> bool:
    from hrm.models import Role
    from hrm.permissions import has_any_role

    return has_any_role(user, {Role.ADMIN, Role.TRAINER, Role.HR_OFFICER})
