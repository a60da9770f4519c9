"""python manage.py export_questions --bank CODE --format gift|aiken|moodlexml|xlsx FILE [--approved-only]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exams.selectors import bank_get_by_code
from exams.services.banks import questions_export


class Command(BaseCommand):
    help = "Export a bank's live questions (newest version of each, or the approved one) to a file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--bank", required=True)
        parser.add_argument("--format", required=True, choices=["gift", "aiken", "moodlexml", "xlsx"])
        parser.add_argument("--approved-only", action="store_true", help="Only the approved version of each item.")

    def handle(self, *args, file, bank, format, approved_only, **options):
        found = bank_get_by_code(code=bank.strip().upper())
        if found is None:
            raise CommandError(f"No bank with the code {bank}.")
        try:
            out = questions_export(bank=found, fmt=format, approved_only=approved_only)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        Path(file).write_bytes(out["content"])
        for code in out["not_exportable"]:
            self.stderr.write(f"not exportable as {format}: {code}")
        self.stdout.write(f"Exported {out['exported']} questions of {found.code} to {file}.")
