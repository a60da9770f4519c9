"""Vietnamese telephone numbers: one normal form (0 and the national digits, e.g. 0912345678) and its grouped
display (0912 345 678).

Accepted as typed: +84 / 84 / 0084 in front (with or without the 0 that follows), spaces, dots, dashes and
brackets, full-width digits; and a number a spreadsheet stored as a number (its leading 0 gone). A mobile number
has 10 digits and starts with 03, 05, 07, 08 or 09; a landline starts with 02 and the area code and has 10 or 11
digits (Hà Nội 024 and TP. Hồ Chí Minh 028 have 3-digit area codes, every other province 4 digits).
"""

import re
import unicodedata

from django.utils.translation import gettext as _

from common.errors import ApplicationError

MOBILE = re.compile(r"0[35789][0-9]{8}")
LANDLINE = re.compile(r"02[0-9]{8,9}")
SHORT_AREA_CODES = ("024", "028")
_SEPARATORS = re.compile(r"[\s.\-()/]")
_COUNTRY = re.compile(r"(?:\+|00)?84")


def _valid(digits: str) -> bool:
    return bool(MOBILE.fullmatch(digits) or LANDLINE.fullmatch(digits))


def _candidates(text: str) -> list[str]:
    """The national forms `text` may stand for, in order of likelihood."""
    out = []
    country = _COUNTRY.match(text)
    if country:
        rest = text[country.end() :]
        out.append(rest if rest.startswith("0") else "0" + rest)
    if text.isdigit():
        out.append(text)
        if not text.startswith("0"):
            out.append("0" + text)  # a cell stored as a number lost its leading zero
    return out


def phone_normalize(value: str | None, *, field: str = "phone") -> str:
    """The normal form of a Vietnamese phone number ('' when blank); an ApplicationError on `field` otherwise."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))
    if not text:
        return ""
    for digits in _candidates(text):
        if _valid(digits):
            return digits
    message = _(
        "Not a Vietnamese phone number: a mobile number has 10 digits and starts with 03, 05, 07, 08 or 09; "
        "a landline starts with 02 and the area code (10 or 11 digits). +84 in front is accepted."
    )
    raise ApplicationError(message, field=field)


def phone_display(value: str | None) -> str:
    """A stored number grouped for reading: '0912 345 678', '024 3825 1234', '0275 3822 123' (other text as is)."""
    digits = value or ""
    if MOBILE.fullmatch(digits):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if LANDLINE.fullmatch(digits):
        area = 3 if digits.startswith(SHORT_AREA_CODES) else 4
        rest = digits[area:]
        return (
            f"{digits[:area]} {rest[:4]} {rest[4:]}" if len(rest) == 8 else f"{digits[:area]} {rest[:-3]} {rest[-3:]}"
        )
    return digits
