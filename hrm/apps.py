from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HrmConfig(AppConfig):
    name = "hrm"
    verbose_name = _("Staff registry")

    def ready(self):
        from hrm.access import declare
        from hrm.services.access import role_groups_sync

        declare()

        # After every app's migrate (not only hrm's): a role's group also holds permissions of later apps.
        post_migrate.connect(role_groups_sync, dispatch_uid="hrm.role_groups_sync")
        # Menu, home tiles, audit trail scoping and demo data: what hrm gives to common (common names no app).
        from hrm.contributions import register

        register()
