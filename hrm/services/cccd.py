"""Citizen ID (CCCD, 12 digits "PPP G YY NNNNNN"): check, decode and build numbers.

The province codes and the meaning of the sex/century digit are data, read once from the project's
copy of common/reference/regulations.json.
"""

import datetime as dt
import functools
import json
import re
import unicodedata
from itertools import compress
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _

from common.errors import ApplicationError

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "regulations.json"
# [0-9], never \d: \d also matches full-width and Arabic-Indic digits, a second copy of the same number
SHAPE = re.compile(r"([0-9]{3})([0-9])([0-9]{2})([0-9]{6})")


@functools.cache
def _rules() -> dict:
    data = json.loads(SOURCE.read_text(encoding="utf-8"))["cccd"]
    digits = {int(digit): (sex, int(century)) for digit, (sex, century) in data["sex_century"].items()}
    return {"provinces": dict(data["province_codes"]), "digits": digits, "length": int(data["length"])}


def cccd_normalize(value: str | None) -> str:
    """A typed or imported number made comparable: NFKC (full-width digits become 0-9), every space removed."""
    return "".join(unicodedata.normalize("NFKC", value or "").split())


def cccd_restore_zeros(value: str) -> str:
    """A number a spreadsheet stored as a number lost its leading zeros (province codes start with 0): put them
    back when that gives a known province code; any other value is returned as it is (its length is the error)."""
    if not re.fullmatch(r"[1-9][0-9]{9,10}", value):
        return value
    padded = value.zfill(_rules()["length"])
    return padded if padded[:3] in _rules()["provinces"] else value


def _digit_for(*, sex: str, century: int) -> int | None:
    for digit, meaning in _rules()["digits"].items():
        if meaning == (sex, century):
            return digit
    return None


def _century(year: int) -> int:
    return year // 100 * 100


def cccd_decode(cccd: str) -> dict | None:
    """What a CCCD says about its holder (province, sex, century, birth year); None if not 12 digits 0-9."""
    match = SHAPE.fullmatch(cccd or "")
    if match is None:
        return None
    province, digit, year2, _serial = match.groups()
    sex, century = _rules()["digits"][int(digit)]
    return {
        "province_code": province,
        "province_name": _rules()["provinces"].get(province),
        "sex": sex,
        "century": century,
        "year_2digits": year2,
        "birth_year": century + int(year2),
    }


def _sex_label(sex: str) -> str:
    return _("male") if sex == "male" else _("female")


def _digit_errors(decoded: dict, *, sex: str | None, date_of_birth: dt.date | None) -> list[str]:
    errors = []
    century = _century(date_of_birth.year) if date_of_birth else decoded["century"]
    if sex and sex != decoded["sex"]:
        expected = _digit_for(sex=sex, century=century)
        errors.append(
            _("The 4th digit means %(found)s, but the person is %(sex)s: expected %(digit)s.")
            % {"found": _sex_label(decoded["sex"]), "sex": _sex_label(sex), "digit": expected}
        )
    if date_of_birth and century != decoded["century"]:
        expected = _digit_for(sex=sex or decoded["sex"], century=century)
        errors.append(
            _("The 4th digit means born %(found)s–%(found_end)s, but the birth year is %(year)s: expected %(digit)s.")
            % {
                "found": decoded["century"],
                "found_end": decoded["century"] + 99,
                "year": date_of_birth.year,
                "digit": expected,
            }
        )
    return errors


def cccd_validate(*, cccd: str, sex: str | None, date_of_birth: dt.date | None) -> list[str]:
    """Every reason `cccd` (already normalised) does not fit its holder's sex and date of birth (empty: valid)."""
    decoded = cccd_decode(cccd)
    if decoded is None:
        return [_("A CCCD number must be exactly %(length)s digits.") % {"length": _rules()["length"]}]
    errors = []
    if decoded["province_name"] is None:
        errors.append(
            _("The first 3 digits (%(code)s) are not a known province code.") % {"code": decoded["province_code"]}
        )
    errors += _digit_errors(decoded, sex=sex, date_of_birth=date_of_birth)
    if date_of_birth and decoded["year_2digits"] != f"{date_of_birth.year % 100:02d}":
        errors.append(
            _("Digits 5–6 (%(found)s) do not match the birth year %(year)s: expected %(expected)s.")
            % {
                "found": decoded["year_2digits"],
                "year": date_of_birth.year,
                "expected": f"{date_of_birth.year % 100:02d}",
            }
        )
    return errors


