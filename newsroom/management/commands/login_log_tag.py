from django.core.management.base import BaseCommand

from newsroom.lockout import log_tag


class Command(BaseCommand):
    help = (
        "Print the tag the login log gives each username or address, to find an account or "
        "an address in the lines about failed logins and lockouts."
    )

    def add_arguments(self, parser):
        parser.add_argument("values", nargs="+", metavar="USERNAME_OR_ADDRESS")

    def handle(self, *args, values, **options):
        for value in values:
            self.stdout.write(f"{value} {log_tag(value)}")
