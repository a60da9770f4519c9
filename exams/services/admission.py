"""Printed papers of seating: admission cards (PDF) and room lists with signature columns (PDF and xlsx).

PDFs are made as form 2C is (xhtml2pdf with the project's DejaVu fonts, so every Vietnamese letter prints). A
card carries the access code only when printed at the moment the codes are issued: codes are kept as keyed hashes
and cannot be shown again (issuing new ones voids the old).
"""

import io

from django.contrib.staticfiles import finders
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from common.spreadsheets import xlsx_row, xlsx_text
from exams.models import Candidate, CandidateSeat, Exam, RoomSession
from exams.services.seating import access_codes_issue

CARDS_MAX = 300  # one request renders them all (about 0.1 s a card): larger exams issue and print room by room


def _fonts() -> dict:
    return {
        "font_regular": finders.find("fonts/DejaVuSans.ttf"),
        "font_bold": finders.find("fonts/DejaVuSans-Bold.ttf"),
    }


def pdf_render(template: str, context: dict) -> bytes:
    """A template rendered to PDF with the project's DejaVu fonts (every Vietnamese letter prints)."""
    from xhtml2pdf import pisa  # heavy import, needed only here

    html = render_to_string(template, {**context, **_fonts()})
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"PDF {template} failed")
    return out.getvalue()


def _seats_by_candidate(candidate_ids) -> dict[int, list[CandidateSeat]]:
    seats: dict[int, list[CandidateSeat]] = {}
    for seat in CandidateSeat.objects.filter(candidate_id__in=candidate_ids).select_related(
        "shift", "room_session__room"
    ):
        seats.setdefault(seat.candidate_id, []).append(seat)
    for rows in seats.values():
        rows.sort(key=lambda s: s.shift.starts_at)
    return seats


def _card_rows(candidates: list[Candidate], codes: dict[int, str]) -> list[dict]:
    seats = _seats_by_candidate([c.pk for c in candidates])
    return [
        {
            "candidate": c,
            "code": codes.get(c.pk, ""),
            "seats": [
                {
                    "shift": s.shift.name,
                    "starts_at": timezone.localtime(s.shift.starts_at),
                    "minutes": s.shift.duration_minutes,
                    "room": s.room_session.room.name,
                    "location": s.room_session.room.location,
                    "seat": s.number,
                }
                for s in seats.get(c.pk, [])
            ],
        }
        for c in candidates
    ]


def admission_cards_pdf(*, exam: Exam, candidates: list[Candidate], codes: dict[int, str] | None = None) -> bytes:
    """The admission cards of `candidates` (name, birth date, number, shifts, rooms, seats, the room rules), with
    each one's access code when `codes` gives it (only at issue time)."""
    if not candidates:
        raise ApplicationError(_("Nobody is seated here yet: seat the candidates first."))
    if len(candidates) > CARDS_MAX:
        raise ApplicationError(_("At most %(n)s cards can be printed at once: print them by room.") % {"n": CARDS_MAX})
    context = {"exam": exam, "cards": _card_rows(candidates, codes or {}), "with_codes": codes is not None}
    return pdf_render("exams/seating/cards_pdf.html", context)


@transaction.atomic
def access_cards_issue(*, exam: Exam, actor, room_session: RoomSession | None = None) -> bytes:
    """Issue new access codes (exams.services.seating.access_codes_issue) and render the cards that show them, in
    one transaction: if the cards cannot be made, the earlier codes stay valid and nothing is lost."""
    issued = access_codes_issue(exam=exam, actor=actor, room_session=room_session)
    return admission_cards_pdf(
        exam=exam, candidates=[c for c, _code in issued], codes={c.pk: code for c, code in issued}
    )


def admission_cards_reprint(*, exam: Exam, actor, room_session: RoomSession | None = None) -> bytes:
    """The cards again, without access codes (they were shown once, when issued); audited."""
    seats = CandidateSeat.objects.filter(candidate__exam=exam)
    if room_session is not None:
        seats = seats.filter(room_session=room_session)
    candidates = list(
        exam.candidates.filter(pk__in=seats.values("candidate_id"))
        .select_related("person", "position")
        .order_by("candidate_number")
    )
    pdf = admission_cards_pdf(exam=exam, candidates=candidates)
    audit_record(actor=actor, action="export", obj=exam, scope=exam, note=f"admission cards ({len(candidates)})")
    return pdf


def room_list_rows(*, room_session: RoomSession) -> list[dict]:
    """The candidates seated in a room session, by seat: number, name, birth date, position, seat."""
    seats = (
        CandidateSeat.objects.filter(room_session=room_session)
        .select_related("candidate__person", "candidate__position")
        .order_by("number")
    )
    return [
        {
            "seat": s.number,
            "number": s.candidate.candidate_number,
            "name": s.candidate.person.full_name,
            "date_of_birth": s.candidate.person.date_of_birth,
            "position": s.candidate.position.code if s.candidate.position else "",
        }
        for s in seats
    ]


def room_list_pdf(*, room_session: RoomSession, actor) -> bytes:
    """The room's list with signature columns (PDF); audited under the room session."""
    rows = room_list_rows(room_session=room_session)
    shift = room_session.shift
    context = {
        "exam": shift.exam,
        "shift": shift,
        "starts_at": timezone.localtime(shift.starts_at),
        "room": room_session.room,
        "rows": rows,
    }
    pdf = pdf_render("exams/seating/room_list_pdf.html", context)
    audit_record(actor=actor, action="export", obj=room_session, scope=room_session, note="room list PDF")
    return pdf


def room_list_xlsx(*, room_session: RoomSession, actor) -> bytes:
    """The same room list as xlsx: numbers as numbers, birth dates as dates, texts as texts; audited."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(room_session.room.name[:31])
    shift = room_session.shift
    sheet.append(xlsx_row(sheet, [f"{shift.exam.name} — {shift.name} — {room_session.room.name}"]))
    headers = [
        _("No."),
        _("Candidate number"),
        _("Full name"),
        _("Date of birth"),
        _("Job position"),
        _("Seat"),
        _("Signature"),
        _("Note"),
    ]
    sheet.append(xlsx_row(sheet, headers))
    for index, row in enumerate(room_list_rows(room_session=room_session), start=1):
        born = WriteOnlyCell(sheet, value=row["date_of_birth"])
        born.number_format = "DD/MM/YYYY"
        cells = [
            WriteOnlyCell(sheet, value=index),
            xlsx_text(WriteOnlyCell(sheet, value=row["number"])),
            xlsx_text(WriteOnlyCell(sheet, value=row["name"])),
            born,
            xlsx_text(WriteOnlyCell(sheet, value=row["position"])),
            WriteOnlyCell(sheet, value=row["seat"]),
            WriteOnlyCell(sheet, value=None),
            WriteOnlyCell(sheet, value=None),
        ]
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    audit_record(actor=actor, action="export", obj=room_session, scope=room_session, note="room list xlsx")
    return out.getvalue()
