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
from exams.forms.reference import (
    CandidateLoginForm,
    OnDateForm,
)

__all__ = [
    "CandidateLoginForm",
    "OnDateForm",
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
]
