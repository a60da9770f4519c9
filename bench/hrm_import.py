"""Benchmark of the staff import (issue "Staff registry", Speed).

Run on PostgreSQL:  DATABASE_URL=postgres://root@127.0.0.1:5432/test .venv/bin/python bench/hrm_import.py
The script never touches the database named in DATABASE_URL: it creates (if missing) and migrates its
own database `congvu_bench` on the same server, empties its staff tables, then:
  1. generates a 100,000-row staff file (xlsx, the import's columns, valid CCCDs; over half viên chức paid by
     professional titles, the others by ngạch);
  2. (a) times reading the file with pandas + calamine only;
  3. imports it with full validation through hrm.services.imports.staff_import;
  4. (b) times django-import-export's default row-by-row import of a 5,000-row slice, scaled to the full file
     (inside a transaction that is rolled back);
  5. times the quality report over the 100,000 staff (null if hrm.services.reports is missing).
BENCH_SHARED_STRINGS=1 writes the file as Excel saves it (its texts in a shared strings table, bench/shared_strings.py)
instead of openpyxl's inline strings.
Goals (issue 13): import_s <= 2 x read_s, import_s * 15 <= import_export_scaled_s, peak_mb < 1500, report_s < 0.5.
The last line printed is JSON: rows, strings ("shared" or "inline"), read_s, import_s, import_export_scaled_s, peak_mb,
report_s, load_1m.
"""

import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import bench_database  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
SLICE = 5000
BENCH_DB = os.environ.get("BENCH_DB", "congvu_bench")
SHARED_STRINGS = os.environ.get("BENCH_SHARED_STRINGS", "") == "1"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CONGVU_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def empty_staff() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE hrm_user SET person_id = NULL")
        tables = ["hrm_salaryrecord", "hrm_assignment", "hrm_employee", "hrm_person", "common_auditentry"]
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def checkpoint() -> None:
    """Flush the server's dirty pages first, so no checkpoint left over from earlier work lands mid-measure."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:  # not a superuser: measure as it comes
        pass


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Đức", "Thu", "Quốc", "Kim", "Hoài", "Bảo"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Ngân",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]


RANKS = {  # staff type → the codes the bench pays it by (a viên chức by a title, a công chức by a ngạch)
    "Viên chức": ["V.07.02.26", "V.07.03.29", "V.07.04.32", "V.07.05.15", "V.08.01.03", "V.08.05.12", "V.08.08.22"],
    "Công chức": ["01.002", "01.003", "01.004", "06.031", "06.032"],
}
RANKS["Cán bộ"] = RANKS["Công chức"] + RANKS["Viên chức"]
STAFF_TYPES = ["Viên chức"] * 11 + ["Công chức"] * 7 + ["Cán bộ"] * 2  # over half viên chức, as in a province


def _salary_table(on: dt.date) -> dict[str, list[tuple[str, int, str]]]:
    """Staff type → every (rank code, step, coefficient) in force on `on` of the ranks it may be paid by."""
    from hrm.models import Rank
    from hrm.services.imports.lookups import _steps_by_rank

    ranks = dict(Rank.objects.filter(code__in=RANKS["Cán bộ"]).values_list("id", "code"))
    steps = _steps_by_rank(set(ranks), on)
    return {
        kind: [
            (ranks[rid], step, f"{coef:.2f}")
            for rid, by_step in steps.items()
            if ranks[rid] in codes
            for step, coef in by_step.items()
        ]
        for kind, codes in RANKS.items()
    }


def written_header(column) -> str:
    """The header the bench's files write for a column: its first older name if it has one (the names the
    import-export baseline below also uses), else its own."""
    return column.aliases[0] if column.aliases else column.header


def generate(path: Path, rows: int) -> None:
    """Write a valid staff file of `rows` rows in the import's columns (through the export writer)."""
    from hrm.models import OrgUnit
    from hrm.services.cccd import cccd_make
    from hrm.services.exports import rows_write
    from hrm.services.imports.columns import COLUMNS

    rng = random.Random(83)
    today = dt.date.today()
    units = list(OrgUnit.objects.open().filter(kind__in=["district", "commune"]).values_list("code", flat=True))
    salary = _salary_table(today)
    labels = {c.header: list(c.labels.values()) for c in COLUMNS if c.labels}
    out = []
    for n in range(rows):
        sex = rng.choice(["Nam", "Nữ"])
        born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 35))
        staff_type = rng.choice(STAFF_TYPES)
        rank, step, coef = rng.choice(salary[staff_type])
        record = {
            "Số hiệu": f"BT{n:06d}",
            "Họ và tên": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "Ngày sinh": born.strftime("%d/%m/%Y"),
            "Giới tính": sex,
            "Số CCCD": cccd_make(
                province_code="083", sex="male" if sex == "Nam" else "female", date_of_birth=born, serial=n
            ),
            "Mã đơn vị": rng.choice(units),
            "Loại cán bộ": staff_type,
            "Trạng thái": "Đang làm việc",
            "Chức vụ": rng.choice(["Chuyên viên", "Phó phòng", "Trưởng phòng", ""]),
            "Mã ngạch": rank,
            "Bậc lương": str(step),
            "Hệ số": coef,
            "Ngày hưởng bậc": (today - dt.timedelta(days=rng.randrange(1, 1000))).strftime("%d/%m/%Y"),
            "Phụ cấp chức vụ": rng.choice(["0.00", "0.20", "0.30"]),
            "Dân tộc": "Kinh",
            "Tôn giáo": "Không",
            "Quê quán": "Bến Tre",
            "Trình độ chuyên môn": rng.choice(labels["Trình độ chuyên môn"][:4]),
            "Lý luận chính trị": rng.choice(labels["Lý luận chính trị"] + [""]),
            "Quản lý nhà nước": rng.choice(labels["Quản lý nhà nước"] + [""]),
            "Ngoại ngữ": rng.choice(["Tiếng Anh", ""]),
            "Tin học": rng.choice(labels["Tin học"] + [""]),
            "Ngày vào Đảng": rng.choice(["", (born + dt.timedelta(days=9000)).strftime("%d/%m/%Y")]),
            "Ngày tuyển dụng": (born + dt.timedelta(days=8000)).strftime("%d/%m/%Y"),
        }
        out.append([record.get(written_header(c), "") for c in COLUMNS])
    with open(path, "wb") as handle:  # the older headers, which the import still reads (columns.ALIASES)
        rows_write(rows=out, out=handle, fmt="xlsx", headers=[written_header(c) for c in COLUMNS])
    if SHARED_STRINGS:
        from bench.shared_strings import shared_strings_rewrite

        shared_strings_rewrite(path)


