"""The demo exam: one open recruitment exam, one shift, one room, and the demo candidate as a real principal.

Its access code is fixed (DEMO_ACCESS_CODE) so that `demo_logins` can print one that works: demo databases only.
Safe to run again: it finds what exists and issues the same code.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from exams import selectors
from exams.models import Candidate, Exam, RegulationProfile, Room, RoomSession, Shift
from exams.services import candidate_access_code_issue, candidate_create
from exams.services.candidates import candidate_authenticate
from hrm.demo.users import candidate_person

DEMO_EXAM_CODE = "DEMO-2026"
DEMO_CANDIDATE_NUMBER = "BT0001"
DEMO_ACCESS_CODE = "BT26CAND01"  # printed by demo_logins; never use a fixed code outside the demo


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
    return f"{exam.code}, candidate {candidate.candidate_number}"


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
