"""Double marking of written answers (chấm hai vòng độc lập), pure: when a third marking is needed, and the final score.

The rule is data: a profile may carry `config["marking"]` = {"third_if_gap_over": fraction of the part's maximum,
"final": "mean", "final_with_third": "mean_of_closest" | "third"}; without it, DEFAULT applies (UNVERIFIED best
knowledge of the exam regulations in force, Thông tư 06/2020/TT-BNV: two graders mark independently, a gap of more
than 10 % of the maximum goes to a third grader, the final score is the mean of the two marks (of the third and the
closer of the first two when a third was needed). Scores are rounded half up to 2 decimals.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.rules.base import RuleError, number, rounded

DEFAULT = {"third_if_gap_over": "0.10", "final": "mean", "final_with_third": "mean_of_closest"}
FINALS_WITH_THIRD = ("mean_of_closest", "third")


@dataclass(frozen=True)
class MarkingRule:
    gap: Decimal  # a fraction of the part's maximum
    final_with_third: str


@dataclass(frozen=True)
class Outcome:
    needs_third: bool
    final: Decimal | None
    why: str


def marking_rule(config: dict | None) -> MarkingRule:
    """The double-marking rule of a profile's config (its "marking" block, else DEFAULT); RuleError naming the key."""
    data = {**DEFAULT, **((config or {}).get("marking") or {})}
    gap = number(data["third_if_gap_over"], key="marking.third_if_gap_over", minimum=0, maximum=1)
    if data["final"] != "mean":
        raise RuleError(_("only “mean” is known"), key="marking.final")
    if data["final_with_third"] not in FINALS_WITH_THIRD:
        raise RuleError(_("one of: %(v)s") % {"v": ", ".join(FINALS_WITH_THIRD)}, key="marking.final_with_third")
    return MarkingRule(gap=gap, final_with_third=data["final_with_third"])


def marking_outcome(rule: MarkingRule, *, maximum: Decimal, first, second, third=None) -> Outcome:
    """What the marks so far decide: a third marking needed, or the final score (None while a mark is missing)."""
    if first is None or second is None:
        return Outcome(False, None, _("waiting for both graders"))
    first, second = Decimal(first), Decimal(second)
    limit = rule.gap * Decimal(maximum)
    if abs(first - second) <= limit:
        return Outcome(False, rounded((first + second) / 2, 2), _("mean of the two marks"))
    if third is None:
        why = _("the marks differ by %(gap)s, more than %(limit)s: a third grader marks")
        return Outcome(True, None, why % {"gap": abs(first - second), "limit": rounded(limit, 2)})
    third = Decimal(third)
    if rule.final_with_third == "third":
        return Outcome(True, rounded(third, 2), _("the third grader's mark"))
    closer = min((first, second), key=lambda mark: (abs(mark - third), -mark))
    return Outcome(True, rounded((third + closer) / 2, 2), _("mean of the third mark and the closer of the first two"))
