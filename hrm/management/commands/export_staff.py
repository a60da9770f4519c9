"""python manage.py export_staff FILE [--unit CODE]"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hrm.services.exports import staff_export_to_path


class Command(BaseCommand):
    help = "Export staff (a unit's subtree, or everyone) to FILE; .xlsx or .csv picks the format."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", help="Code of the unit whose subtree is exported.")

    def handle(self, *args, file, unit, **options):
        admin = get_user_model()(username="manage.py", is_superuser=True)  # the administrator at the console
        try:
            count = staff_export_to_path(user=admin, filters={"unit": unit}, path=file)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{count} staff written to {file}.")
