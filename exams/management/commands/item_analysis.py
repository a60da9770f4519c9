"""python manage.py item_analysis RESPONSES.csv --out REPORT.json"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exams.services.analysis import analysis_from_file


class Command(BaseCommand):
    help = (
        "Item analysis of a response file (columns candidate,item,response,correct; one row per candidate and item): "
        "facility, item–rest point-biserial, upper–lower 27 % discrimination, option shares, KR-20, SEM and Rasch "
        "difficulties, written as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("responses", help="The CSV file of responses.")
        parser.add_argument("--out", required=True, help="Where to write the JSON report ('-' for standard output).")

    def handle(self, *args, responses, out, **options):
        if not Path(responses).is_file():
            raise CommandError(f"No file {responses}.")
        try:
            with open(responses, "rb") as source:
                report, errors = analysis_from_file(source)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for error in errors:
            self.stderr.write(f"line {error['line']}, column {error['column']}: {error['message']}")
        if errors:
            raise CommandError(f"{len(errors)} errors: no report was written.")
        text = json.dumps(report, ensure_ascii=False, indent=1)
        if out == "-":
            self.stdout.write(text)
            return
        Path(out).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(
            f"{report['n_candidates']} candidates, {report['n_items']} items, KR-20 {report['kr20']}: written to {out}."
        )
