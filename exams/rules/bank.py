"""The bank size rule (TT 22/2025/TT-BNV): a bank holds at least `min_multiple` × the questions a paper takes.

`bank_check(rules.bank, paper_questions=60, approved_items=179, on=date)` → BankOutcome(allowed=False, …); a rule
not yet in force on `on`, or a profile without one (`None`), sets no minimum.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from exams.rules.base import number
from exams.rules.profile import BankRule


@dataclass(frozen=True)
class BankOutcome:
    allowed: bool
    why: str
    minimum: int  # approved items needed (0: no minimum)


def bank_check(rule: BankRule | None, *, paper_questions, approved_items, on: dt.date) -> BankOutcome:
    """Whether `approved_items` approved items may make papers of `paper_questions` questions on date `on`."""
    questions = int(number(paper_questions, key="paper_questions", minimum=1, integer=True))
    items = int(number(approved_items, key="approved_items", minimum=0, integer=True))
    if rule is None or (rule.valid_from is not None and on < rule.valid_from):
        why = _("Allowed: the regulation sets no minimum size of the bank on this date (%(items)s approved items).")
        return BankOutcome(allowed=True, why=why % {"items": items}, minimum=0)
    minimum = rule.min_multiple * questions
    values = {"items": items, "multiple": rule.min_multiple, "questions": questions, "minimum": minimum}
    values["basis"] = rule.legal_basis
    if items >= minimum:
        why = _(
            "Allowed: %(items)s approved items, at least %(multiple)s × %(questions)s questions = %(minimum)s "
            "(%(basis)s)."
        )
        return BankOutcome(allowed=True, why=why % values, minimum=minimum)
    why = _(
        "Not allowed: %(items)s approved items, fewer than %(multiple)s × %(questions)s questions = %(minimum)s "
        "(%(basis)s); %(missing)s more needed."
    )
    return BankOutcome(allowed=False, why=why % {**values, "missing": minimum - items}, minimum=minimum)
