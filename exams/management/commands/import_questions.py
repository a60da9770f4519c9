"""python manage.py import_questions FILE --bank CODE [--dry-run] [--subject CODE] [--name NAME] [--user USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exams.services.banks import questions_import
from exams.services.banks.transfer import DEFAULT_SUBJECT


class Command(BaseCommand):
    help = (
        "Import questions (.gift/.txt GIFT, .aiken Aiken, .xml Moodle XML, .xlsx template) into a bank: every item "
        "or none. A new bank code creates the bank on --subject."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--bank", required=True, help="The bank's code (a new code creates the bank).")
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument(
            "--subject",
            default=DEFAULT_SUBJECT,
            help=f"Subject code of a new bank (default {DEFAULT_SUBJECT}, general knowledge).",
        )
        parser.add_argument("--name", default="", help="Name of a new bank (default: its code).")
        parser.add_argument("--user", help="Import as this user (his banks only); default: the system.")

    def handle(self, *args, file, bank, dry_run, subject, name, user, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user named {user}.")
        if not Path(file).is_file():
            raise CommandError(f"No file {file}.")
        try:
            result = questions_import(
                path=file, name=file, bank_code=bank, user=actor, dry_run=dry_run, subject_code=subject, bank_name=name
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for error in result["errors"]:
            where = f"line {error['line']}: " if error["line"] else ""
            self.stderr.write(f"{where}{error['message']}")
        if result["errors"]:
            raise CommandError(f"{len(result['errors'])} errors: nothing was imported.")
        for skipped in result["skipped"]:
            self.stderr.write(f"line {skipped['line']}: skipped: {skipped['message']}")
        prefix = "Dry run: would have added" if dry_run else "Added"
        bank_note = " (new bank)" if result["new_bank"] else ""
        self.stdout.write(
            f"{prefix} {result['created']} questions to {result['bank']}{bank_note}; {result['duplicates']} already "
            f"in the bank; {result['topics_created']} new topics."
        )
