"""The round-2 score (vòng 2): one score out of the scale, or the marks of a form's parts weighted (70/30 …).

`round2_score(rules.round2, score=80)` or `round2_score(rules.round2, parts={"written": 60, "interview": 40})`: the
parts given name the form; the score is rounded half up to the profile's decimals; it passes at `pass_min` and,
when the form has several parts, each part must also reach its minimum share.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.rules.base import RuleError, number, rounded, shown
from exams.rules.profile import Round2


@dataclass(frozen=True)
class Round2Score:
    score: Decimal
    passed: bool
    form: str | None = None  # None when the score was given whole
    parts: dict[str, Decimal] = field(default_factory=dict)
    # the reason is worded only when read: ranking thousands of candidates never reads it (issue #16, rank_s)
    explain: Callable[[], str] = field(default=lambda: "", repr=False, compare=False)

    @property
    def why(self) -> str:
        return self.explain()


def _form_for(round2: Round2, parts: dict) -> str:
    for name, weights in round2.forms.items():
        if set(weights) == set(parts):
            return name
    for name in parts:
        if name not in round2.labels:
            raise RuleError(
                _("this regulation has no such round-2 part (its parts: %(parts)s)")
                % {"parts": ", ".join(round2.labels)},
                key=name,
            )
    forms = "; ".join(" + ".join(weights) for weights in round2.forms.values())
    raise RuleError(_("these marks match no round-2 form of this regulation (its forms: %(forms)s)") % {"forms": forms})


def _verdict(round2: Round2, score: Decimal, short: list[tuple[str, Decimal, Decimal]]) -> tuple[bool, Callable]:
    """(passed, a function wording why); `short` lists the parts below their minimum as (part, mark, minimum)."""
    passed = score >= round2.pass_min and not short

    def explain() -> str:
        reasons = [
            _("%(part)s %(mark)s below %(min)s")
            % {"part": round2.labels[name], "mark": shown(mark), "min": shown(minimum)}
            for name, mark, minimum in short
        ]
        if score < round2.pass_min:
            values = {"score": shown(score), "min": shown(round2.pass_min)}
            reasons.insert(0, _("round-2 score %(score)s below %(min)s") % values)
        if reasons:
            return _("Fail: %(reasons)s.") % {"reasons": "; ".join(reasons)}
        return _("Pass: round-2 score %(score)s, at least %(min)s needed.") % {
            "score": shown(score),
            "min": shown(round2.pass_min),
        }

    return passed, explain


def _weighted(round2: Round2, parts: dict) -> Round2Score:
    form = _form_for(round2, parts)
    marks = {name: number(parts[name], key=name, minimum=0, maximum=round2.scales[name]) for name in parts}
    total = sum(
        (weight * marks[name] / round2.scales[name] * round2.scale for name, weight in round2.forms[form].items()),
        Decimal(0),
    )
    score, short = rounded(total, round2.decimals), []
    if len(marks) > 1 and round2.part_pass_fraction is not None:
        for name, mark in marks.items():
            minimum = round2.part_pass_fraction * round2.scales[name]
            if mark < minimum:
                short.append((name, mark, minimum))
    passed, explain = _verdict(round2, score, short)
    return Round2Score(score=score, passed=passed, form=form, parts=marks, explain=explain)


def round2_score(round2: Round2 | None, *, score=None, parts: dict | None = None) -> Round2Score:
    """The rounded round-2 score and whether it passes, from a whole `score` or the marks of one form's `parts`."""
    if round2 is None:
        raise RuleError(_("this regulation has no round 2"))
    if (score is None) == (not parts):
        raise RuleError(_("give either round2 (one score) or the marks of the round-2 parts"))
    if parts:
        return _weighted(round2, parts)
    whole = rounded(number(score, key="round2", minimum=0, maximum=round2.scale), round2.decimals)
    passed, explain = _verdict(round2, whole, [])
    return Round2Score(score=whole, passed=passed, explain=explain)
