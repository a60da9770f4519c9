"""manage.py import_titles FILE.json|FILE.xlsx: add or update professional titles and their salary groups."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hrm.services.titles import titles_import_file


class Command(BaseCommand):
    help = "Import professional titles (chức danh nghề nghiệp) with their salary groups; all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help=".json ({'titles': [...]}) or .xlsx with the keys as the first row")

    def handle(self, *args, **options):
        try:
            counts = titles_import_file(path=options["file"])
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(f"{counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged.")
