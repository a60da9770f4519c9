from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

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
