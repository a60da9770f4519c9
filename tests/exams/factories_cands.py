"""Factories of the candidates area: positions with quotas, parts, exams with shifts and rooms, applicants and
staff with registry histories (ranks, ratings, discipline) for eligibility."""

import datetime as dt
import io

import factory

from exams.models import Exam, Part, Position, PositionQuota, RegulationProfile, Room, RoomSession, Shift
from exams.services.applicants import applicant_register
from hrm.models import AnnualRating, Discipline, DisciplineForm, Rank, RatingLevel, SalaryRecord
from hrm.services.cccd import cccd_make
from tests.exams.factories import ExamFactory
from tests.hrm.factories import EmployeeFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="bang.pdf", data=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    exam = factory.SubFactory(ExamFactory)
    code = factory.Sequence(lambda n: f"CV-{n:02d}")
    name = factory.Sequence(lambda n: f"Chuyên viên {n}")


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part

    exam = factory.SubFactory(ExamFactory)
    key = "general"
    name = "Kiến thức chung"
    minutes = 60
    questions = 60


def exam_with_rooms(*, rooms=(("Phòng 01", 10), ("Phòng 02", 10)), shifts=("Ca 1",), exam=None, **kwargs) -> Exam:
    """An open recruitment exam with shifts, each shift in every room."""
    from django.utils import timezone

    exam = exam or ExamFactory(**kwargs)
    room_rows = [Room.objects.create(exam=exam, name=name, capacity=capacity) for name, capacity in rooms]
    for index, name in enumerate(shifts):
        shift = Shift.objects.create(
            exam=exam, name=name, starts_at=timezone.now() + dt.timedelta(days=1, hours=3 * index), duration_minutes=60
        )
        for room in room_rows:
            RoomSession.objects.create(shift=shift, room=room)
    return exam


# Above the serials tests pick by hand (cccd(12) …), below factories_results' range: which serial a factory call
# gets depends on how many ran before it in the worker, so it must never meet a hand-picked one.
_serial = iter(range(100_000, 500_000))


def register(exam, position, *, full_name="Nguyễn Văn An", born=dt.date(1995, 3, 4), sex="male", actor=None, **kwargs):
    """An applicant through the service, with a valid CCCD."""
    cccd = kwargs.pop("cccd", None) or cccd_make(province_code="083", sex=sex, date_of_birth=born, serial=next(_serial))
    return applicant_register(
        exam=exam, actor=actor, cccd=cccd, full_name=full_name, date_of_birth=born, sex=sex, position=position, **kwargs
    )


def promotion_exam(*, code="congchuc_ND170_2025_vi_tri_cao_hon", target="01.002", **kwargs):
    """A promotion exam under profile `code` (in force today by default) with one position promoting to `target`."""
    profile = RegulationProfile.objects.get(code=code)
    exam = ExamFactory(kind=Exam.Kind.PROMOTION, profile=profile, **kwargs)
    position = PositionFactory(exam=exam, code="CVC", name="Chuyên viên chính", rank=Rank.objects.get(code=target))
    return exam, position


def staff_with_history(
    *,
    unit,
    rank="01.003",
    since=dt.date(2010, 1, 1),
    rating="HTTNV",
    rating_year=None,
    discipline=None,
    state_management="cvc",
    staff_type="cong_chuc",
    **person,
):
    """A staff member who has held `rank` since `since`, rated `rating` last year, maybe under discipline."""
    from tests.hrm.factories import PersonFactory

    people = {"state_management": state_management, **person}
    employee = EmployeeFactory(unit=unit, staff_type=staff_type, person=PersonFactory(**people))
    rank_row = Rank.objects.get(code=rank)
    SalaryRecord.objects.create(employee=employee, rank=rank_row, step=3, coefficient="3.00", valid_from=since)
    employee.rank = rank_row
    employee.recruited_on = since
    employee.save(update_fields=["rank", "recruited_on"])
    if rating:
        AnnualRating.objects.create(
            employee=employee,
            year=rating_year or dt.date.today().year - 1,
            level=RatingLevel.objects.filter(code=rating).order_by("valid_from").first(),
        )
    if discipline:
        Discipline.objects.create(
            employee=employee,
            form=DisciplineForm.objects.get(code=discipline),
            valid_from=dt.date.today() - dt.timedelta(days=30),
        )
    return employee


def xlsx_file(rows, name="thi-sinh.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def quota(position, agency, n=2):
    return PositionQuota.objects.create(position=position, agency=agency, quota=n)
