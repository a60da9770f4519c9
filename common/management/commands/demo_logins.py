"""python manage.py demo_logins: the demo users as a table (username, role, scope, password)."""

from django.core.management.base import BaseCommand

from common import registry


class Command(BaseCommand):
    help = "Print the demo logins created by load_demo: username, role, scope and password."

    def handle(self, *args, **options):
        rows = [row for loader in registry.demo_loaders() if loader.logins for row in loader.logins()]
        if not rows:
            self.stdout.write("No demo users: run `python manage.py load_demo` first.")
            return
        headers = {"username": "username", "role": "role", "scope": "scope", "password": "password"}
        widths = {key: max(len(str(r[key])) for r in [headers, *rows]) for key in headers}
        for i, row in enumerate([headers, *rows]):
            self.stdout.write("  ".join(str(row[key]).ljust(widths[key]) for key in headers).rstrip())
            if i == 0:
                self.stdout.write("  ".join("-" * widths[key] for key in headers))
