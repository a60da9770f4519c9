"""The exams app's API shapes, one module per page group; every name re-exported."""

from exams.serializers.papers import (
    BlueprintCellInput,
    BlueprintInput,
    BlueprintOutput,
    PaperFormDecideInput,
    PaperFormDecideOutput,
    PaperFormDetailOutput,
    PaperFormOutput,
    PartPapersOutput,
    VerifyOutput,
)
from exams.serializers.reference import (
    CandidateTokenInput,
    CandidateTokenOutput,
    OnDateInput,
    PriorityCategoryOutput,
    ProfileDetailOutput,
    ProfileOutput,
)

__all__ = [
    "CandidateTokenInput",
    "CandidateTokenOutput",
    "OnDateInput",
    "PriorityCategoryOutput",
    "ProfileDetailOutput",
    "ProfileOutput",
    "BlueprintCellInput",
    "BlueprintInput",
    "BlueprintOutput",
    "PaperFormDecideInput",
    "PaperFormDecideOutput",
    "PaperFormDetailOutput",
    "PaperFormOutput",
    "PartPapersOutput",
    "VerifyOutput",
]
