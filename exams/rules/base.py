"""What every rules module shares: the one error type, exact numbers and how numbers read in a `why`."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


class RuleError(ValueError):
    """Input the rules cannot use (a case, a rules object): the message says what and where, translated."""

    def __init__(self, message: str, *, key: str | None = None):
        super().__init__(f"{key}: {message}" if key else message)
        self.key = key
        self.message = message


def number(value, *, key: str, minimum=None, maximum=None, integer: bool = False) -> Decimal:
    """`value` (int, float, numeric string with . or ,) as an exact Decimal within [minimum, maximum]."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise RuleError(_("a number is required"), key=key)
    try:
        result = Decimal(str(value).strip().replace(",", ".") if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise RuleError(_("a number is required"), key=key) from None
    if not result.is_finite():
        raise RuleError(_("a number is required"), key=key)
    if integer and result != result.to_integral_value():
        raise RuleError(_("a whole number is required"), key=key)
    if minimum is not None and result < minimum:
        raise RuleError(_("must be at least %(min)s") % {"min": shown(Decimal(minimum))}, key=key)
    if maximum is not None and result > maximum:
        raise RuleError(_("must be at most %(max)s") % {"max": shown(Decimal(maximum))}, key=key)
    return result


def rounded(value: Decimal, decimals: int) -> Decimal:
    """Half up, as people round marks (84,565 → 84,57), never banker's rounding."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> Decimal:
    """80.00 → 80, 84.50 → 84.5: the value without trailing zeros (never in exponent form)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def shown(value: Decimal) -> str:
    """A number as people read it in the active language (Vietnamese: 48,33)."""
    text = format(plain(value), "f")
    return text.replace(".", pgettext("decimal separator", "."))