def time_read(path: Path) -> float:
    import pandas as pd

    start = time.perf_counter()
    frame = pd.read_excel(path, engine="calamine")
    elapsed = time.perf_counter() - start
    assert len(frame) == ROWS, len(frame)
    return elapsed


def time_import(path: Path, admin) -> float:
    from hrm.services.imports import staff_import

    start = time.perf_counter()
    result = staff_import(path=path, user=admin)
    elapsed = time.perf_counter() - start
    if result["errors"]:
        sys.exit(f"import refused the file: {result['errors'][:5]}")
    assert result["created"] == ROWS, result
    return elapsed


def _baseline_dataset(path: Path):
    """The first 5,000 rows, with new staff numbers and CCCDs, labels mapped to stored values."""
    import pandas as pd
    import tablib

    from hrm.services.imports.columns import COLUMNS

    frame = pd.read_excel(path, engine="calamine", dtype=str, nrows=SLICE).fillna("")
    for column in COLUMNS:
        if column.labels:
            reverse = {label: str(value) for value, label in column.labels.items()}
            reverse.update({label: str(value) for label, value in column.label_aliases.items()})
            header = written_header(column)
            frame[header] = frame[header].map(lambda v, r=reverse: r.get(v, v))
    frame["Số hiệu"] = "IE" + frame["Số hiệu"].str[2:]
    frame["Số CCCD"] = frame["Số CCCD"].str[:6] + "9" + frame["Số CCCD"].str[7:]  # unused serials
    return tablib.Dataset(*frame.itertuples(index=False, name=None), headers=list(frame.columns))


