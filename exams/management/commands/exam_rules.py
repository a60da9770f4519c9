"""python manage.py exam_rules CASES.json | - | --profiles"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exams import selectors
from exams.rules import RuleError
from exams.rules.cases import evaluate

HELP = """Run the regulation profiles' rules on worked cases: reads a JSON list (a file, or - for stdin) and prints one
JSON line per case, in order. round1 → {"pass", "why"}; bank → {"allowed", "why"}; ranking → {"selected",
"undecided", "failed", "absent", "scores", "totals"}; a bad case → {"error"} on its line, and the command exits with 1
at the end. A bank case without "regulation" uses the bank rule of the civil-servant (công chức) recruitment profile
in force today (TT 22/2025/TT-BNV: approved items at least 3 × the paper's questions). The "why" texts are in the
default language (LANGUAGE_CODE, Vietnamese). --profiles lists the profile codes (one JSON line each)."""


def _day(value) -> str | None:
    return value.strftime("%d/%m/%Y") if value else None


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument("cases", nargs="?", help="The JSON file of cases, or - to read stdin.")
        parser.add_argument("--profiles", action="store_true", help="List the regulation profiles and stop.")

    def handle(self, *args, cases=None, profiles=False, **options):
        if profiles:
            return self._profiles()
        if not cases:
            raise CommandError(_("Name a JSON file of cases (or - for stdin), or give --profiles."))
        failed = 0
        sources = selectors.rule_sources()
        for case in self._read(cases):
            try:
                answer = evaluate(case, sources)
            except RuleError as exc:
                answer, failed = {"error": str(exc)}, failed + 1
            self.stdout.write(json.dumps(answer, ensure_ascii=False))
        if failed:
            raise CommandError(_("%(n)s case(s) could not be checked.") % {"n": failed})

    def _read(self, name: str) -> list:
        try:
            text = sys.stdin.read() if name == "-" else open(name, encoding="utf-8").read()  # noqa: SIM115
            data = json.loads(text)
        except OSError as exc:
            raise CommandError(_("Cannot read %(name)s: %(error)s") % {"name": name, "error": exc.strerror}) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(_("%(name)s is not JSON in UTF-8: %(error)s") % {"name": name, "error": exc}) from exc
        if not isinstance(data, list):
            raise CommandError(_("The cases must be a JSON list [ … ]."))
        return data

    def _profiles(self) -> None:
        for profile in selectors.profile_list():
            line = {
                "code": profile.code,
                "name": profile.name,
                "kind": profile.kind,
                "staff_type": profile.staff_type,
                "valid_from": _day(profile.valid_from),
                "valid_to": _day(profile.valid_to),
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))
