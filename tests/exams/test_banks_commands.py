"""import_questions and export_questions: the same service as the page, a new code creates the bank."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from exams.models import Item, QuestionBank

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def test_import_a_new_bank_then_export_it_in_every_format(tmp_path, capsys):
    call_command("import_questions", str(DATA / "gift_documentation.gift"), "--bank", "DOC", "--subject", "TH-IU01")
    assert "Added 36 questions to DOC (new bank)" in capsys.readouterr().out
    assert QuestionBank.objects.get(code="DOC").subject.code == "TH-IU01"
    for fmt in ("gift", "aiken", "moodlexml", "xlsx"):
        out = tmp_path / f"doc.{fmt}"
        call_command("export_questions", "--bank", "DOC", "--format", fmt, str(out))
        assert out.stat().st_size > 0
    call_command("import_questions", str(tmp_path / "doc.gift"), "--bank", "DOC")
    assert "Added 0 questions" in capsys.readouterr().out


def test_dry_run_writes_nothing(capsys):
    call_command("import_questions", str(DATA / "questions.aiken"), "--bank", "AIK", "--dry-run")
    assert "Dry run: would have added 3 questions" in capsys.readouterr().out
    assert not QuestionBank.objects.exists()


def test_errors_are_printed_by_line_and_the_command_fails(capsys):
    with pytest.raises(CommandError):
        call_command("import_questions", str(DATA / "gift_errors.gift"), "--bank", "ERR")
    err = capsys.readouterr().err
    assert "line 4:" in err and "line 8:" in err and "line 10:" in err
    assert not Item.objects.exists()


def test_unknown_subject_bank_or_extension_are_refused(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_questions", str(DATA / "questions.aiken"), "--bank", "X", "--subject", "NOPE")
    with pytest.raises(CommandError):
        call_command("export_questions", "--bank", "NOPE", "--format", "gift", str(tmp_path / "x.gift"))
    wrong = tmp_path / "x.docx"
    wrong.write_text("x")
    with pytest.raises(CommandError):
        call_command("import_questions", str(wrong), "--bank", "X")
