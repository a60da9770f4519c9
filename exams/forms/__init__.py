"""The exams app's forms, one module per page group; every name re-exported."""

from exams.forms.papers import (
    BlueprintForm,
)
from exams.forms.reference import (
    CandidateLoginForm,
    OnDateForm,
)

__all__ = [
    "CandidateLoginForm",
    "OnDateForm",
    "BlueprintForm",
]
