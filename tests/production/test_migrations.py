"""Migrations must not lock a populated table for long: a check of the SQL each project migration
runs on PostgreSQL (`manage.py sqlmigrate`).

Flagged, on a table that existed before the migration: a column type change (rewrites the table),
a new NOT NULL column without a default, SET NOT NULL (full scan under an exclusive lock), an
index built without CONCURRENTLY (blocks writes while it builds) and a CHECK or UNIQUE constraint
validated in place. docs/deployment.md says how to split such a step. A migration that was
reviewed and is safe anyway (e.g. the table is known to be tiny) goes in REVIEWED with the reason.
"""

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]

# These ran on an empty database, before the first deployment.
FIRST_RELEASE = {
    ("home", "0001_initial"),
    ("home", "0002_content_locales"),
    ("methods", "0001_initial"),
}
REVIEWED: dict[tuple[str, str], str] = {}

DANGEROUS = [
    # (what the statement does, unless it also says this, what is wrong)
    (r'ALTER TABLE "(\w+)" ALTER COLUMN "\w+" TYPE', None, "changes a column type"),
    (r'ALTER TABLE "(\w+)" ALTER COLUMN "\w+" SET NOT NULL', None, "sets NOT NULL in place"),
    (
        r'ALTER TABLE "(\w+)" ADD COLUMN "\w+" .*NOT NULL',
        r"DEFAULT",
        "adds a NOT NULL column without a default",
    ),
    (r'CREATE (?:UNIQUE )?INDEX "\w+" ON "(\w+)"', None, "builds an index without CONCURRENTLY"),
    (
        r'ALTER TABLE "(\w+)" ADD CONSTRAINT "\w+" (?:CHECK|UNIQUE)',
        r"NOT VALID",
        "validates a constraint in place",
    ),
]


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    project_apps = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
    }
    return sorted(key for key in loader.disk_migrations if key[0] in project_apps)


def lock_problems(sql: str) -> list[str]:
    created = set(re.findall(r'CREATE TABLE "(\w+)"', sql))
    problems = []
    for statement in sql.split(";"):
        for pattern, unless, problem in DANGEROUS:
            match = re.search(pattern, statement)
            if unless and re.search(unless, statement):
                continue
            if match and match.group(1) not in created:
                problems.append(f"{problem}: {statement.strip()[:120]}")
    return problems


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="checks PostgreSQL's SQL; runs in the PostgreSQL pass"
)
def test_no_migration_locks_a_populated_table_for_long(db):
    problems = []
    for app_label, name in project_migrations():
        if (app_label, name) in FIRST_RELEASE or (app_label, name) in REVIEWED:
            continue
        sql = io.StringIO()
        call_command("sqlmigrate", app_label, name, stdout=sql)
        problems += [f"{app_label}.{name} {p}" for p in lock_problems(sql.getvalue())]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "sql, flagged",
    [
        ('ALTER TABLE "t" ALTER COLUMN "c" TYPE bigint USING "c"::bigint;', True),
        ('ALTER TABLE "t" ADD COLUMN "c" integer NOT NULL;', True),
        ('ALTER TABLE "t" ADD COLUMN "c" integer DEFAULT 0 NOT NULL;', False),
        ('ALTER TABLE "t" ADD COLUMN "c" integer NULL;', False),
        ('CREATE INDEX "i" ON "t" ("c");', True),
        ('CREATE INDEX CONCURRENTLY "i" ON "t" ("c");', False),
        ('CREATE TABLE "t" ("id" bigint); CREATE INDEX "i" ON "t" ("id");', False),
        ('ALTER TABLE "t" ADD CONSTRAINT "k" CHECK ("c" > 0);', True),
        ('ALTER TABLE "t" ADD CONSTRAINT "k" CHECK ("c" > 0) NOT VALID;', False),
    ],
)
def test_the_lock_check_tells_slow_steps_from_quick_ones(sql, flagged):
    assert bool(lock_problems(sql)) is flagged


def test_every_existing_migration_is_known(db):
    # A new migration is checked by the PostgreSQL test above; this one keeps FIRST_RELEASE honest.
    assert FIRST_RELEASE <= set(project_migrations())
