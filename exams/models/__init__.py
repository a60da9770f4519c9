"""The exams app's tables, by sub-domain; every model is importable from `exams.models`."""

from exams.models.banks import Difficulty, Item, ItemAsset, ItemOption, ItemVersion, QuestionBank, Subject, Topic
from exams.models.exams import (
    Candidate,
    CandidateClaim,
    Exam,
    PriorityCategory,
    RegulationProfile,
    Room,
    RoomSession,
    Shift,
)
from exams.models.exemptions import ExemptionGround
from exams.models.grading import GradingRun, ItemStatistic, KeyCorrection, Review, Script, ScriptMark
from exams.models.live import AnswerEvent, Attempt, AttemptAnswer, IntegrityEvent, RoomLog
from exams.models.papers import CandidatePaper, PaperForm, PaperGeneration
from exams.models.results import Mark, Result, ResultSheet, TieDecision
from exams.models.seating import CandidateSeat
from exams.models.structure import BlueprintCell, Part, Position, PositionQuota

__all__ = [
    "AnswerEvent",
    "Attempt",
    "AttemptAnswer",
    "IntegrityEvent",
    "RoomLog",
    "BlueprintCell",
    "Candidate",
    "CandidateClaim",
    "CandidatePaper",
    "CandidateSeat",
    "Difficulty",
    "Exam",
    "ExemptionGround",
    "Item",
    "ItemAsset",
    "ItemOption",
    "ItemVersion",
    "Mark",
    "Result",
    "ResultSheet",
    "TieDecision",
    "GradingRun",
    "ItemStatistic",
    "KeyCorrection",
    "Review",
    "Script",
    "ScriptMark",
    "Part",
    "PaperForm",
    "PaperGeneration",
    "Position",
    "PositionQuota",
    "PriorityCategory",
    "QuestionBank",
    "RegulationProfile",
    "Room",
    "RoomSession",
    "Shift",
    "Subject",
    "Topic",
]
