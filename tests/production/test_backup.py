"""Backup and restore round-trip exactly: restored into a new database, the library exports the
same as before, and the media files come back byte for byte."""

import json
import os

import pytest

from .servers import create_database, database_url, drop_database, manage


@pytest.fixture
def restored_database(production_database):
    name = f"{production_database}_restored"
    create_database(name)
    yield name
    drop_database(name)


def test_a_backup_restores_into_an_empty_database_with_the_same_export(
    production_env, restored_database, tmp_path
):
    source = {**production_env, "MEDIA_ROOT": str(tmp_path / "media")}
    (tmp_path / "media" / "documents").mkdir(parents=True)
    (tmp_path / "media" / "documents" / "guide.pdf").write_bytes(b"%PDF-1.4 guide\n")
    before = manage(source, "export_methods", "-")

    backup = tmp_path / "backup"
    assert "Backup written" in manage(source, "backup", "--output", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["files"]) == {"database.dump", "library.json", "media.tar.gz"}
    assert manifest["media_files"] == 1
    assert (backup / "library.json").read_text() == before

    target = {
        **production_env,
        "DATABASE_URL": database_url(restored_database),
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    assert "export matches" in manage(target, "restore", str(backup))
    assert manage(target, "export_methods", "-") == before
    assert (tmp_path / "restored-media" / "documents" / "guide.pdf").read_bytes() == (
        b"%PDF-1.4 guide\n"
    )

    with pytest.raises(RuntimeError, match="is not empty"):
        manage(target, "restore", str(backup))


def test_a_damaged_backup_is_refused(production_env, restored_database, tmp_path):
    backup = tmp_path / "backup"
    manage(production_env, "backup", "--output", str(backup))
    with open(backup / "database.dump", "ab") as dump:
        dump.write(b"junk")
    target = {**production_env, "DATABASE_URL": database_url(restored_database)}
    with pytest.raises(RuntimeError, match="database.dump is damaged"):
        manage(target, "restore", str(backup))
    assert os.path.exists(backup / "library.json")
