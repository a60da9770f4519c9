"""The exam rules as pure functions over plain values: no ORM, no settings, testable without a database.

A regulation profile's `config["rules"]` (data, effective-dated with its profile) is parsed here into plain
values; services load the profile and call these functions; `manage.py exam_rules` runs them on worked cases.

Modules: `profile` (parse_rules, validate_rules: the shape of the data), `round1` (round1_result), `bank`
(bank_check), `round2` (round2_score), `priority` (priority_points), `ranking` (rank), `grading` (grade_attempt,
grade_item: objective items of one attempt), `cases` (evaluate: one JSON worked case). Every refusal is a
`RuleError` whose message is translated and names the key it is about; scores are Decimals, never floats.
"""

from exams.rules.bank import BankOutcome, bank_check
from exams.rules.base import RuleError
from exams.rules.priority import priority_points
from exams.rules.profile import Rules, parse_rules, validate_rules
from exams.rules.ranking import RankCandidate, Ranking, rank
from exams.rules.round1 import Round1Outcome, round1_result
from exams.rules.round2 import Round2Score, round2_score

__all__ = [
    "BankOutcome",
    "RankCandidate",
    "Ranking",
    "Round1Outcome",
    "Round2Score",
    "RuleError",
    "Rules",
    "bank_check",
    "parse_rules",
    "priority_points",
    "rank",
    "round1_result",
    "round2_score",
    "validate_rules",
]
