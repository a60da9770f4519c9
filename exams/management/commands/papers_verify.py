"""`python manage.py papers_verify --exam ID`: regenerate every paper and candidate layout of the exam from its
recorded seed, check the digests, and name any that differs (exit status 1), as the papers page's Verify does."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exams.models import Exam
from exams.services.papers import papers_verify


class Command(BaseCommand):
    help = "Regenerate every paper of an exam from its seed and name any that differs (exit 1)."

    def add_arguments(self, parser):
        parser.add_argument("--exam", required=True, help="The exam's id (or its code).")

    def handle(self, *args, exam, **options):
        found = Exam.objects.filter(pk=int(exam)).first() if exam.isdigit() else None
        found = found or Exam.objects.filter(code=exam).first()
        if found is None:
            raise CommandError(_("No exam %(exam)s.") % {"exam": exam})
        report = papers_verify(exam=found)
        for difference in report.differences:
            self.stdout.write(f"DIFFERS {difference.kind} #{difference.id} {difference.label}: {difference.reason}")
        summary = _("%(exam)s: %(forms)s papers, %(papers)s candidates' papers checked, %(bad)s differences.") % {
            "exam": found.code,
            "forms": report.forms,
            "papers": report.papers,
            "bad": len(report.differences),
        }
        self.stdout.write(summary)
        if not report.ok:
            raise CommandError(_("Papers differ from their seeds."), returncode=1)
