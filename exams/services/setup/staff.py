"""An exam's staff: board members and graders of the exam, proctors of its room sessions.

Each is a role grant of hrm (effective-dated, audited on the exam's trail, admin groups kept in step) given and
ended through hrm's grant services. A proctor then sees only his room sessions. A candidate's own login never
gets a staff role. Fewer than two proctors in a room is the usual rule's warning, not a refusal.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Exam, RoomSession
from exams.roles import ExamRole
from exams.services.setup.exams import exam_ensure_editable
from hrm.models import Grant
from hrm.services.access import grant_create, grant_end

STAFF_ROLES = (ExamRole.EXAM_BOARD, ExamRole.PROCTOR, ExamRole.GRADER)


def _scope(*, exam: Exam, role: str, room_session: RoomSession | None):
    if role not in STAFF_ROLES:
        raise ApplicationError(_("Choose board member, proctor or grader."), field="role")
    if role != ExamRole.PROCTOR:
        return exam
    if room_session is None:
        raise ApplicationError(_("A proctor is assigned to a room session."), field="room_session")
    if room_session.shift.exam_id != exam.pk:
        raise ApplicationError(_("This room session belongs to another exam."), field="room_session")
    return room_session


@transaction.atomic
def exam_staff_assign(
    *,
    exam: Exam,
    actor,
    user,
    role: str,
    room_session: RoomSession | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Grant:
    """Make `user` a board member or grader of `exam`, or a proctor of one of its room sessions, from `valid_from`
    (today) until the day before `valid_to`; refused for a candidate's login, an inactive user or the same role
    twice; audited on the exam's trail."""
    exam_ensure_editable(exam=exam)
    scope = _scope(exam=exam, role=role, room_session=room_session)
    if not user.is_active:
        raise ApplicationError(_("This login is disabled."), field="user")
    if hasattr(user, "candidate"):
        raise ApplicationError(_("A candidate's login cannot be given a role on an exam."), field="user")
    return grant_create(
        user=user, role=role, actor=actor, scope=scope, valid_from=valid_from, valid_to=valid_to, audit_scope=exam
    )


@transaction.atomic
def exam_staff_remove(*, exam: Exam, grant: Grant, actor, on: dt.date | None = None) -> Grant | None:
    """End a staff grant of `exam` today (a grant not yet started is deleted); audited on the exam's trail."""
    exam_ensure_editable(exam=exam)
    return grant_end(grant=grant, actor=actor, on=on, audit_scope=exam)