def _baseline_resources():
    from import_export import fields, resources, widgets

    from hrm.models import Employee, OrgUnit, Person, Rank

    date = widgets.DateWidget(format="%d/%m/%Y")

    class PersonResource(resources.ModelResource):
        full_name = fields.Field("full_name", "Họ và tên")
        date_of_birth = fields.Field("date_of_birth", "Ngày sinh", widget=date)
        sex = fields.Field("sex", "Giới tính")
        cccd = fields.Field("cccd", "Số CCCD")
        ethnicity = fields.Field("ethnicity", "Dân tộc")
        religion = fields.Field("religion", "Tôn giáo")
        native_place = fields.Field("native_place", "Quê quán")
        party_joined_on = fields.Field("party_joined_on", "Ngày vào Đảng", widget=date)

        class Meta:
            model = Person
            import_id_fields = ["cccd"]
            fields = [
                "full_name",
                "date_of_birth",
                "sex",
                "cccd",
                "ethnicity",
                "religion",
                "native_place",
                "party_joined_on",
            ]

    class EmployeeResource(resources.ModelResource):
        code = fields.Field("code", "Số hiệu")
        person = fields.Field("person", "Số CCCD", widget=widgets.ForeignKeyWidget(Person, "cccd"))
        unit = fields.Field("unit", "Mã đơn vị", widget=widgets.ForeignKeyWidget(OrgUnit, "code"))
        staff_type = fields.Field("staff_type", "Loại cán bộ")
        position = fields.Field("position", "Chức vụ")
        rank = fields.Field("rank", "Mã ngạch", widget=widgets.ForeignKeyWidget(Rank, "code"))
        salary_step = fields.Field("salary_step", "Bậc lương", widget=widgets.IntegerWidget())
        coefficient = fields.Field("coefficient", "Hệ số", widget=widgets.DecimalWidget())
        step_since = fields.Field("step_since", "Ngày hưởng bậc", widget=date)
        recruited_on = fields.Field("recruited_on", "Ngày tuyển dụng", widget=date)

        class Meta:
            model = Employee
            import_id_fields = ["code"]
            fields = [
                "code",
                "person",
                "unit",
                "staff_type",
                "position",
                "rank",
                "salary_step",
                "coefficient",
                "step_since",
                "recruited_on",
            ]

    return PersonResource(), EmployeeResource()


def time_import_export(path: Path) -> float:
    """django-import-export's default (row by row) import of a 5,000-row slice, scaled to the full file."""
    from django.db import transaction

    dataset = _baseline_dataset(path)
    people, staff = _baseline_resources()
    start = time.perf_counter()
    with transaction.atomic():
        for resource, name in ((people, "people"), (staff, "staff")):
            result = resource.import_data(dataset, dry_run=False, raise_errors=True)
            assert not result.has_validation_errors(), name
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed * ROWS / SLICE


def time_report() -> float | None:
    try:
        from hrm.services.reports import quality_report
    except ImportError:
        return None
    from hrm.models import OrgUnit

    root = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    start = time.perf_counter()
    quality_report(unit=root, on=dt.date.today())
    return time.perf_counter() - start


def main() -> None:
    bench_database(BENCH_DB)
    setup_django()
    from django.contrib.auth import get_user_model

    empty_staff()
    admin = get_user_model().objects.filter(username="bench-admin").first() or get_user_model().objects.create(
        username="bench-admin", is_superuser=True, is_staff=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "staff.xlsx"
        started = time.perf_counter()
        generate(path, ROWS)
        print(f"generated {ROWS} rows in {time.perf_counter() - started:.1f}s ({path.stat().st_size >> 20} MB)")
        read_s = time_read(path)
        checkpoint()
        import_s = time_import(path, admin)
        baseline_s = time_import_export(path)
    report_s = time_report()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"read {read_s:.2f}s | import {import_s:.2f}s ({import_s / read_s:.2f}x read; goal <= 2x) | "
        f"import-export row by row, scaled {baseline_s:.1f}s ({baseline_s / import_s:.1f}x slower; goal >= 15x) | "
        f"peak {peak_mb:.0f} MB (goal < 1500) | report {report_s if report_s is None else round(report_s, 3)}s "
        f"(goal < 0.5)"
    )
    print(
        json.dumps(
            {
                "rows": ROWS,
                "strings": "shared" if SHARED_STRINGS else "inline",
                "read_s": round(read_s, 3),
                "import_s": round(import_s, 3),
                "import_export_scaled_s": round(baseline_s, 3),
                "peak_mb": round(peak_mb, 1),
                "report_s": None if report_s is None else round(report_s, 3),
                "load_1m": round(os.getloadavg()[0], 2),  # the machine may be shared: read the figures with it
            }
        )
    )


if __name__ == "__main__":
    main()
