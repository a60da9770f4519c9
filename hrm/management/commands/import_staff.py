"""python manage.py import_staff FILE [--dry-run] [--user USERNAME]"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from hrm.services.imports import staff_import


class Command(BaseCommand):
    help = "Import staff from an xlsx or csv file in the export's columns: every row or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument("--user", help="Import as this user (his units only); default: full access.")

    def handle(self, *args, file, dry_run, user, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user named {user}.")
        else:
            actor = get_user_model()(username="manage.py", is_superuser=True)  # the administrator at the console
        try:
            result = staff_import(path=file, user=actor, dry_run=dry_run)
        except PermissionDenied as exc:
            raise CommandError(f"{user} does not manage staff (an HR officer with units or an administrator).") from exc
        except (ValidationError, FileNotFoundError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        for error in result["errors"]:
            self.stderr.write(f"row {error['row']}, column {error['column']}: {error['message']}")
        if result["errors"]:
            raise CommandError(f"{len(result['errors'])} errors: nothing was imported.")
        prefix = "Dry run: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}{result['created']} created, {result['updated']} updated, {result['unchanged']} unchanged."
        )
