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
