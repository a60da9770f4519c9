from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self):
        # One chokepoint for typed text in forms, the admin and the API (see common/text.py for why and what).
        from common.text import install

        install()
