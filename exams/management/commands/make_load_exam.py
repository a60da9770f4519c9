"""`python manage.py make_load_exam --candidates N --out FILE.csv [--waiting]`: a load-test shift (see
exams.services.live.load_exam), started now or, with --waiting, its rooms waiting for their start, and a CSV of
`candidate_number,access_code`, one line per candidate after a header.

`python manage.py make_load_exam --start` starts every waiting load-test room through the proctors' room_start
and prints `{"started_at": <Unix time of the first start>, "finished_at": …, "rooms": n}` (bench/exam_load.py
measures the start storm from it).

`python manage.py make_load_exam --end-in S` moves the end of every load attempt in progress to S seconds from now,
telling each socket its new time, and prints `{"deadline": <Unix time>, "attempts": n}` (the end storm)."""

import csv
import json
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exams.services.live.load_exam import load_exam_end, load_exam_make, load_exam_start


class Command(BaseCommand):
    help = "Create a load-test shift of N candidates (60 single-choice questions, 60 minutes) and write their codes."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, help="How many candidates.")
        parser.add_argument("--out", help="The CSV file to write (candidate_number,access_code).")
        parser.add_argument(
            "--waiting", action="store_true", help="Leave the rooms waiting for their start (see --start)."
        )
        parser.add_argument(
            "--start", action="store_true", help="Start every waiting load-test room now (nothing is created)."
        )
        parser.add_argument(
            "--end-in",
            type=float,
            metavar="SECONDS",
            help="End every load-test attempt in progress SECONDS from now (nothing is created).",
        )

    def handle(self, *args, candidates, out, waiting, start, end_in, **options):
        if end_in is not None:
            if candidates is not None or out or waiting or start:
                raise CommandError(_("--end-in takes no other option."))
            return self._end(end_in)
        if start:
            if candidates is not None or out or waiting:
                raise CommandError(_("--start takes no other option."))
            return self._start()
        if candidates is None or not out:
            raise CommandError(_("Give --candidates and --out (or --start)."))
        began = time.monotonic()
        try:
            codes = load_exam_make(candidates=candidates, waiting=waiting)
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

    def _start(self):
        started_at = time.time()
        try:
            rooms = load_exam_start()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(json.dumps({"started_at": started_at, "finished_at": time.time(), "rooms": rooms}))

    def _end(self, seconds: float):
        try:
            deadline, attempts = load_exam_end(seconds=seconds)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(json.dumps({"deadline": deadline.timestamp(), "attempts": attempts}))
