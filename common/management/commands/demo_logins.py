"""python manage.py demo_logins: the demo users as a table (username, role, scope, password)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the demo logins created by load_demo: username, role, scope and password."

    def handle(self, *args, **options):
        from hrm.demo.users import demo_logins

        rows = demo_logins()
        if not rows:
            self.stdout.write("No demo users: run `python manage.py load_demo` first.")
            return
        headers = {"username": "username", "role": "role", "scope": "scope", "password": "password"}
        widths = {key: max(len(str(r[key])) for r in [headers, *rows]) for key in headers}
        for i, row in enumerate([headers, *rows]):
            self.stdout.write("  ".join(str(row[key]).ljust(widths[key]) for key in headers).rstrip())
            if i == 0:
                self.stdout.write("  ".join("-" * widths[key] for key in headers))
        from exams.demo import demo_candidate_logins

        for row in demo_candidate_logins():  # candidates log in at /exams/login/ with number and code, no password
            self.stdout.write(
                f"candidate login /exams/login/: number {row['candidate_number']}, access code {row['access_code']}"
                f" ({row['name']}, exam {row['exam']})"
            )
