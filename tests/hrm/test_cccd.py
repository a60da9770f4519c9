import datetime as dt

import pytest

from common.errors import ApplicationError
from hrm.services.cccd import cccd_decode, cccd_make, cccd_validate, cccd_validation_key

pytestmark = pytest.mark.usefixtures("english")


def test_ben_tre_woman_born_1985_is_valid():
    assert cccd_validate(cccd="083185000123", sex="female", date_of_birth=dt.date(1985, 4, 2)) == []


def test_man_born_2001_uses_digit_2():
    assert cccd_validate(cccd="083201004567", sex="male", date_of_birth=dt.date(2001, 9, 30)) == []


def test_decode_reads_province_sex_and_year():
    assert cccd_decode("079096001234") == {
        "province_code": "079",
        "province_name": "TP. Hồ Chí Minh",
        "sex": "male",
        "century": 1900,
        "year_2digits": "96",
        "birth_year": 1996,
    }
    assert cccd_decode("08318500012") is None


@pytest.mark.parametrize("value", ["08318500012", "0831850001234", "08318500012a", "", "083 185 000 123"])
def test_wrong_length_or_characters_is_one_clear_error(value):
    errors = cccd_validate(cccd=value, sex="female", date_of_birth=dt.date(1985, 4, 2))
    assert errors == ["A CCCD number must be exactly 12 digits."]


def test_unknown_province_code():
    errors = cccd_validate(cccd="003185000123", sex="female", date_of_birth=dt.date(1985, 4, 2))
    assert errors == ["The first 3 digits (003) are not a known province code."]


def test_sex_digit_inconsistent_with_sex_names_expected_digit():
    errors = cccd_validate(cccd="083085000123", sex="female", date_of_birth=dt.date(1985, 4, 2))
    assert errors == ["The 4th digit means male, but the person is female: expected 1."]


def test_century_inconsistent_with_birth_year():
    errors = cccd_validate(cccd="083301000123", sex="female", date_of_birth=dt.date(1901, 1, 1))
    assert errors == ["The 4th digit means born 2000–2099, but the birth year is 1901: expected 1."]


def test_year_digits_inconsistent_with_birth_year():
    errors = cccd_validate(cccd="083186000123", sex="female", date_of_birth=dt.date(1985, 4, 2))
    assert errors == ["Digits 5–6 (86) do not match the birth year 1985: expected 85."]


def test_every_failure_is_reported():
    errors = cccd_validate(cccd="003287000123", sex="female", date_of_birth=dt.date(1985, 4, 2))
    assert len(errors) == 4  # province, sex, century, year


def test_missing_sex_and_birth_date_checks_only_the_shape_and_province():
    assert cccd_validate(cccd="083287000123", sex=None, date_of_birth=None) == []


def test_make_builds_valid_numbers():
    born = dt.date(1985, 4, 2)
    number = cccd_make(province_code="083", sex="female", date_of_birth=born, serial=123)
    assert number == "083185000123"
    assert cccd_validate(cccd=number, sex="female", date_of_birth=born) == []
    assert cccd_make(province_code="083", sex="male", date_of_birth=dt.date(2001, 1, 1), serial=7) == "083201000007"


def test_make_refuses_unknown_province_and_bad_serial():
    with pytest.raises(ApplicationError):
        cccd_make(province_code="003", sex="male", date_of_birth=dt.date(1990, 1, 1), serial=1)
    with pytest.raises(ApplicationError):
        cccd_make(province_code="083", sex="male", date_of_birth=dt.date(1990, 1, 1), serial=1_000_000)


def test_messages_are_vietnamese_by_default():
    from django.utils import translation

    with translation.override("vi"):
        errors = cccd_validate(cccd="08318500012", sex="female", date_of_birth=dt.date(1985, 4, 2))
    assert errors == ["Số CCCD phải gồm đúng 12 chữ số."]


def test_numbers_with_the_same_validation_key_get_the_same_reasons():
    born, other_day = dt.date(1985, 4, 2), dt.date(1985, 12, 31)
    for cccd, sex in (("083185000123", "female"), ("083085999999", "male"), ("999185000001", "male")):
        key = cccd_validation_key(cccd=cccd, sex=sex, date_of_birth=born)
        twin = cccd[:6] + "424242"
        assert cccd_validation_key(cccd=twin, sex=sex, date_of_birth=other_day) == key
        assert cccd_validate(cccd=twin, sex=sex, date_of_birth=other_day) == cccd_validate(
            cccd=cccd, sex=sex, date_of_birth=born
        )
    assert cccd_validation_key(cccd="08318500012", sex="male", date_of_birth=born) != cccd_validation_key(
        cccd="083185000120", sex="male", date_of_birth=born
    )
