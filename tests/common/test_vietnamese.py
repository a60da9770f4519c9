from common.vietnamese import fold, name_sort_key, normalize_name, split_name


def test_names_sort_by_given_name_in_the_vietnamese_alphabet():
    names = ["Trần Thị Ánh", "Hồ Thị Ăn", "Nguyễn Văn An", "Đỗ Văn Đức", "Võ Văn Dũng", "Phạm Thị Ấn", "Ngô Thị Anh"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Văn An", "Ngô Thị Anh", "Trần Thị Ánh", "Hồ Thị Ăn", "Phạm Thị Ấn", "Võ Văn Dũng", "Đỗ Văn Đức",
    ]


def test_same_given_name_sorts_by_family_then_middle_name():
    assert sorted(["Lê Văn Bình", "Lê Hữu Bình", "Bùi Thị Bình"], key=name_sort_key) == [
        "Bùi Thị Bình", "Lê Hữu Bình", "Lê Văn Bình",
    ]


def test_o_with_marks_are_distinct_letters():
    assert sorted(["Lê Ơn", "Lê Ổn", "Lê On"], key=name_sort_key) == ["Lê On", "Lê Ổn", "Lê Ơn"]


def test_keys_are_plain_digits_so_any_collation_agrees():
    assert name_sort_key("Nguyễn Thị Minh Khai").isdigit()


def test_fold_and_normalize():
    assert fold("Đặng Thị Ngọc Ánh") == "dang thi ngoc anh"
    assert normalize_name("  nguyễn   văn AN ") == "Nguyễn Văn An"
    assert split_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
