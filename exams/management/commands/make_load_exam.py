"""`python manage.py make_load_exam --candidates N --out FILE.csv`: a started load-test shift (see
exams.services.live.load_exam) and a CSV of `candidate_number,access_code`, one line per candidate after a header."""

import csv
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exams.services.live.load_exam import load_exam_make


class Command(BaseCommand):
    help = "Create a started exam shift of N candidates (60 single-choice questions, 60 minutes) and write their codes."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, required=True, help="How many candidates.")
        parser.add_argument("--out", required=True, help="The CSV file to write (candidate_number,access_code).")

    def handle(self, *args, candidates, out, **options):
        began = time.monotonic()
        try:
            codes = load_exam_make(candidates=candidates)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["candidate_number", "access_code"])
            writer.writerows(codes)
        seconds = time.monotonic() - began
        self.stdout.write(
            _("%(n)s candidates ready, codes in %(out)s (%(s).1f s).") % {"n": len(codes), "out": out, "s": seconds}
        )
