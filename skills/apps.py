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
