"""The exams app's API shapes, one module per page group; every name re-exported."""

from exams.serializers.banks import (
    AssetOutput,
    BankInput,
    BankOutput,
    CandidateViewOutput,
    ImportOutput,
    ItemDetailOutput,
    ItemInput,
    ItemSummaryOutput,
    SubjectOutput,
    TopicOutput,
    TopicTreeOutput,
    VersionOutput,
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
    "AssetOutput",
    "BankInput",
    "BankOutput",
    "CandidateViewOutput",
    "ImportOutput",
    "ItemDetailOutput",
    "ItemInput",
    "ItemSummaryOutput",
    "SubjectOutput",
    "TopicOutput",
    "TopicTreeOutput",
    "VersionOutput",
]
