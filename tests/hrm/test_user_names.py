"""A user's name is written the Vietnamese way: family and middle names, then the given name."""

from tests.hrm.factories import UserFactory


def test_the_full_name_puts_the_family_name_first(db):
    user = UserFactory(username="mai", first_name="Mai", last_name="Trần Thị")
    assert user.get_full_name() == "Trần Thị Mai" == user.display_name


def test_a_user_without_a_name_is_shown_by_his_username(db):
    user = UserFactory(username="khongten")
    assert user.get_full_name() == "" and user.display_name == "khongten"
