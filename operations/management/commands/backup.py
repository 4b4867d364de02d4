"""Write a consistent backup: database dump, media and the JSON export, into backups/<time>/."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database, the media files and the library export into one folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Folder to create (default: backups/<UTC time> in the checkout)"
        )

    def handle(self, *args, output=None, **options):
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = Path(output) if output else Path(settings.BASE_DIR) / "backups" / stamp
        try:
            manifest = create_backup(folder)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup written to {folder} ({manifest['database']} database, "
            f"{manifest['media_files']} media files)"
        )
