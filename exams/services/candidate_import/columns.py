"""The columns of a candidate file (the template and the reader share them), and the progress callback."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from common.vietnamese import fold

KIND = "exams.candidate_import"
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: object


COLUMNS = [
    Column("full_name", "Họ và tên", True, gettext_lazy("Full name")),
    Column("date_of_birth", "Ngày sinh", True, gettext_lazy("dd/mm/yyyy")),
    Column("sex", "Giới tính", True, gettext_lazy("Nam or Nữ")),
    Column("cccd", "Số CCCD", True, gettext_lazy("12 digits")),
    Column("ethnicity", "Dân tộc", False, gettext_lazy("Kinh when empty")),
    Column("phone", "Điện thoại", False, ""),
    Column("email", "Email", False, ""),
    Column("position", "Mã vị trí", True, gettext_lazy("code of a position of the exam")),
    Column("agency", "Mã cơ quan", False, gettext_lazy("needed when the position has quotas in several agencies")),
    Column("priority", "Ưu tiên", False, gettext_lazy("priority category keys, separated by commas")),
    Column("exemptions", "Miễn thi", False, gettext_lazy("language, it (separated by commas)")),
]
HEADERS = {fold(c.header): c for c in COLUMNS}
EXAMPLE = [
    "Nguyễn Thị Lan",
    "15/04/1998",
    "Nữ",
    "083198000123",
    "Kinh",
    "0912345678",
    "lan@example.vn",
    "CV-01",
    "",
    "military_service",
    "",
]
SEXES = {"nam": "male", "male": "male", "nu": "female", "female": "female"}


def _silent(percent: int, message: str) -> None:
    return None
