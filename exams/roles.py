"""The exam roles (declared to common.access when the app is ready) and what they allow."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.access import ACCESS, RoleDef

RULES_VIEW = "exams.rules.view"  # regulation profiles and priority categories
EXAM_MANAGE = "exams.exam.manage"  # banks, papers, exam setup, candidates, seating, results
SESSION_WATCH = "exams.session.watch"  # the board's view of every room of a shift
SESSION_PROCTOR = "exams.session.proctor"  # a room's live console and commands
ATTEMPT_GRADE = "exams.attempt.grade"
ATTEMPT_TAKE = "exams.attempt.take"


class ExamRole(models.TextChoices):
    EXAM_BOARD = "exam_board", _("Exam board member")
    PROCTOR = "proctor", _("Proctor")
    GRADER = "grader", _("Grader")
    CANDIDATE = "candidate", _("Candidate")


def declare() -> None:
    """Declare the exam roles: a board member of every exam or of one, a proctor of a room session, a grader of an
    exam, a candidate of an exam."""
    everywhere_or_exam = frozenset({"everywhere", "exams.exam"})
    ACCESS.role(
        RoleDef(
            ExamRole.EXAM_BOARD,
            ExamRole.EXAM_BOARD.label,
            "exams",
            scopes=everywhere_or_exam,
            actions={RULES_VIEW, EXAM_MANAGE, SESSION_WATCH},
            admin_permissions=[
                ("exams", ["regulationprofile", "prioritycategory"], ["view", "add", "change"]),
                ("skills", ["itstandard", "itmodule", "itskillitem"], ["view"]),
            ],
        )
    )
    ACCESS.role(
        RoleDef(
            ExamRole.PROCTOR,
            ExamRole.PROCTOR.label,
            "exams",
            scopes=frozenset({"everywhere", "exams.roomsession"}),
            actions={RULES_VIEW, SESSION_PROCTOR},
        )
    )
    ACCESS.role(
        RoleDef(ExamRole.GRADER, ExamRole.GRADER.label, "exams", scopes=everywhere_or_exam,
                actions={RULES_VIEW, ATTEMPT_GRADE})
    )
    ACCESS.role(
        RoleDef(ExamRole.CANDIDATE, ExamRole.CANDIDATE.label, "exams", scopes=everywhere_or_exam,
                actions={ATTEMPT_TAKE})
    )
