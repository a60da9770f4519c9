"""The room's minutes (biên bản phòng thi) as a PDF: the room and shift, its proctors, who came and who did not,
every line of the room's log (time, who, what, about whom, why) and the signatures. Made as the room lists are
(exams.services.admission: xhtml2pdf with the project's DejaVu fonts)."""

from django.utils import timezone

from common.services import audit_record
from exams.models import RoomSession
from exams.selectors.proctor import room_log_lines, room_presence, room_proctors
from exams.services.admission import pdf_render


def room_minutes_rows(*, room_session: RoomSession) -> list[dict]:
    """The minutes' lines in order, each as printed: time (local), who, what, about whom, why."""
    rows = []
    for line in room_log_lines(room_session=room_session):
        candidate = line.attempt.candidate if line.attempt_id else None
        rows.append(
            {
                "at": timezone.localtime(line.at),
                "actor": line.actor.display_name if line.actor else "",
                "what": line.get_kind_display(),
                "detail": line.detail,
                "candidate": f"{candidate.candidate_number} — {candidate.person.full_name}" if candidate else "",
                "reason": line.reason,
            }
        )
    return rows


def room_minutes_pdf(*, room_session: RoomSession, actor) -> bytes:
    """The room's minutes as a PDF; audited under the room session."""
    shift = room_session.shift
    context = {
        "exam": shift.exam,
        "shift": shift,
        "starts_at": timezone.localtime(shift.starts_at),
        "started_at": timezone.localtime(room_session.started_at) if room_session.started_at else None,
        "room": room_session.room,
        "proctors": room_proctors(room_session=room_session),
        "presence": room_presence(room_session=room_session),
        "rows": room_minutes_rows(room_session=room_session),
        "printed_at": timezone.localtime(),
    }
    pdf = pdf_render("exams/live/proctor_minutes_pdf.html", context)
    audit_record(actor=actor, action="export", obj=room_session, scope=room_session, note="room minutes PDF")
    return pdf
