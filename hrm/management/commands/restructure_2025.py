"""python manage.py restructure_2025: the 2025 reform applied to the demo data (a demonstration)."""

import time

from django.core.management.base import BaseCommand, CommandError

from common.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "DEMONSTRATION: apply the 2025 reform to the demo data on 01/07/2025. Bến Tre merges into a new unit "
        "'Tỉnh Vĩnh Long' (code 86) with its departments; districts are dissolved (district staff go to a new "
        "commune, Phòng Nội vụ staff to Sở Nội vụ); the 164 communes are merged into 48 new communes. The real "
        "grouping is not in the reference data: communes are grouped in code order within each district and named "
        "after the district seat or the group's first commune. Earlier dates keep the old units."
    )

    def handle(self, *args, **options):
        from hrm.demo.reform import reform_2025_apply

        started = time.monotonic()
        try:
            result = reform_2025_apply()
        except ApplicationError as exc:
            raise CommandError("; ".join(exc.messages))
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
        self.stdout.write(self.style.SUCCESS(f"2025 reform applied in {time.monotonic() - started:.1f} s."))
