"""Pages of an exam's setup for its board: the exam list, the overview (tab 10), positions and quotas (20), parts
(30), rooms and shifts (40) and staff (50). Every page finds its exam through `exam_get_for_user` (404 for an exam
that is not there or not the user's); every change goes through exams.services.setup, whose refusals land on the
form field they name."""

from exams.views.setup import base  # noqa: F401 (registers the setup tabs)
from exams.views.setup.exam import (
    ExamEditView,
    ExamOverviewView,
    ExamPageMixin,
    ExamTabView,
)
from exams.views.setup.exams import (
    ExamCreateView,
    ExamListView,
)
from exams.views.setup.parts import (
    PartEditView,
    PartsView,
)
from exams.views.setup.positions import (
    PositionEditView,
    PositionsView,
)
from exams.views.setup.rooms import (
    RoomEditView,
    RoomsView,
    ShiftEditView,
)
from exams.views.setup.staff import (
    StaffView,
)

__all__ = [
    "ExamCreateView",
    "ExamEditView",
    "ExamListView",
    "ExamOverviewView",
    "ExamPageMixin",
    "ExamTabView",
    "PartEditView",
    "PartsView",
    "PositionEditView",
    "PositionsView",
    "RoomEditView",
    "RoomsView",
    "ShiftEditView",
    "StaffView",
]
