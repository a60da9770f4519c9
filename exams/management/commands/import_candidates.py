"""python manage.py import_candidates FILE --exam CODE [--dry-run] [--user USERNAME]"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exams.models import Exam
from exams.services.candidate_import import candidate_import


class Command(BaseCommand):
    help = "Import an exam's applicants from an xlsx or csv file in the template's columns: every row or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--exam", required=True, help="Code of the exam.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument("--user", help="Record the import as this user (audit trail).")

    def handle(self, *args, file, exam, dry_run, user, **options):
        found = Exam.objects.filter(code=exam).first()
        if found is None:
            raise CommandError(f"No exam has the code {exam}.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user named {user}.")
        try:
            result = candidate_import(exam=found, path=file, actor=actor, dry_run=dry_run)
        except (ValidationError, FileNotFoundError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        for error in result["errors"]:
            self.stderr.write(f"row {error['row']}, column {error['column']}: {error['message']}")
        if result["errors"]:
            raise CommandError(f"{len(result['errors'])} errors: nothing was imported.")
        prefix = "Dry run: would have imported" if dry_run else "Imported"
        self.stdout.write(f"{prefix} {result['created']} candidates into {found.code}.")
