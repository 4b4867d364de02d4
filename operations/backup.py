"""Backups: the database, the media files and the JSON export of the library, all from one
snapshot of the database; restore brings them back into an empty database and proves it by
exporting again and comparing with the export in the backup.

A backup folder holds `database.dump` (pg_dump custom format) or `database.sqlite3`, `media.tar.gz`,
`library.json` and `manifest.json` (what was written, with SHA-256 sums).
"""

import datetime
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

from methods.exchange import dumps, export_library

DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
EXPORT_FILE = "library.json"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason."""


# --- Backup ------------------------------------------------------------------------------------


def create_backup(folder: Path) -> dict:
    """Write a backup into `folder` (created; must not exist yet); returns the manifest."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    folder.mkdir(parents=True, exist_ok=False)
    database_file = folder / DATABASE_FILES[vendor]
    # One read-only snapshot for the dump and the export: both describe the same moment.
    with transaction.atomic():
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            _pg_dump(database_file, snapshot)
        else:
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM django_migrations")  # take the read snapshot
            target = sqlite3.connect(database_file)
            connection.connection.backup(target)
            target.close()
        (folder / EXPORT_FILE).write_text(dumps(export_library()), encoding="utf-8")
    # Media after the snapshot: every file the dump refers to was saved before its row.
    media_count = _write_media(folder / MEDIA_FILE)
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "media_files": media_count,
        "files": {
            path.name: _sha256(path)
            for path in (database_file, folder / EXPORT_FILE, folder / MEDIA_FILE)
        },
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _pg_environment() -> dict:
    settings = connection.settings_dict
    environment = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _pg_dump(path: Path, snapshot: str) -> None:
    _run(
        ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={path}"],
        "pg_dump",
    )


def _run(command: list[str], name: str) -> None:
    try:
        result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)") from None
    if result.returncode:
        raise BackupError(f"{name} failed: {result.stderr.strip()}")


def _media_names(directory: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}/{name}" if directory else name for name in files]
    for sub in folders:
        names += _media_names(f"{directory}/{sub}" if directory else sub)
    return sorted(names)


def _write_media(path: Path) -> int:
    names = _media_names()
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            with default_storage.open(name, "rb") as source:
                data = source.read()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return len(names)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Restore -----------------------------------------------------------------------------------


def restore_backup(folder: Path, *, force: bool = False) -> dict:
    """Restore `folder` into this (empty) database and its media; verify the export."""
    manifest = _read_manifest(folder)
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(
            f"{folder} holds a {manifest['database']} backup; this database is {vendor}"
        )
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables); "
            "restore into an empty database, or use --force to replace its contents"
        )
    database_file = folder / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        connection.close()
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        command += ["--clean", "--if-exists"] if tables else ["--single-transaction"]
        _run(
            [*command, f"--dbname={connection.settings_dict['NAME']}", str(database_file)],
            "pg_restore",
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(database_file)
        source.backup(connection.connection)
        source.close()
    _restore_media(folder / MEDIA_FILE)
    verify_export(folder)
    return manifest


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: no {MANIFEST_FILE}") from None
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.exists():
            raise BackupError(f"{folder}: {name} is missing")
        if _sha256(path) != expected:
            raise BackupError(
                f"{folder}: {name} is damaged (its SHA-256 differs from the manifest)"
            )
    return manifest


def _restore_media(path: Path) -> None:
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in member.name.split("/"):
                continue
            data = archive.extractfile(member).read()
            if default_storage.exists(member.name):
                default_storage.delete(member.name)
            default_storage.save(member.name, ContentFile(data))


def verify_export(folder: Path) -> None:
    """The library exported from this database must equal the export in the backup, byte for byte."""
    ContentType.objects.clear_cache()
    expected = (folder / EXPORT_FILE).read_text(encoding="utf-8")
    actual = dumps(export_library())
    if actual != expected:
        for number, (want, got) in enumerate(
            zip(expected.splitlines(), actual.splitlines(), strict=False), start=1
        ):
            if want != got:
                raise BackupError(
                    f"restored library differs from the backup at line {number}: "
                    f"expected {want.strip()!r}, found {got.strip()!r}"
                )
        raise BackupError("restored library differs from the backup in length")
