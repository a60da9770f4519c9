"""The trainer's demo login (courses and classes come with the training issue)."""

from hrm.demo.users import demo_login_rows, demo_user_ensure
from training.roles import TrainingRole


def demo_load() -> dict:
    """Create or reset the trainer's demo login; safe to run twice."""
    demo_user_ensure("trainer", grants=[{"role": TrainingRole.TRAINER}])
    return {}


def demo_logins() -> list[dict]:
    return demo_login_rows(["trainer"])
