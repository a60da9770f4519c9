from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from training.roles import declare

        declare()

        from common import registry

        registry.audit_models_register(app="training")
        registry.demo_loader_register(name="training", order=30, load=_demo_load, logins=_demo_logins)


def _demo_load() -> dict:
    from training.demo import demo_load

    return demo_load()


def _demo_logins() -> list[dict]:
    from training.demo import demo_logins

    return demo_logins()
