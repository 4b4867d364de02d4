"""Restore a backup written by `backup` into an empty database, then verify it by exporting."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and check the library export matches."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`")
        parser.add_argument(
            "--force", action="store_true", help="Replace the contents of a non-empty database"
        )

    def handle(self, *args, folder, force=False, **options):
        try:
            restore_backup(Path(folder), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {folder}; the library export matches the backup.")
