"""`python manage.py verify_attempts [--exam ID]`: recompute every attempt's answer chain and name the attempts
whose stored answers, hashes or final hash no longer match it (exit status 1 then)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exams.models import Exam
from exams.services.live.verify import attempts_verify


class Command(BaseCommand):
    help = "Recompute the answers' hash chain of every attempt and name any that differs (exit 1)."

    def add_arguments(self, parser):
        parser.add_argument("--exam", help="Only this exam (its id or code).")

    def handle(self, *args, exam=None, **options):
        found = None
        if exam:
            found = Exam.objects.filter(pk=int(exam)).first() if exam.isdigit() else None
            found = found or Exam.objects.filter(code=exam).first()
            if found is None:
                raise CommandError(_("No exam %(exam)s.") % {"exam": exam})
        checked, differences = attempts_verify(exam=found)
        for difference in differences:
            self.stdout.write(
                f"DIFFERS attempt #{difference.attempt_id} ({difference.candidate_number}): {difference.reason}"
            )
        bad = len({difference.attempt_id for difference in differences})
        self.stdout.write(_("%(checked)s attempts checked, %(bad)s differ.") % {"checked": checked, "bad": bad})
        if differences:
            raise CommandError(_("Stored answers differ from their hash chain."), returncode=1)
