"""Demo question banks: general knowledge (203 approved single-choice items), IT module IU01 (approved) and a small
draft bank of every question type, imported from exams/demo_data/ by the import service.

Four eyes in the demo too: `bank_author`, a board member of these three banks, writes (imports) the items; the
demo board member `exam_board` reviews and approves them. Safe to run again: a bank that exists is left as it is.
"""

from pathlib import Path

from django.db import transaction

from exams.models import ItemVersion, QuestionBank, Subject
from exams.roles import ExamRole
from exams.services.banks import bank_create, questions_import, versions_decide
from hrm.demo.users import demo_user_ensure

DATA = Path(__file__).resolve().parent / "demo_data"
BANKS = [
    # code, name, subject, file, approve
    ("KTC-DEMO", "Kiến thức chung (demo)", "KTC", "kien_thuc_chung.gift", True),
    ("IU01-DEMO", "Tin học IU01: Hiểu biết về CNTT cơ bản (demo)", "TH-IU01", "tin_hoc_iu01.gift", True),
    ("VT-NHAP", "Nghiệp vụ văn thư, lưu trữ (dự thảo)", "KTC", "nghiep_vu_van_thu.gift", False),
]
AUTHOR = "bank_author"


@transaction.atomic
def demo_banks_load() -> dict:
    """Create the demo banks (once) with their author and board; returns {label: count}."""
    board = demo_user_ensure("exam_board", grants=[{"role": ExamRole.EXAM_BOARD}])
    counts = {}
    for code, name, subject, file, approve in BANKS:
        if not QuestionBank.objects.filter(code=code).exists():
            # the author must be on the bank's board before he imports into it: the bank is created first
            bank_create(actor=board, code=code, name=name, subject=Subject.objects.get(code=subject))
            bank = QuestionBank.objects.get(code=code)
            author = demo_user_ensure(AUTHOR, grants=[{"role": ExamRole.EXAM_BOARD, "scope": bank}])
            result = questions_import(path=str(DATA / file), name=file, bank_code=code, user=author)
            if result["errors"]:
                raise RuntimeError(f"demo bank {code}: {result['errors'][:3]}")
            if approve:
                ids = list(ItemVersion.objects.filter(item__bank=bank).values_list("pk", flat=True))
                versions_decide(actor=board, bank=bank, version_ids=ids, decision="review")
                versions_decide(actor=board, bank=bank, version_ids=ids, decision="approve")
            counts[f"bank {code}"] = result["created"]
        else:
            demo_user_ensure(
                AUTHOR, grants=[{"role": ExamRole.EXAM_BOARD, "scope": QuestionBank.objects.get(code=code)}]
            )
    return counts


def demo_banks_logins() -> list[dict]:
    """The demo bank author's login (a board member of the demo banks only)."""
    from hrm.demo.users import demo_login_rows

    return demo_login_rows([AUTHOR])
