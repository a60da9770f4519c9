"""Demo candidates (loader order 23): DEMO-2026 gets about 60 applicants across its positions, some with claims,
all seated (BT0001 keeps his number and the demo code BT26CAND01); a promotion exam DEMO-TH-2026 (xét thăng
hạng of primary-school teachers) draws staff from the demo registry with their eligibility.

Idempotent and quick: what exists is found by code, name or CCCD and kept; positions and rooms are created only
when the setup's demo has none (looked up by name, so the two never clash).
"""

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from exams.demo import DEMO_EXAM_CODE
from exams.models import Candidate, CandidateClaim, CandidateSeat, Exam, Position, RegulationProfile, Room, RoomSession
from exams.services.applicants import applicant_register, claim_add, claim_decide
from exams.services.promotion import staff_candidates_add
from exams.services.seating import seatable, seating_assign
from hrm.demo import names as N
from hrm.models import Employee, OrgUnit, Person, Rank
from hrm.services.cccd import cccd_make

APPLICANTS = 60
SERIAL_FROM = 960_000  # CCCD serials of demo applicants (the registry's demo staff use lower ones)
PROMOTION_CODE = "DEMO-TH-2026"
PROMOTION_STAFF = 24
EVIDENCE = b"%PDF-1.4\n% demo scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _positions(exam: Exam) -> list[Position]:
    positions = list(Position.objects.filter(exam=exam).order_by("code"))
    if positions:
        return positions
    rows = [
        ("CV-TH", "Chuyên viên tổng hợp", "01.003"),
        ("CV-KT", "Kế toán viên", "06.031"),
        ("CV-VT", "Văn thư viên", "02.007"),
    ]
    return [
        Position.objects.get_or_create(
            exam=exam, code=code, defaults={"name": name, "rank": Rank.objects.filter(code=rank).first()}
        )[0]
        for code, name, rank in rows
    ]


def _rooms(exam: Exam, needed: int) -> None:
    """Enough seats in every shift for `needed` candidates: rooms 'Phòng 02', … added (by name) when short."""
    for shift in exam.shifts.all():
        number = 2
        while sum(s.room.capacity for s in RoomSession.objects.filter(shift=shift).select_related("room")) < needed:
            room, _c = Room.objects.get_or_create(exam=exam, name=f"Phòng {number:02d}", defaults={"capacity": 30})
            RoomSession.objects.get_or_create(shift=shift, room=room)
            number += 1


def _person(rng: random.Random, index: int) -> dict:
    sex = "female" if index % 2 else "male"
    family = rng.choices(list(N.FAMILY_NAMES), weights=list(N.FAMILY_NAMES.values()))[0]
    middle = rng.choice(list((N.FEMALE_MIDDLE if sex == "female" else N.MALE_MIDDLE).keys()))
    given = rng.choice(N.FEMALE_GIVEN if sex == "female" else N.MALE_GIVEN)
    born = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 12 * 365))
    cccd = cccd_make(province_code="083", sex=sex, date_of_birth=born, serial=SERIAL_FROM + index)
    phone = f"09{rng.randint(10_000_000, 99_999_999)}"
    return {"full_name": f"{family} {middle} {given}", "date_of_birth": born, "sex": sex, "cccd": cccd, "phone": phone}


def _applicants(exam: Exam, positions: list[Position]) -> None:
    rng = random.Random(2026)
    for index in range(APPLICANTS):
        data = _person(rng, index)
        person = Person.objects.filter(cccd=data["cccd"]).first()
        if person is not None and Candidate.objects.filter(exam=exam, person=person).exists():
            continue
        if person is not None:  # keep the registry's identity of a number it knows
            data.update(full_name=person.full_name, date_of_birth=person.date_of_birth, sex=person.sex)
        position = positions[index % len(positions)]
        quotas = list(position.quotas.order_by("agency_id").values_list("agency_id", flat=True))
        agency = OrgUnit.objects.get(pk=quotas[index % len(quotas)]) if len(quotas) > 1 else None  # he picks one
        candidate = applicant_register(exam=exam, actor=None, position=position, agency=agency, **data)
        if index % 9 == 0:
            key = ["military_service", "minority_officer_family", "hero_invalid"][index % 3]
            claim = claim_add(
                candidate=candidate,
                actor=None,
                kind="priority",
                priority_key=key,
                reason="Giấy tờ kèm theo hồ sơ",
                upload=SimpleUploadedFile("minh-chung.pdf", EVIDENCE, content_type="application/pdf"),
            )
            if index % 2 == 0:
                claim_decide(claim=claim, actor=None, accept=True, note="Đã đối chiếu bản chính")


def _seat(exam: Exam) -> None:
    seated = set(CandidateSeat.objects.filter(candidate__exam=exam).values_list("candidate_id", flat=True))
    if set(seatable(exam=exam).values_list("pk", flat=True)) <= seated:
        return  # everyone already seated: keep seats and numbers as they are
    _rooms(exam, seatable(exam=exam).count())
    seating_assign(exam=exam, actor=None, prefix="BT")


def _promotion_exam() -> str:
    profile = RegulationProfile.objects.filter(code="vienchuc_thang_hang_ND85_2023").first()
    target, lower = Rank.objects.filter(code="V.07.03.28").first(), Rank.objects.filter(code="V.07.03.29").first()
    if profile is None or target is None or lower is None:
        return "no promotion profile or ranks"
    exam, _c = Exam.objects.get_or_create(
        code=PROMOTION_CODE,
        defaults={
            "name": "Xét thăng hạng giáo viên tiểu học lên hạng II (demo)",
            "kind": Exam.Kind.PROMOTION,
            "profile": profile,
            "status": Exam.Status.OPEN,
        },
    )
    position, _c = Position.objects.get_or_create(
        exam=exam, code="GVTH-II", defaults={"name": "Giáo viên tiểu học hạng II", "rank": target}
    )
    if not exam.candidates.exists():
        staff = Employee.objects.filter(status=Employee.Status.ACTIVE, staff_type="vien_chuc", rank=lower).order_by(
            "code"
        )
        ids = list(staff.values_list("pk", flat=True)[:PROMOTION_STAFF])
        if ids:
            staff_candidates_add(exam=exam, actor=None, employee_ids=ids, position=position)
    return f"{exam.code}: {exam.candidates.count()} staff"


@transaction.atomic
def demo_load() -> str:
    """Applicants, claims and seats of DEMO-2026, and the promotion demo exam (safe to run again)."""
    exam = Exam.objects.filter(code=DEMO_EXAM_CODE).first()
    if exam is None:
        return "no demo exam"
    _applicants(exam, _positions(exam))
    _seat(exam)
    claims = CandidateClaim.objects.filter(candidate__exam=exam).count()
    return f"{exam.code}: {exam.candidates.count()} candidates, {claims} claims, seated; {_promotion_exam()}"
