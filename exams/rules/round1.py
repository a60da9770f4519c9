"""Round 1 (vòng 1): each part the candidate sits must reach the profile's pass mark; exempt parts are skipped.

`round1_result(rules, parts={"general": {"questions": 60, "correct": 30}, "language": {"exempt": True}})`; a part
counted in questions takes `correct` (and `questions`, by default the profile's), a part marked in points takes
`score` (out of the part's scale). A part the profile does not know, or a required part left out, is a RuleError.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.rules.base import RuleError, number, rounded, shown
from exams.rules.profile import Round1Part, Rules


@dataclass(frozen=True)
class Round1Outcome:
    passed: bool
    why: str
    parts: dict[str, bool | None]  # part → reached its mark (None: exempt)


def _check_known(rules: Rules, parts: dict) -> None:
    if not rules.round1:
        raise RuleError(_("this regulation has no round 1"))
    if not isinstance(parts, dict):
        raise RuleError(_("an object {…} is required"), key="parts")
    for name in parts:
        if name not in rules.round1:
            known = ", ".join(rules.round1)
            raise RuleError(_("this regulation has no such part (its parts: %(parts)s)") % {"parts": known}, key=name)


def _exempt(part: Round1Part, given: dict) -> bool:
    if not given.get("exempt"):
        return False
    if not part.exemptible:
        raise RuleError(_("this part cannot be exempted"), key=f"{part.key}.exempt")
    if set(given) - {"exempt"}:
        raise RuleError(_("an exempt part takes no marks"), key=part.key)
    return True


def _share(part: Round1Part, given: dict) -> tuple[Decimal, str]:
    """(reached share of the part, 0..1; how it reads) from the marks given for it."""
    if part.scale is not None:
        _only(given, {"score", "exempt"}, part.key)
        score = number(given.get("score"), key=f"{part.key}.score", minimum=0, maximum=part.scale)
        return score / part.scale, _("%(score)s/%(scale)s points") % {"score": shown(score), "scale": shown(part.scale)}
    _only(given, {"questions", "correct", "exempt"}, part.key)
    if given.get("questions", part.questions) is None:
        raise RuleError(_("the number of questions is required"), key=f"{part.key}.questions")
    questions = number(given.get("questions", part.questions), key=f"{part.key}.questions", minimum=1, integer=True)
    correct = number(given.get("correct"), key=f"{part.key}.correct", minimum=0, integer=True)
    if correct > questions:
        raise RuleError(_("more correct answers than questions"), key=f"{part.key}.correct")
    return correct / questions, _("%(correct)s/%(questions)s correct") % {"correct": correct, "questions": questions}


def _only(given: dict, allowed: set[str], key: str) -> None:
    for name in given:
        if name not in allowed:
            raise RuleError(_("unknown key “%(name)s”") % {"name": name}, key=key)


def _part_outcome(part: Round1Part, given) -> tuple[bool | None, str]:
    if not isinstance(given, dict):
        raise RuleError(_("an object {…} is required"), key=part.key)
    if _exempt(part, given):
        return None, _("%(part)s: exempt") % {"part": part.label}
    share, marks = _share(part, given)
    reached = share >= part.pass_fraction
    why = _("%(part)s: %(marks)s (%(percent)s %%), at least %(required)s %% needed") % {
        "part": part.label,
        "marks": marks,
        "percent": shown(rounded(share * 100, 2)),
        "required": shown(part.pass_fraction * 100),
    }
    return reached, why


def round1_result(rules: Rules, *, parts: dict) -> Round1Outcome:
    """Pass or fail of round 1 under `rules`, with the reason for each part (exempt parts skipped)."""
    _check_known(rules, parts)
    outcomes, reasons = {}, []
    for key, part in rules.round1.items():
        if key not in parts:
            if part.required:
                raise RuleError(_("this part is required by the regulation"), key=key)
            continue
        outcomes[key], why = _part_outcome(part, parts[key])
        reasons.append(why)
    passed = all(outcome is not False for outcome in outcomes.values())
    verdict = _("Pass") if passed else _("Fail")
    return Round1Outcome(passed=passed, why=f"{verdict}: {'; '.join(reasons)}.", parts=outcomes)
