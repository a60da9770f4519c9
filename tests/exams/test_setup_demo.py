import pytest

from exams.demo import demo_load
from exams.demo_setup import demo_setup_load
from exams.models import Exam, Part, Position, Room, RoomSession, Shift
from hrm.models import Grant

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Position, Part, Room, Shift, RoomSession, Grant)]


def test_the_demo_exam_setup_loads_twice_the_same():
    demo_load()
    demo_setup_load()
    first = _counts()
    demo_setup_load()
    assert _counts() == first
    exam = Exam.objects.get(code="DEMO-2026")
    assert list(exam.parts.order_by("round", "order").values_list("key", flat=True)) == [
        "general",
        "language",
        "written",
    ]
    assert (exam.rooms.count(), exam.shifts.count(), RoomSession.objects.filter(shift__exam=exam).count()) == (3, 2, 6)
    first_shift = exam.shifts.get(name="Ca 1")
    assert first_shift.duration_minutes == 90  # general 60 + the language test of its position 30
    assert Grant.objects.filter(role="proctor").count() == 12  # two per room session
