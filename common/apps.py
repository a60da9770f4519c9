from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Audit and jobs")

    def ready(self):
        from common.signals import revoke_api_tokens_on_password_change

        post_save.connect(
            revoke_api_tokens_on_password_change,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="common.revoke_api_tokens_on_password_change",
        )
        # One chokepoint for typed text in forms, the admin and the API (see common/text.py for why and what).
        from common.text import install

        install()
        # common's own pages: the apps say which of their roles use them (common.access: ACCESS.allow).
        from common import registry
        from common.access import ACCESS, AUDIT_VIEW, JOBS_VIEW

        registry.nav_register(
            url_name="common:job-list",
            label=_("My background jobs"),
            description=_("Imports and exports running or done."),
            visible=lambda user: ACCESS.may(user, JOBS_VIEW),
            group="common",
            order=900,
        )
        registry.nav_register(
            url_name="common:audit",
            label=_("Audit trail"),
            description=_("Who changed what, and when."),
            visible=lambda user: ACCESS.may(user, AUDIT_VIEW),
            group="common",
            order=910,
        )
        registry.audit_models_register(app="common")
