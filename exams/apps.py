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
        registry.nav_register(
            url_name="exams:exam-list",
            label=_("Examinations"),
            description=_("Exams: positions, parts, rooms, shifts and staff."),
            visible=_manages_exams,
            group="exams",
            order=105,
        )
        registry.nav_register(
            url_name="exams:banks",
            label=_("Question banks"),
            description=_(
                "Questions, topics, review and approval; import and export (GIFT, Aiken, Moodle XML, Excel)."
            ),
            visible=_sees_banks,
            group="exams",
            order=110,
        )
        registry.nav_register(
            url_name="exams:proctor-rooms",
            label=_("My exam rooms"),
            description=_("The rooms and shifts you proctor, with each room's list of candidates."),
            visible=_proctors,
            group="exams",
            order=115,
        )
        registry.nav_register(
            url_name="exams:grader-exams",
            label=_("My scripts"),
            description=_("The anonymous scripts given to you to mark, exam by exam."),
            visible=_grades,
            group="exams",
            order=116,
        )
        registry.audit_models_register(app="exams", field_fallback={"exams.review": ("exams.mark",)})
        registry.audit_actions_register(
            actions={
                "scripts": _("Scripts made"),
                "assign": _("Scripts assigned"),
                "mark": _("Mark given"),
                "third": _("Sent to a third grader"),
                "grade": _("Graded"),
                "review": _("Review requested"),
                "review_decide": _("Review decided"),
            }
        )
        # Entries written with scope=exam or scope=room session: read by who may manage, proctor or watch it.
        from exams import selectors
        from exams.models import Exam, RoomSession

        registry.audit_scope_register(model=Exam, visible=lambda user: selectors.exam_list_for_user(user=user))
        from exams.models import QuestionBank

        registry.audit_scope_register(model=QuestionBank, visible=lambda user: selectors.bank_list_for_user(user=user))
        registry.audit_scope_register(
            model=RoomSession, visible=lambda user: selectors.room_session_list_for_user(user=user)
        )
        from exams.selectors import item_facility_source_register
        from exams.services.grading.analysis import item_facility_latest

        item_facility_source_register(item_facility_latest)
        registry.demo_loader_register(name="exams", order=20, load=_demo_load, logins=_demo_logins)
        registry.demo_loader_register(name="exams-setup", order=22, load=_demo_setup_load)
        registry.demo_loader_register(name="exams.banks", order=21, load=_demo_banks_load, logins=_demo_banks_logins)
        registry.demo_loader_register(name="exams-candidates", order=23, load=_demo_candidates_load)
        registry.demo_loader_register(name="exams.papers", order=24, load=_demo_papers_load)


def _demo_load() -> dict:
    from exams.demo import demo_load

    return {"demo exam": demo_load()}


def _demo_banks_load() -> dict:
    from exams.demo_banks import demo_banks_load

    return demo_banks_load()


def _demo_banks_logins() -> list[dict]:
    from exams.demo_banks import demo_banks_logins

    return demo_banks_logins()


def _sees_banks(user) -> bool:
    from exams.selectors import user_has_banks

    return user_has_banks(user)


def _demo_candidates_load() -> dict:
    from exams.demo_candidates import demo_load

    return {"demo candidates": demo_load()}


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


def _proctors(user) -> bool:
    from exams.selectors import user_proctors

    return user_proctors(user=user)


def _grades(user) -> bool:
    from exams.selectors.grading import user_grades

    return user_grades(user=user)


def _manages_exams(user) -> bool:
    from exams.selectors import user_manages_exams

    return user_manages_exams(user=user)


def _demo_setup_load() -> dict:
    from exams.demo_setup import demo_setup_load

    return {"demo exam setup": demo_setup_load()}
