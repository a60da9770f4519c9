from common.vietnamese import fold, name_sort_key, normalize_name, sort_key, split_name


def test_names_sort_by_given_name_in_the_vietnamese_alphabet():
    names = ["Trần Thị Ánh", "Hồ Thị Ăn", "Nguyễn Văn An", "Đỗ Văn Đức", "Võ Văn Dũng", "Phạm Thị Ấn", "Ngô Thị Anh"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Văn An",
        "Ngô Thị Anh",
        "Trần Thị Ánh",
        "Hồ Thị Ăn",
        "Phạm Thị Ấn",
        "Võ Văn Dũng",
        "Đỗ Văn Đức",
    ]


def test_same_given_name_sorts_by_family_then_middle_name():
    assert sorted(["Lê Văn Bình", "Lê Hữu Bình", "Bùi Thị Bình"], key=name_sort_key) == [
        "Bùi Thị Bình",
        "Lê Hữu Bình",
        "Lê Văn Bình",
    ]


def test_o_with_marks_are_distinct_letters():
    assert sorted(["Lê Ơn", "Lê Ổn", "Lê On"], key=name_sort_key) == ["Lê On", "Lê Ổn", "Lê Ơn"]


def test_keys_are_plain_digits_so_any_collation_agrees():
    assert name_sort_key("Nguyễn Thị Minh Khai").isdigit()


def test_fold_and_normalize():
    assert fold("Đặng Thị Ngọc Ánh") == "dang thi ngoc anh"
    assert normalize_name("  nguyễn   văn AN ") == "Nguyễn Văn An"
    assert split_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")


def test_any_text_sorts_in_vietnamese_order_word_by_word_with_numbers_by_value():
    names = ["Phường 10", "Xã Đa Phước", "Phường 2", "Xã An Hòa", "Xã Ân Thạnh", "Xã Bình Phú", "Phường An Hội"]
    assert sorted(names, key=sort_key) == [
        "Phường 2",
        "Phường 10",
        "Phường An Hội",
        "Xã An Hòa",
        "Xã Ân Thạnh",
        "Xã Bình Phú",
        "Xã Đa Phước",
    ]
