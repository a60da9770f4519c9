from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "skills"
    verbose_name = _("IT skills")

    def ready(self):
        from common.access import ACCESS
        from hrm.models import Role
        from skills.permissions import STANDARD_VIEW

        ACCESS.allow(Role.HR_OFFICER, STANDARD_VIEW)  # HR officers check who meets the standard

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
    from skills.permissions import can_read_it_standard

    return can_read_it_standard(user)
