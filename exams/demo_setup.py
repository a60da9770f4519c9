"""The demo exam's setup (order 22, after the banks' demo): an organising agency, two positions with quotas in two
agencies, the parts of its profile (with the banks' demo general-knowledge bank when there is one), three rooms,
two shifts, every room in every shift, and two proctors per room session.

Everything goes through the setup services as the demo board member; safe to run at every start: what exists is
found and left alone.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from exams import selectors, services
from exams.demo import DEMO_EXAM_CODE
from exams.models import Exam, QuestionBank, RoomSession, Subject
from exams.roles import ExamRole
from hrm.demo.units import department_code
from hrm.demo.users import demo_user_ensure
from hrm.models import OrgUnit, Rank

# The banks helper's demo general-knowledge bank, by code (the first general bank otherwise; none: no bank).
DEMO_GENERAL_BANK_CODES = ("KTC-DEMO", "KTC", "KIEN-THUC-CHUNG")
POSITIONS = [
    # code, name, rank code, requires a language, [(agency code, quota)]
    ("CV-TH", "Chuyên viên tổng hợp", "01.003", False, [(department_code("SNV"), 3), ("831", 2)]),
    ("CV-HTQT", "Chuyên viên hợp tác quốc tế", "01.003", True, [(department_code("SNV"), 1)]),
]
ROOMS = [("Phòng 01", 30), ("Phòng 02", 30), ("Phòng 03", 24)]
LOCATION = "Trung tâm Tin học – Ngoại ngữ, Sở Nội vụ tỉnh Bến Tre"
PROCTORS = ["proctor", "giamthi01", "giamthi02", "giamthi03", "giamthi04", "giamthi05"]


def _actor():
    return get_user_model().objects.filter(username="exam_board").first()


def _bank() -> QuestionBank | None:
    found = QuestionBank.objects.filter(code__in=DEMO_GENERAL_BANK_CODES).order_by("code").first()
    return found or QuestionBank.objects.filter(subject__kind=Subject.Kind.GENERAL).order_by("code").first()


def _agency_and_positions(exam: Exam, actor) -> None:
    if exam.organiser_id is None:
        organiser = OrgUnit.objects.filter(code=department_code("SNV")).first()
        if organiser is not None:
            services.exam_update(exam=exam, actor=actor, organiser=organiser)
    for code, name, rank_code, language, quotas in POSITIONS:
        position = exam.positions.filter(code=code).first()
        if position is None:
            rank = Rank.objects.filter(code=rank_code).first()
            position = services.position_create(
                exam=exam, actor=actor, code=code, name=name, rank=rank, requires_language=language
            )
        for agency_code, quota in quotas:
            agency = OrgUnit.objects.filter(code=agency_code, valid_to__isnull=True).first()
            if agency is not None and not position.quotas.filter(agency=agency).exists():
                services.quota_set(position=position, agency=agency, quota=quota, actor=actor)


def _parts(exam: Exam, actor) -> None:
    if not exam.parts.exists():
        services.parts_prefill(exam=exam, actor=actor)
    needing = exam.positions.filter(requires_language=True)
    for position in needing:
        # NĐ 170/2025: the agency may add a language test (a pass/fail condition) for a post that needs one
        if not exam.parts.filter(key="language").exists() and not selectors.exam_has_papers(exam=exam):
            services.part_create(
                exam=exam,
                actor=actor,
                key="language",
                name=f"Ngoại ngữ ({position.code})",
                position=position,
                questions=30,
                minutes=30,
                order=exam.parts.count() + 1,
            )
    bank = _bank()
    general = exam.parts.filter(key="general", bank__isnull=True).first()
    if bank is not None and general is not None and not selectors.exam_has_papers(exam=exam):
        services.part_update(part=general, actor=actor, bank=bank)


def _shifts(exam: Exam, actor) -> None:
    first = exam.shifts.order_by("starts_at").first()
    day = timezone.localtime(first.starts_at).date() if first else timezone.localdate() + dt.timedelta(days=1)
    if exam.held_on > day:
        services.exam_update(exam=exam, actor=actor, held_on=day)
    for name, capacity in ROOMS:
        if not exam.rooms.filter(name=name).exists():
            services.room_create(exam=exam, actor=actor, name=name, capacity=capacity, location=LOCATION)
    round1 = list(exam.parts.filter(round=1))
    round2 = list(exam.parts.filter(round=2))
    shift = exam.shifts.filter(name="Ca 1").first()
    if shift is not None and round1 and set(shift.parts.all()) != set(round1):
        minutes = max(shift.duration_minutes, services.shift_minutes_needed(parts=round1))
        services.shift_update(shift=shift, actor=actor, parts=round1, duration_minutes=minutes)
    if round2 and not exam.shifts.filter(name="Ca 2").exists():
        starts_at = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(8, 0)))
        minutes = services.shift_minutes_needed(parts=round2)
        services.shift_create(
            exam=exam, actor=actor, name="Ca 2", starts_at=starts_at, duration_minutes=minutes, parts=round2
        )
    if RoomSession.objects.filter(shift__exam=exam).count() < exam.shifts.count() * exam.rooms.count():
        services.room_sessions_fill(exam=exam, actor=actor)


def _proctors(exam: Exam, actor) -> None:
    users = [demo_user_ensure(name) if name != "proctor" else None for name in PROCTORS]
    users = [user or get_user_model().objects.filter(username="proctor").first() for user in users]
    assigned = {(g.scope_id, g.user_id) for g in selectors.exam_staff_grants(exam=exam) if g.role == "proctor"}
    sessions = RoomSession.objects.filter(shift__exam=exam).order_by("shift__starts_at", "room__name")
    for session in sessions:
        index = sorted(r.name for r in exam.rooms.all()).index(session.room.name)
        for user in users[2 * index : 2 * index + 2]:
            if user is not None and (session.pk, user.pk) not in assigned:
                services.exam_staff_assign(
                    exam=exam, actor=actor, user=user, role=ExamRole.PROCTOR, room_session=session
                )


@transaction.atomic
def demo_setup_load() -> str:
    """Set up the demo exam (positions, parts, rooms, shifts, sessions, proctors); safe to run again."""
    exam = Exam.objects.filter(code=DEMO_EXAM_CODE).select_related("profile").first()
    if exam is None or exam.status == Exam.Status.CLOSED:
        return "no demo exam"
    actor = _actor()
    _agency_and_positions(exam, actor)
    _parts(exam, actor)
    _shifts(exam, actor)
    _proctors(exam, actor)
    parts = ", ".join(exam.parts.order_by("round", "order").values_list("key", flat=True))
    return f"{exam.code}: {exam.positions.count()} positions, parts {parts}, {exam.rooms.count()} rooms, " + (
        f"{exam.shifts.count()} shifts"
    )
