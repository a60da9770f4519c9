"""The demo exam: one open recruitment exam, one shift, one room, and the demo candidate as a real principal.

Its access code is fixed (DEMO_ACCESS_CODE) so that `demo_logins` can print one that works: demo databases only.
Safe to run again: it finds what exists and issues the same code.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from exams import selectors
from exams.models import Candidate, Exam, RegulationProfile, Room, RoomSession, Shift
from exams.roles import ExamRole
from exams.services import candidate_access_code_issue, candidate_create
from exams.services.candidates import candidate_authenticate
from hrm.demo.users import demo_login_rows, demo_user_ensure
from hrm.models import Person

DEMO_EXAM_CODE = "DEMO-2026"
DEMO_CANDIDATE_NUMBER = "BT0001"
DEMO_ACCESS_CODE = "BT26CAND01"  # printed by demo_logins; never use a fixed code outside the demo


def candidate_person() -> Person:
    person, _created = Person.objects.get_or_create(
        cccd="083201004567",
        defaults={
            "full_name": "Phạm Minh Khoa",
            "date_of_birth": dt.date(2001, 4, 12),
            "sex": "male",
            "permanent_address": "Ấp 3, Xã Tân Thạch, Huyện Châu Thành, Tỉnh Bến Tre",
        },
    )
    return person


def _profile() -> RegulationProfile:
    found = selectors.profile_get_in_force(kind=RegulationProfile.Kind.RECRUITMENT, staff_type="cong_chuc")
    return found or RegulationProfile.objects.filter(kind=RegulationProfile.Kind.RECRUITMENT).first()


def _room_session(exam: Exam) -> RoomSession:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    starts_at = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(8, 0)))
    shift, _c = Shift.objects.get_or_create(
        exam=exam, name="Ca 1", defaults={"starts_at": starts_at, "duration_minutes": 60}
    )
    room, _c = Room.objects.get_or_create(exam=exam, name="Phòng 01", defaults={"capacity": 30})
    return RoomSession.objects.get_or_create(shift=shift, room=room)[0]


@transaction.atomic
def demo_load() -> str:
    """Create (or find) the demo exam and its candidate, and issue the demo access code again."""
    exam, _created = Exam.objects.get_or_create(
        code=DEMO_EXAM_CODE,
        defaults={
            "name": "Thi tuyển công chức tỉnh Bến Tre (demo)",
            "kind": Exam.Kind.RECRUITMENT,
            "profile": _profile(),
            "status": Exam.Status.OPEN,
        },
    )
    session = _room_session(exam)
    person = candidate_person()
    candidate = Candidate.objects.filter(exam=exam, person=person).first() or candidate_create(
        exam=exam, person=person, candidate_number=DEMO_CANDIDATE_NUMBER, room_session=session, seat="01"
    )
    valid_until = timezone.now() + dt.timedelta(days=365)
    candidate_access_code_issue(candidate=candidate, code=DEMO_ACCESS_CODE, valid_until=valid_until)
    _exam_users(exam=exam, session=session)
    return f"{exam.code}, candidate {candidate.candidate_number}"


# The exam roles' demo logins: a board member of every exam, a proctor of the demo room session only, a grader of
# the demo exam only (so a tester sees the scopes at work).
EXAM_USERS = ["exam_board", "proctor", "grader"]


def _exam_users(*, exam: Exam, session: RoomSession) -> None:
    demo_user_ensure("exam_board", grants=[{"role": ExamRole.EXAM_BOARD}])
    demo_user_ensure("proctor", grants=[{"role": ExamRole.PROCTOR, "scope": session}])
    demo_user_ensure("grader", grants=[{"role": ExamRole.GRADER, "scope": exam}])


def demo_logins() -> list[dict]:
    """The exam roles' demo logins, then the demo candidate (number and access code, at /exams/login/)."""
    rows = demo_login_rows(EXAM_USERS)
    for row in demo_candidate_logins():
        rows.append(
            {
                "username": f"{row['candidate_number']} (/exams/login/)",
                "role": str(ExamRole.CANDIDATE.label),
                "scope": f"{row['exam']}: {row['name']}",
                "password": f"{row['access_code']} (access code)",
            }
        )
    return rows


def demo_candidate_logins() -> list[dict]:
    """The demo candidate's number and access code, only while that code still logs him in."""
    candidate = candidate_authenticate(number=DEMO_CANDIDATE_NUMBER, code=DEMO_ACCESS_CODE, exam_code=DEMO_EXAM_CODE)
    if candidate is None:
        return []
    return [
        {
            "exam": candidate.exam.code,
            "candidate_number": candidate.candidate_number,
            "access_code": DEMO_ACCESS_CODE,
            "name": candidate.person.full_name,
        }
    ]
