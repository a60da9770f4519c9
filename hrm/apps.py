from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrmConfig(AppConfig):
    name = "hrm"
    verbose_name = _("Staff registry")
