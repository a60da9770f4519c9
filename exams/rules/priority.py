"""Priority points (điểm ưu tiên): only the highest category a candidate claims counts.

`priority_points(["5", "military_service"], categories={"hero_invalid": Decimal("7.5"), …})` → Decimal("5"). A claim is
a category key or a point value; `categories` maps the keys of the PriorityCategory rows in force to their points
(the caller loads them), and a value counts only if some category in force gives it.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.rules.base import RuleError, number, shown


def _claim_points(claim, categories: Mapping[str, Decimal], key: str) -> Decimal:
    if isinstance(claim, str) and claim in categories:
        return Decimal(categories[claim])
    try:
        points = number(claim, key=key, minimum=0)
    except RuleError:
        points = None
    if points is None or points not in {Decimal(value) for value in categories.values()}:
        known = ", ".join([*categories, *sorted({shown(Decimal(v)) for v in categories.values()})])
        raise RuleError(
            _("“%(claim)s” is no priority category in force (%(known)s)") % {"claim": claim, "known": known}, key=key
        )
    return points


def priority_points(claims: Sequence, categories: Mapping[str, Decimal], *, key: str = "priority") -> Decimal:
    """The points of the highest category among `claims` (keys or values), 0 without claims."""
    if isinstance(claims, (str, bytes)) or not isinstance(claims, Sequence):
        raise RuleError(_("a list of categories is required"), key=key)
    points = [_claim_points(claim, categories, f"{key}[{index}]") for index, claim in enumerate(claims)]
    return max(points, default=Decimal(0))
