"""Candidate import: all rows or none, each bad row named by row and column; page, API, command and job."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from common.models import Job
from exams.models import Candidate, CandidateClaim
from exams.services.candidate_import import (
    COLUMNS,
    candidate_import,
    candidate_import_job_run,
    candidate_import_template,
)
from hrm.models import Person
from hrm.services.cccd import cccd_make
from tests.exams.factories_cands import PartFactory, PositionFactory, register, xlsx_file

pytestmark = pytest.mark.django_db
HEADER = [c.header for c in COLUMNS]


def cccd(serial, sex="male", born=dt.date(1995, 3, 4)):
    return cccd_make(province_code="083", sex=sex, date_of_birth=born, serial=serial)


def row(name="Nguyễn Văn An", born="04/03/1995", sex="Nam", number=None, position="CV-01", **extra):
    values = {"full_name": name, "date_of_birth": born, "sex": sex, "cccd": number or cccd(1), "position": position}
    values.update(extra)
    return [values.get(c.key, "") for c in COLUMNS]


@pytest.fixture
def position():
    position = PositionFactory(code="CV-01")
    PartFactory(exam=position.exam, key="language", name="Ngoại ngữ")
    return position


def run(exam, rows, tmp_path, name="f.xlsx", **kwargs):
    upload = xlsx_file([HEADER, *rows], name=name)
    path = tmp_path / name
    path.write_bytes(upload.read())
    return candidate_import(exam=exam, path=path, actor=None, **kwargs)


def test_a_good_file_creates_people_candidates_and_claims(position, tmp_path):
    result = run(
        position.exam,
        [
            row(),
            row(
                "Trần Thị Bích",
                "1996-05-06",
                "Nữ",
                cccd(2, "female", dt.date(1996, 5, 6)),
                priority="military_service",
                exemptions="language",
            ),
            row(
                "Lê Văn Cường",
                dt.datetime(1994, 7, 8),
                "nam",
                int(cccd(3, born=dt.date(1994, 7, 8))),
                exemptions="Ngoại ngữ",
            ),
        ],
        tmp_path,
    )
    assert result["errors"] == [] and result["created"] == 3
    assert Candidate.objects.filter(exam=position.exam, position=position).count() == 3
    assert CandidateClaim.objects.filter(kind="exemption", part_key="language").count() == 2
    assert Person.objects.get(full_name="Lê Văn Cường").cccd.startswith("083")  # the leading zero put back


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(position, tmp_path, english):
    known = register(position.exam, position, full_name="Đã Có", born=dt.date(1995, 3, 4))
    elsewhere = PositionFactory()
    other = register(elsewhere.exam, elsewhere, full_name="Người Khác", born=dt.date(1990, 1, 1))
    rows = [
        row(number=cccd(10)),  # row 2: good
        row(position="XX-99", number=cccd(11)),  # 3: unknown position
        row(number="0831950"),  # 4: bad CCCD
        row(name="Tên Khác", born="01/01/1990", number=other.person.cccd),  # 5: identity mismatch
        row(number=cccd(10)),  # 6: duplicate in the file (row 2)
        row(name="Đã Có", number=known.person.cccd),  # 7: already in the exam
        row(number=cccd(12), priority="lottery"),  # 8: bad claim key
        row(number=cccd(13), exemptions="it"),  # 9: the exam has no IT part
        row(born="31/02/1995", number=cccd(14)),  # 10: bad date
        row(sex="X", number=cccd(15), name=""),  # 11: bad sex, missing name
    ]
    result = run(position.exam, rows, tmp_path)
    got = {(e["row"], e["column"]) for e in result["errors"]}
    assert got == {
        (3, "Mã vị trí"),
        (4, "Số CCCD"),
        (5, "Số CCCD"),
        (6, "Số CCCD"),
        (7, "Số CCCD"),
        (8, "Ưu tiên"),
        (9, "Miễn thi"),
        (10, "Ngày sinh"),
        (11, "Giới tính"),
        (11, "Họ và tên"),
    }
    messages = {e["row"]: e["message"] for e in result["errors"]}
    assert "row 2" in messages[6] and "already a candidate" in messages[7]
    assert result["created"] == 0 and Candidate.objects.filter(exam=position.exam).count() == 1


def test_missing_columns_and_empty_files(position, tmp_path):
    upload = xlsx_file([["Họ và tên"], ["An"]])
    path = tmp_path / "x.xlsx"
    path.write_bytes(upload.read())
    result = candidate_import(exam=position.exam, path=path, actor=None)
    assert {e["column"] for e in result["errors"]} == {"Ngày sinh", "Giới tính", "Số CCCD", "Mã vị trí"}
    assert all(e["row"] == 1 for e in result["errors"])
    assert run(position.exam, [], tmp_path)["errors"][0]["row"] == 2


def test_dry_run_and_csv(position, tmp_path):
    assert run(position.exam, [row()], tmp_path, dry_run=True) == {
        "errors": [],
        "created": 1,
        "rows": 1,
        "dry_run": True,
    }
    assert not Candidate.objects.exists()
    path = tmp_path / "f.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(str(v) for v in row()) + "\n", encoding="utf-8-sig")
    assert candidate_import(exam=position.exam, path=path, actor=None)["created"] == 1


def test_the_template_has_the_headers_and_imports_with_its_example(position, tmp_path):
    book = load_workbook(io.BytesIO(candidate_import_template()))
    sheet = book.active
    assert [c.value for c in sheet[1]] == HEADER
    path = tmp_path / "t.xlsx"
    path.write_bytes(candidate_import_template())
    result = candidate_import(exam=position.exam, path=path, actor=None)
    assert result["errors"] == [] and result["created"] == 1


def test_the_command_imports_or_names_the_errors(position, tmp_path, capsys):
    upload = xlsx_file([HEADER, row(), row(position="NOPE", number=cccd(5))])
    path = tmp_path / "c.xlsx"
    path.write_bytes(upload.read())
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_candidates", str(path), "--exam", position.exam.code)
    assert "row 3, column Mã vị trí" in capsys.readouterr().err
    path.write_bytes(xlsx_file([HEADER, row()]).read())
    call_command("import_candidates", str(path), "--exam", position.exam.code, "--dry-run")
    assert not Candidate.objects.exists()
    call_command("import_candidates", str(path), "--exam", position.exam.code)
    assert Candidate.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("import_candidates", str(path), "--exam", "NOPE")


def test_a_large_file_runs_as_a_job_with_progress(
    position, examiner, settings, tmp_path, django_capture_on_commit_callbacks
):
    from exams.services.candidate_import import candidate_import_start

    settings.CONGVU_IMPORT_SYNC_MAX_ROWS = 1
    settings.MEDIA_ROOT = tmp_path
    rows = [row(f"Người Số {i}", number=cccd(100 + i)) for i in range(3)]
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = candidate_import_start(exam=position.exam, actor=examiner, upload=xlsx_file([HEADER, *rows]))
    assert outcome.queued and len(callbacks) == 1
    candidate_import_job_run(job_id=outcome.job.pk)
    candidate_import_job_run(job_id=outcome.job.pk)  # a second delivery does nothing
    job = Job.objects.get(pk=outcome.job.pk)
    assert job.status == Job.Status.SUCCEEDED and job.result["created"] == 3
    assert Candidate.objects.filter(exam=position.exam).count() == 3


def test_phones_are_checked_and_stored_in_one_form(position, tmp_path):
    result = run(position.exam, [row(number=cccd(30), phone="0912 345"), row(number=cccd(31))], tmp_path)
    assert {(e["row"], e["column"]) for e in result["errors"]} == {(2, "Điện thoại")}
    assert result["created"] == 0
    result = run(position.exam, [row(number=cccd(30), phone="+84 912-345-678")], tmp_path)
    assert result["created"] == 1
    assert Candidate.objects.get(person__cccd=cccd(30)).phone == "0912345678"
