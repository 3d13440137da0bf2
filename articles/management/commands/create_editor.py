import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create a staff account in the Editors group with a random password, printed once. "
        "Does nothing if the account already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"The account '{username}' already exists; its password is unchanged "
                f"(set a new one with: python manage.py changepassword {username})."
            )
            return
        try:
            editors = Group.objects.get(name="Editors")
        except Group.DoesNotExist:
            raise CommandError(
                "The Editors group is missing: run 'python manage.py migrate' first."
            ) from None
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password, is_staff=True)
            user.groups.add(editors)
        self.stdout.write(
            self.style.SUCCESS(f"Created the editor account '{username}' with password: {password}")
        )
        self.stdout.write("This password is shown only now; keep it somewhere safe.")
