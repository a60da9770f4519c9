"""Exam-board page of seating (tab 70): seat the candidates, issue access codes with the admission cards (shown
once), print cards again without codes; room lists (PDF, xlsx) for the board and the room's proctors."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from exams import selectors
from exams.forms.candidates import SeatingForm
from exams.services.admission import access_cards_issue, admission_cards_reprint, room_list_pdf, room_list_xlsx
from exams.services.seating import prefix_default, seating_assign
from exams.tabs import exam_tab_register
from exams.views.candidates import XLSX, ExamPageMixin

exam_tab_register(url_name="exams:seating", label=gettext_lazy("Seating"), order=70)


def file_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # cards may carry access codes
    return response


class SeatingView(ExamPageMixin, View):
    tab = "exams:seating"

    def get(self, request, exam_id: int, form=None, status=200):
        form = form or SeatingForm(initial={"prefix": prefix_default(exam=self.exam)})
        overview = selectors.seating_overview(exam=self.exam)
        seated = selectors.seated_count(exam=self.exam)
        return self.page("exams/seating/page.html", {"form": form, "overview": overview, "seated": seated}, status)

    def post(self, request, exam_id: int):
        form = SeatingForm(request.POST)
        if form.is_valid():
            try:
                result = seating_assign(exam=self.exam, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("prefix" if getattr(exc, "field", None) == "prefix" else None, exc.messages)
            else:
                text = _("%(seated)s candidates seated (%(seats)s seats).") % result
                if result["codes_voided"]:
                    text += " " + _("%(n)s access codes were voided by the new numbers: issue codes again.") % {
                        "n": result["codes_voided"]
                    }
                messages.success(request, text)
                return redirect("exams:seating", exam_id=self.exam.pk)
        return self.get(request, exam_id, form=form, status=400)


def _room_session(exam, room_session_id):
    if not room_session_id:
        return None
    session = selectors.seating_room_session(exam=exam, room_session_id=room_session_id)
    if session is None:
        raise Http404
    return session


class AccessCodesIssueView(ExamPageMixin, View):
    """New access codes for the whole exam (or one room session) and, in the same answer, the cards that show
    them: the only time the codes are shown."""

    def post(self, request, exam_id: int):
        session = _room_session(self.exam, request.POST.get("room_session"))
        try:
            pdf = access_cards_issue(exam=self.exam, actor=request.user, room_session=session)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("exams:seating", exam_id=self.exam.pk)
        return file_response(pdf, content_type="application/pdf", filename=f"the-du-thi-{self.exam.code}.pdf")


class CardsReprintView(ExamPageMixin, View):
    def get(self, request, exam_id: int):
        session = _room_session(self.exam, request.GET.get("room_session"))
        try:
            pdf = admission_cards_reprint(exam=self.exam, actor=request.user, room_session=session)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("exams:seating", exam_id=self.exam.pk)
        return file_response(pdf, content_type="application/pdf", filename=f"the-du-thi-{self.exam.code}.pdf")


class ProctorRoomsView(LoginRequiredMixin, View):
    """A proctor's own room sessions (exam, shift, room, seats taken) with each room's list; 404 for anyone who
    proctors no room (a board member watches the rooms from each exam's seating tab)."""

    def get(self, request):
        if not selectors.user_proctors(user=request.user):
            raise Http404
        sessions = selectors.room_session_list_for_proctor(user=request.user)
        return render(request, "exams/seating/proctor_rooms.html", {"sessions": sessions})


class RoomListView(LoginRequiredMixin, View):
    """A room session's list (PDF or xlsx): for the exam's board and the room's own proctors; 404 for others."""

    def get(self, request, room_session_id: int, fmt: str):
        session = selectors.room_session_get_for_user(user=request.user, room_session_id=room_session_id)
        if session is None or fmt not in ("pdf", "xlsx"):
            raise Http404
        name = f"danh-sach-phong-{session.pk}"
        if fmt == "xlsx":
            return file_response(
                room_list_xlsx(room_session=session, actor=request.user), content_type=XLSX, filename=f"{name}.xlsx"
            )
        return file_response(
            room_list_pdf(room_session=session, actor=request.user),
            content_type="application/pdf",
            filename=f"{name}.pdf",
        )
