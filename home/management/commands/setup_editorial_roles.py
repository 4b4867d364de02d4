"""Create the editorial groups, their permissions and the review workflow (idempotent)."""

from django.core.management.base import BaseCommand

from home.tree import ensure_site_tree
from methods.roles import ensure_editorial_roles


class Command(BaseCommand):
    help = "Create the Editors, Translators (sv/en) and Reviewers groups and the Review workflow."

    def handle(self, *args, **options):
        groups = ensure_editorial_roles(ensure_site_tree())
        self.stdout.write("Editorial roles: " + ", ".join(sorted(groups)) + ".")
