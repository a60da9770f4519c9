"""python manage.py load_demo [--reform-2025]: the demo data set (idempotent, fixed random seed)."""

import time

from django.core.management.base import BaseCommand, CommandError

from common import registry
from common.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Load the demo data of every app, in order (the registry first: Bến Tre's departments and divisions, about "
        "6,000 staff (three in four viên chức) with histories, and one login per role, password congvu2026, see "
        "demo_logins). Running it "
        "twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reform-2025", action="store_true", help="Then apply the 2025 reform scenario (see restructure_2025)."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        # Each app registers its loader in its AppConfig.ready() (common.registry.demo_loader_register).
        for loader in registry.demo_loaders():
            try:
                counts = loader.load()
            except ApplicationError as exc:
                raise CommandError("; ".join(exc.messages))
            for label, value in counts.items():
                self.stdout.write(f"{label}: {value}")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f} s."))
        if options["reform_2025"]:
            from django.core.management import call_command

            try:
                call_command("restructure_2025", stdout=self.stdout)
            except CommandError as exc:  # already applied: loading stays idempotent
                self.stdout.write(self.style.WARNING(str(exc)))
