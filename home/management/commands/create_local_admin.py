"""Create (once) a superuser for local use and print how to sign in."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = "Create the local 'admin' superuser if missing; its password is kept in .admin-password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        # Wagtail's Profile form cannot be saved without a first and last name
        parser.add_argument("--first-name", default="Local")
        parser.add_argument("--last-name", default="Administrator")

    def handle(self, *args, username, first_name, last_name, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_superuser(username, "admin@localhost", password)
            else:
                user.set_password(password)
                user.save()
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
        if not (user.first_name and user.last_name):
            user.first_name = user.first_name or first_name
            user.last_name = user.last_name or last_name
            user.save(update_fields=["first_name", "last_name"])
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user: {username}  password: {password}"
        )
