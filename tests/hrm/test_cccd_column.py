import datetime as dt
import random

import pytest

from hrm.services.cccd import cccd_make, cccd_validate, cccd_validate_many

pytestmark = pytest.mark.usefixtures("english")


def _per_value(cccds, sexes, births):
    found = []
    for i, (cccd, sex, born) in enumerate(zip(cccds, sexes, births, strict=True)):
        if cccd:
            reasons = cccd_validate(cccd=cccd, sex=sex or None, date_of_birth=born)
            if reasons:
                found.append((i, reasons))
    return found


def _column(rng: random.Random, n: int):
    odd = [
        "",
        "08318500012",
        "0831850001234",
        "08318500012a",
        "083 18500012",
        "０８３１８５０００１２３",
        "٠٨٣١٨٥٠٠٠١٢٣",
    ]
    cccds, sexes, births = [], [], []
    for serial in range(n):
        born = dt.date(rng.randrange(1900, 2030), rng.randrange(1, 13), rng.randrange(1, 29))
        sex = rng.choice(["male", "female"])
        kind = rng.random()
        if kind < 0.5:
            cccd = cccd_make(
                province_code=rng.choice(["083", "001", "079"]), sex=sex, date_of_birth=born, serial=serial
            )
        elif kind < 0.85:
            cccd = f"{rng.randrange(1000):03d}{rng.randrange(10)}{rng.randrange(100):02d}{rng.randrange(10**6):06d}"
        else:
            cccd = rng.choice(odd)
        cccds.append(cccd)
        sexes.append(rng.choice([sex, sex, sex, "male", "female", "", None, "other"]))
        births.append(rng.choice([born, born, born, None, dt.date(rng.randrange(1900, 2010), 1, 1)]))
    return cccds, sexes, births


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_column_gives_the_reasons_of_each_value(seed):
    cccds, sexes, births = _column(random.Random(seed), 3000)
    expected = _per_value(cccds, sexes, births)
    assert len(expected) > 1000  # the mix has many bad numbers of every kind
    assert cccd_validate_many(cccds=cccds, sexes=sexes, dates_of_birth=births) == expected


def test_column_of_valid_numbers_has_no_reasons():
    born = dt.date(1985, 4, 2)
    cccds = [cccd_make(province_code="083", sex="female", date_of_birth=born, serial=n) for n in range(100)]
    assert cccd_validate_many(cccds=cccds, sexes=["female"] * 100, dates_of_birth=[born] * 100) == []


def test_one_bad_number_among_good_ones_is_named_by_its_position():
    born = dt.date(1985, 4, 2)
    cccds = [cccd_make(province_code="083", sex="female", date_of_birth=born, serial=n) for n in range(5)]
    cccds[3] = "003185000123"
    found = cccd_validate_many(cccds=cccds, sexes=["female"] * 5, dates_of_birth=[born] * 5)
    assert found == [(3, ["The first 3 digits (003) are not a known province code."])]


def test_empty_column():
    assert cccd_validate_many(cccds=[], sexes=[], dates_of_birth=[]) == []
    assert cccd_validate_many(cccds=["", ""], sexes=[None, None], dates_of_birth=[None, None]) == []
