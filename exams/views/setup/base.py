"""The exam setup pages' tabs and how a page saves a form through a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from exams.tabs import exam_tab_register
from hrm.forms import add_service_errors

exam_tab_register(url_name="exams:exam-overview", label=gettext_lazy("Overview"), order=10)
exam_tab_register(url_name="exams:exam-positions", label=gettext_lazy("Positions"), order=20)
exam_tab_register(url_name="exams:exam-parts", label=gettext_lazy("Parts"), order=30)
exam_tab_register(url_name="exams:exam-rooms", label=gettext_lazy("Rooms and shifts"), order=40)
exam_tab_register(url_name="exams:exam-staff", label=gettext_lazy("Exam staff"), order=50)


def _saved(form, call, *, request=None, done: str = "") -> bool:
    """Run a service call; its refusal goes onto the form (on the field it names) and False is returned. On success
    the page says `done` (what was saved), so that a board member who adds a row sees that it was taken."""
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    if request is not None and done:
        messages.success(request, done)
    return True
