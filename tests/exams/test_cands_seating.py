"""Seating: capacity, spreading a position across rooms, shifts by parts, numbers in name order kept stable,
access codes that log in, admission cards and room lists."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from exams.models import Candidate, CandidateSeat, Part, Shift
from exams.services.admission import admission_cards_pdf, room_list_pdf, room_list_xlsx
from exams.services.applicants import candidate_withdraw, claim_add, claim_decide
from exams.services.candidates import candidate_authenticate
from exams.services.seating import access_codes_issue, seating_assign
from tests.exams.factories_cands import PartFactory, PositionFactory, exam_with_rooms, pdf_upload, register

pytestmark = pytest.mark.django_db
NAMES = ["Vũ Thị Yến", "Nguyễn Văn An", "Đặng Minh Châu", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thị Dung"]


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # a long name may wrap in its cell


def fill(exam, count, positions, names=None):
    out = []
    for i in range(count):
        name = (names or [])[i] if names and i < len(names) else f"Thí Sinh {chr(65 + i % 26)}{i:03d}"
        out.append(
            register(
                exam, positions[i % len(positions)], full_name=name, born=dt.date(1990, 1, 1) + dt.timedelta(days=i)
            )
        )
    return out


def test_numbers_follow_vietnamese_name_order_and_every_seat_is_unique(examiner):
    exam = exam_with_rooms(rooms=(("Phòng 01", 3), ("Phòng 02", 3)), code="BT2026")
    fill(exam, 6, [PositionFactory(exam=exam)], NAMES)
    result = seating_assign(exam=exam, actor=examiner, prefix="BT")
    assert result["seated"] == 6 and result["seats"] == 6
    ordered = list(exam.candidates.order_by("candidate_number").values_list("candidate_number", "person__full_name"))
    # given name first, then family name: An, Bích, Châu, Cường, Dung, Yến
    assert ordered == [
        ("BT0001", "Nguyễn Văn An"),
        ("BT0002", "Trần Thị Bích"),
        ("BT0003", "Đặng Minh Châu"),
        ("BT0004", "Lê Hoàng Cường"),
        ("BT0005", "Phạm Thị Dung"),
        ("BT0006", "Vũ Thị Yến"),
    ]
    seats = list(CandidateSeat.objects.filter(candidate__exam=exam).values_list("room_session__room__name", "number"))
    assert len(set(seats)) == 6 and Counter(r for r, _n in seats) == {"Phòng 01": 3, "Phòng 02": 3}
    assert all(c.user is not None and c.room_session_id for c in exam.candidates.all())  # principals made here


def test_one_position_is_spread_across_the_rooms(examiner):
    exam = exam_with_rooms(rooms=(("Phòng 01", 10), ("Phòng 02", 10), ("Phòng 03", 10)))
    big, small = PositionFactory(exam=exam, code="A"), PositionFactory(exam=exam, code="B")
    fill(exam, 9, [big])
    fill(exam, 3, [small], names=["Một Bê", "Hai Bê", "Ba Bê"])
    seating_assign(exam=exam, actor=examiner)
    by_room = Counter(
        CandidateSeat.objects.filter(candidate__position=big).values_list("room_session__room__name", flat=True)
    )
    assert by_room == {"Phòng 01": 3, "Phòng 02": 3, "Phòng 03": 3}
    assert len(set(CandidateSeat.objects.filter(candidate__position=small).values_list("room_session", flat=True))) == 3


def test_not_enough_seats_says_how_many_are_missing_and_writes_nothing(examiner, english):
    exam = exam_with_rooms(rooms=(("Phòng 01", 2), ("Phòng 02", 2)))
    fill(exam, 7, [PositionFactory(exam=exam)])
    with pytest.raises(ValidationError) as exc:
        seating_assign(exam=exam, actor=examiner)
    assert "3 more are needed" in exc.value.messages[0]
    assert not CandidateSeat.objects.exists() and not exam.candidates.exclude(candidate_number="").exists()


def test_no_shift_or_a_part_without_a_shift_is_refused(examiner, english):
    from tests.exams.factories import ExamFactory

    exam = ExamFactory()
    fill(exam, 1, [PositionFactory(exam=exam)])
    with pytest.raises(ValidationError, match="no shift"):
        seating_assign(exam=exam, actor=examiner)
    exam = exam_with_rooms(shifts=("Ca 1",))
    general = PartFactory(exam=exam, key="general", name="Kiến thức chung")
    PartFactory(exam=exam, key="language", name="Ngoại ngữ")
    Shift.objects.get(exam=exam).parts.add(general)
    fill(exam, 1, [PositionFactory(exam=exam)])
    with pytest.raises(ValidationError, match="Ngoại ngữ"):
        seating_assign(exam=exam, actor=examiner)


def test_a_candidate_takes_the_shifts_of_his_parts_and_skips_accepted_exemptions(examiner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exam = exam_with_rooms(shifts=("Ca 1", "Ca 2"))
    general = PartFactory(exam=exam, key="general", name="Kiến thức chung")
    language = PartFactory(exam=exam, key="language", name="Ngoại ngữ")
    Shift.objects.get(exam=exam, name="Ca 1").parts.add(general)
    Shift.objects.get(exam=exam, name="Ca 2").parts.add(language)
    position = PositionFactory(exam=exam)
    sits_both, exempt = fill(exam, 2, [position])
    claim = claim_add(candidate=exempt, actor=examiner, kind="exemption", part_key="language", upload=pdf_upload())
    claim_decide(claim=claim, actor=examiner, accept=True)
    seating_assign(exam=exam, actor=examiner)
    assert set(sits_both.seats.values_list("shift__name", flat=True)) == {"Ca 1", "Ca 2"}
    assert set(exempt.seats.values_list("shift__name", flat=True)) == {"Ca 1"}
    assert Part.objects.filter(exam=exam).count() == 2


def test_seating_again_keeps_numbers_unless_asked_and_renumbering_voids_codes(examiner):
    exam = exam_with_rooms()
    position = PositionFactory(exam=exam)
    fill(exam, 3, [position], names=["Bùi Văn Bình", "Cao Văn Cảnh", "Đinh Văn Dũng"])
    seating_assign(exam=exam, actor=examiner, prefix="TS")
    before = dict(exam.candidates.values_list("person__full_name", "candidate_number"))
    issued = dict((c.pk, code) for c, code in access_codes_issue(exam=exam, actor=examiner))
    register(exam, position, full_name="Âu Văn An")  # sorts first, arrives last
    assert seating_assign(exam=exam, actor=examiner)["codes_voided"] == 0
    after = dict(exam.candidates.values_list("person__full_name", "candidate_number"))
    assert {k: after[k] for k in before} == before and after["Âu Văn An"] == "TS0004"
    binh = exam.candidates.get(person__full_name="Bùi Văn Bình")
    assert candidate_authenticate(number=binh.candidate_number, code=issued[binh.pk]) is not None
    result = seating_assign(exam=exam, actor=examiner, renumber=True, prefix="TS")
    assert result["codes_voided"] == 3
    assert exam.candidates.get(person__full_name="Âu Văn An").candidate_number == "TS0001"
    binh.refresh_from_db()
    assert binh.user.username == f"cand-{exam.code}-{binh.candidate_number}"
    assert candidate_authenticate(number=binh.candidate_number, code=issued[binh.pk]) is None


def test_withdrawn_and_ineligible_candidates_get_no_seat(examiner):
    exam = exam_with_rooms()
    position = PositionFactory(exam=exam)
    stays, leaves, out = fill(exam, 3, [position])
    candidate_withdraw(candidate=leaves, actor=examiner)
    Candidate.objects.filter(pk=out.pk).update(status=Candidate.Status.INELIGIBLE)
    assert seating_assign(exam=exam, actor=examiner)["seated"] == 1
    assert list(CandidateSeat.objects.values_list("candidate_id", flat=True)) == [stays.pk]


def test_issued_codes_log_in_at_the_login_page_and_reissuing_voids_them(client, examiner):
    exam = exam_with_rooms()
    (candidate,) = fill(exam, 1, [PositionFactory(exam=exam)])
    seating_assign(exam=exam, actor=examiner)
    ((_c, first),) = access_codes_issue(exam=exam, actor=examiner)
    assert len(first) == 10  # 10 × 5 bits: 50 random bits
    ((_c, second),) = access_codes_issue(exam=exam, actor=examiner)
    candidate.refresh_from_db()
    assert first not in candidate.access_code_hash and len(candidate.access_code_hash) == 64
    refused = client.post(
        reverse("exams:candidate-login"), {"candidate_number": candidate.candidate_number, "access_code": first}
    )
    assert refused.status_code == 400
    response = client.post(
        reverse("exams:candidate-login"), {"candidate_number": candidate.candidate_number, "access_code": second}
    )
    assert response.status_code == 302 and response["Location"] == reverse("exams:candidate-home")
    home = client.get(reverse("exams:candidate-home")).content.decode()
    assert candidate.person.full_name in home


def test_cards_and_room_lists_print_the_names(examiner):
    exam = exam_with_rooms(rooms=(("Phòng 01", 5),))
    fill(exam, 3, [PositionFactory(exam=exam)], NAMES)
    seating_assign(exam=exam, actor=examiner)
    issued = access_codes_issue(exam=exam, actor=examiner)
    cards = pdf_text(
        admission_cards_pdf(exam=exam, candidates=[c for c, _ in issued], codes={c.pk: k for c, k in issued})
    )
    for candidate, code in issued:
        assert candidate.person.full_name in cards and candidate.candidate_number in cards and code in cards
    session = CandidateSeat.objects.first().room_session
    listing = pdf_text(room_list_pdf(room_session=session, actor=examiner))
    assert all(name in listing for name in NAMES[:3]) and "Phòng 01" in listing


def test_the_room_list_in_xlsx_keeps_numbers_as_numbers_and_dates_as_dates(examiner):
    exam = exam_with_rooms(rooms=(("Phòng 01", 5),))
    fill(exam, 2, [PositionFactory(exam=exam)], ["An Văn Một", "Bình Văn Hai"])
    seating_assign(exam=exam, actor=examiner, prefix="BT")
    session = CandidateSeat.objects.first().room_session
    sheet = load_workbook(io.BytesIO(room_list_xlsx(room_session=session, actor=examiner))).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 2
    number, candidate_number, name, born, _position, seat, *_ = rows[0]
    assert isinstance(number, int) and isinstance(seat, int) and seat == 1
    assert isinstance(candidate_number, str) and candidate_number.startswith("BT")
    assert isinstance(born, dt.datetime)
    assert sheet.cell(row=3, column=4).number_format == "DD/MM/YYYY"


def test_cards_that_cannot_be_made_keep_the_earlier_codes(examiner, monkeypatch, english):
    from exams.services import admission

    exam = exam_with_rooms()
    (candidate,) = fill(exam, 1, [PositionFactory(exam=exam)])
    seating_assign(exam=exam, actor=examiner)
    ((_c, code),) = access_codes_issue(exam=exam, actor=examiner)
    monkeypatch.setattr(admission, "CARDS_MAX", 0)
    with pytest.raises(ValidationError, match="room"):
        admission.access_cards_issue(exam=exam, actor=examiner)
    candidate.refresh_from_db()
    assert candidate_authenticate(number=candidate.candidate_number, code=code) is not None
