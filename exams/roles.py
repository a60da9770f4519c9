"""The exam roles (declared to common.access when the app is ready) and what they allow."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.access import ACCESS, AUDIT_VIEW, RoleDef, Scope

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
            # a board of one exam, or of one question bank (items are confidential to the bank's board)
            scopes=everywhere_or_exam | {"exams.questionbank"},
            actions={RULES_VIEW, EXAM_MANAGE, SESSION_WATCH, AUDIT_VIEW},
            admin_permissions=[
                ("exams", ["regulationprofile", "prioritycategory"], ["view", "add", "change"]),
                # the exam setup, read-only in the admin (exams.admin.ExamSetupAdminMixin): changes go through pages
                ("exams", ["exam", "position", "part", "room", "shift", "roomsession", "exemptionground"], ["view"]),
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
            actions={RULES_VIEW, SESSION_PROCTOR, AUDIT_VIEW},
        )
    )
    ACCESS.role(
        RoleDef(
            ExamRole.GRADER,
            ExamRole.GRADER.label,
            "exams",
            scopes=everywhere_or_exam,
            actions={RULES_VIEW, ATTEMPT_GRADE},
        )
    )
    ACCESS.role(
        RoleDef(
            ExamRole.CANDIDATE,
            ExamRole.CANDIDATE.label,
            "exams",
            scopes=frozenset({"exams.exam"}),
            actions={ATTEMPT_TAKE},
            own_only=True,
        )
    )
    ACCESS.scopes_of_model("exams.exam", lambda exam: [Scope.object(exam)])
    ACCESS.scopes_of_model("exams.shift", lambda shift: [Scope.object(shift), Scope.of("exams.exam", shift.exam_id)])
    ACCESS.scopes_of_model("exams.room", lambda room: [Scope.object(room), Scope.of("exams.exam", room.exam_id)])
    ACCESS.scopes_of_model("exams.roomsession", _room_session_scopes)
    ACCESS.scopes_of_model("exams.candidate", _candidate_scopes)
    ACCESS.scopes_of_model("exams.questionbank", lambda bank: [Scope.object(bank)])
    ACCESS.scopes_of_model("exams.item", lambda item: [Scope.of("exams.questionbank", item.bank_id)])


def _room_session_scopes(session):
    shift = session.shift
    return [Scope.object(session), Scope.of("exams.shift", shift.pk), Scope.of("exams.exam", shift.exam_id)]


def _candidate_scopes(candidate):
    scopes = [Scope.object(candidate), Scope.user(candidate.user_id), Scope.of("exams.exam", candidate.exam_id)]
    if candidate.room_session_id is not None:
        scopes.append(Scope.of("exams.roomsession", candidate.room_session_id))
    return scopes
