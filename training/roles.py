"""The training roles (declared to common.access when the app is ready) and what they allow."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.access import ACCESS, RoleDef
from skills.permissions import STANDARD_VIEW

COURSE_TEACH = "training.course.teach"  # run courses, track modules and certificates


class TrainingRole(models.TextChoices):
    TRAINER = "trainer", _("Trainer")


def declare() -> None:
    """Declare the trainer: everywhere for now (classes come with the training issue)."""
    ACCESS.role(
        RoleDef(TrainingRole.TRAINER, TrainingRole.TRAINER.label, "training", actions={COURSE_TEACH, STANDARD_VIEW})
    )
