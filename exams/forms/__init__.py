"""The exams app's forms, one module per page group; every name re-exported."""

from exams.forms.banks import (
    AssetForm,
    BankEditForm,
    BankForm,
    ExportForm,
    ImportForm,
    ItemFilterForm,
    ItemForm,
    OptionFormSet,
    ReturnForm,
    SubjectForm,
    TopicForm,
)
from exams.forms.papers import (
    BlueprintForm,
)
from exams.forms.reference import (
    CandidateLoginForm,
    OnDateForm,
)
from exams.forms.setup import (
    ExamForm,
    ExamStatusForm,
    PartForm,
    PositionForm,
    PrefillForm,
    ProfileChoiceField,
    QuotaForm,
    RoomForm,
    SessionChoiceField,
    ShiftForm,
    StaffForm,
    UserChoiceField,
    exam_initial,
)

__all__ = [
    "CandidateLoginForm",
    "OnDateForm",
    "ProfileChoiceField",
    "ExamForm",
    "ExamStatusForm",
    "PositionForm",
    "QuotaForm",
    "PartForm",
    "PrefillForm",
    "RoomForm",
    "ShiftForm",
    "UserChoiceField",
    "SessionChoiceField",
    "StaffForm",
    "exam_initial",
    "AssetForm",
    "BankEditForm",
    "BankForm",
    "ExportForm",
    "ImportForm",
    "ItemFilterForm",
    "ItemForm",
    "OptionFormSet",
    "ReturnForm",
    "SubjectForm",
    "TopicForm",
    "BlueprintForm",
]
