from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import roles
from articles.models import Contributor

DEMO_ACCOUNTS = [
    # username, password, group, full name, contributor credited as
    ("intern", "intern-demo-pass", roles.INTERN, "吴佳怡", "吴佳怡"),
    ("reporter", "reporter-demo-pass", roles.REPORTER, "胡弦", "胡弦"),
    ("editor", "editor-demo-pass", roles.EDITOR, "李编辑", None),
    ("chief", "chief-demo-pass", roles.EDITOR_IN_CHIEF, "张总编", None),
]
SUPERUSER = ("admin", "admin-demo-pass")


class Command(BaseCommand):
    help = "Create one demo account per staff role, only when the database has no users yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Create the accounts even with DJANGO_DEBUG off (their passwords are public).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Demo accounts have public passwords; refusing with debug off.")
        User = get_user_model()
        if User.objects.exists():
            self.stdout.write("Users exist already; no demo accounts created.")
            return
        with transaction.atomic():
            User.objects.create_superuser(SUPERUSER[0], password=SUPERUSER[1])
            for username, password, group_name, full_name, credited_as in DEMO_ACCOUNTS:
                user = User.objects.create_user(
                    username, password=password, first_name=full_name, is_staff=True
                )
                user.groups.add(Group.objects.get(name=group_name))
                if credited_as:
                    Contributor.objects.filter(name=credited_as, user__isnull=True).update(
                        user=user
                    )
        self.stdout.write(self.style.SUCCESS("Demo accounts (username / password / role):"))
        self.stdout.write(f"  {SUPERUSER[0]:<10} {SUPERUSER[1]:<20} superuser")
        for username, password, group_name, _full_name, _credited in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {password:<20} {group_name}")