def cccd_validation_key(*, cccd: str, sex: str | None, date_of_birth: dt.date | None) -> tuple:
    """What `cccd_validate`'s answer depends on: numbers with the same key get the same reasons (the serial and the
    day of birth play no part), so a file of 100,000 people is checked once per key."""
    shaped = SHAPE.fullmatch(cccd or "") is not None
    return (cccd[:6] if shaped else cccd, shaped, sex, date_of_birth.year if date_of_birth else None)


_SEX_CODES = {None: 0, "": 0, "male": 1, "female": 2}  # a key's sex as a number; another value is checked alone


def _shaped(cccds: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the numbers that are 12 digits 0-9, their first six digits as one int), in C over the column."""
    twelve = np.fromiter(map(len, cccds), dtype=np.int64, count=len(cccds)) == 12
    positions = twelve.nonzero()[0]
    # one byte per character ('?' for any non-ASCII one), so row i is bytes 12i to 12i+11
    text = "".join(compress(cccds, twelve)).encode("ascii", "replace")
    digits = np.frombuffer(text, dtype=np.uint8).reshape(-1, 12).astype(np.int64) - ord("0")
    digital = ((digits >= 0) & (digits <= 9)).all(axis=1)
    prefix = digits[digital, :6] @ (10 ** np.arange(5, -1, -1, dtype=np.int64))
    return positions[digital], prefix


def cccd_validate_many(*, cccds: list[str], sexes: list, dates_of_birth: list) -> list[tuple[int, list[str]]]:
    """`cccd_validate` over a column (empty numbers skipped): (position, reasons) of each number with reasons, in
    order. Each distinct validation key (cccd_validation_key) is worked out once, the keys found in C."""
    n = len(cccds)
    positions, prefix = _shaped(cccds)
    sex_codes = np.fromiter(map(_SEX_CODES.get, sexes, [3] * n), dtype=np.int64, count=n)
    years = np.fromiter((d.year if d else 0 for d in dates_of_birth), dtype=np.int64, count=n)
    plain = sex_codes[positions] < 3
    keyed = positions[plain]
    keys = (prefix[plain] * 4 + sex_codes[keyed]) * 10_000 + years[keyed]
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    answers = [_validate_at(cccds, sexes, dates_of_birth, keyed[i]) for i in first.tolist()]
    failing = np.fromiter(map(bool, answers), dtype=bool, count=len(answers))
    found = dict(zip(keyed[failing[inverse]].tolist(), (answers[i] for i in inverse[failing[inverse]]), strict=True))
    alone = np.ones(n, dtype=bool)
    alone[keyed] = False
    reasons: dict[tuple, list[str]] = {}
    for i in alone.nonzero()[0].tolist():  # not 12 digits, or a sex no key holds: the per-number path
        if cccds[i]:
            sex, born = sexes[i] or None, dates_of_birth[i]
            key = cccd_validation_key(cccd=cccds[i], sex=sex, date_of_birth=born)
            if key not in reasons:
                reasons[key] = cccd_validate(cccd=cccds[i], sex=sex, date_of_birth=born)
            if reasons[key]:
                found[i] = reasons[key]
    return sorted(found.items())


def _validate_at(cccds: list[str], sexes: list, dates_of_birth: list, i: int) -> list[str]:
    return cccd_validate(cccd=cccds[i], sex=sexes[i] or None, date_of_birth=dates_of_birth[i])


def cccd_make(*, province_code: str, sex: str, date_of_birth: dt.date, serial: int) -> str:
    """A valid CCCD number for a person (demo data, benchmarks); refuses unknown provinces or serials."""
    if province_code not in _rules()["provinces"]:
        raise ApplicationError(_("Unknown province code %(code)s.") % {"code": province_code}, field="province_code")
    if not 0 <= serial <= 999_999:
        raise ApplicationError(_("The serial must be between 0 and 999999."), field="serial")
    digit = _digit_for(sex=sex, century=_century(date_of_birth.year))
    if digit is None:
        raise ApplicationError(_("No CCCD digit encodes this sex and birth century."), field="sex")
    return f"{province_code}{digit}{date_of_birth.year % 100:02d}{serial:06d}"
