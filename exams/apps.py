from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = _("Exams")

    def ready(self):
        from exams.roles import declare

        declare()

        from common import registry

        registry.nav_register(
            url_name="exams:profiles",
            label=_("Exam regulations"),
            description=_("Exam structures and rules in force."),
            visible=_sees_regulations,
            group="exams",
            order=100,
        )
        registry.audit_models_register(app="exams")
        # Entries written with scope=exam or scope=room session: read by who may manage, proctor or watch it.
        from exams import selectors
        from exams.models import Exam, RoomSession

        registry.audit_scope_register(model=Exam, visible=lambda user: selectors.exam_list_for_user(user=user))
        registry.audit_scope_register(
            model=RoomSession, visible=lambda user: selectors.room_session_list_for_user(user=user)
        )
        registry.demo_loader_register(name="exams", order=20, load=_demo_load, logins=_demo_logins)
        registry.demo_loader_register(name="exams.papers", order=24, load=_demo_papers_load)


def _demo_load() -> dict:
    from exams.demo import demo_load

    return {"demo exam": demo_load()}


def _demo_papers_load() -> dict:
    from exams.demo_papers import demo_papers_load

    made = demo_papers_load()
    return {"demo papers": made} if made else {}


def _demo_logins() -> list[dict]:
    from exams.demo import demo_logins

    return demo_logins()


def _sees_regulations(user) -> bool:
    from exams.permissions import can_read_exam_rules

    return can_read_exam_rules(user)
