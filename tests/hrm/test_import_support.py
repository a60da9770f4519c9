"""Shared helpers of the import/export tests: a valid staff row, and files written from rows."""

import csv
import datetime as dt

from openpyxl import Workbook

from hrm.services.cccd import cccd_make
from hrm.services.imports.columns import HEADERS


def staff_row(n: int = 1, unit: str = "H831", **overrides) -> dict:
    """A valid row (header → text) for a new civil servant numbered `n`."""
    born = dt.date(1980, 1, 1) + dt.timedelta(days=n * 37)
    sex = "male" if n % 2 else "female"
    row = {
        "Số hiệu CBCCVC": f"CB{n:05d}",
        "Họ và tên": f"Nguyễn Văn Thử {n}" if sex == "male" else f"Trần Thị Thử {n}",
        "Ngày sinh": born.strftime("%d/%m/%Y"),
        "Giới tính": "Nam" if sex == "male" else "Nữ",
        "Số CCCD": cccd_make(province_code="083", sex=sex, date_of_birth=born, serial=n),
        "Mã đơn vị": unit,
        "Đối tượng": "Công chức",
        "Trạng thái": "Đang công tác",
        "Chức vụ": "Chuyên viên",
        "Mã ngạch / chức danh": "01.003",
        "Bậc lương": "3",
        "Hệ số": "3,00",
        "Ngày hưởng bậc lương": "01/01/2022",
        "Phụ cấp chức vụ": "",
        "Dân tộc": "Kinh",
        "Tôn giáo": "Không",
        "Quê quán": "Bến Tre",
        "Trình độ chuyên môn": "Đại học",
        "Lý luận chính trị": "Trung cấp",
        "Quản lý nhà nước": "Chuyên viên",
        "Ngoại ngữ": "Tiếng Anh",
        "Tin học": "Chứng chỉ",
        "Ngày vào Đảng": "",
        "Ngày tuyển dụng": "01/06/2010",
    }
    row.update(overrides)
    return row


def write_xlsx(path, rows: list[dict], headers: list[str] | None = None):
    headers = headers or HEADERS
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    book.save(path)
    return path


def write_csv(path, rows: list[dict], headers: list[str] | None = None):
    headers = headers or HEADERS
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path
