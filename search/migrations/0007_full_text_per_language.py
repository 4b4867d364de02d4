"""SQLite: one FTS5 table per language (methods_search_fts_fi, _sv, _en) instead of one for all.

A query is always in one language, and the synonyms of a facet label bring in its labels in the
other languages: with one table, their postings in every other language's documents were read
and thrown away. Each table takes the documents of its language from SearchDocument by triggers,
and bm25 counts documents within the language.
"""

from django.conf import settings
from django.db import migrations

COLUMNS = (
    "title_terms",
    "names_terms",
    "summary_terms",
    "aims_terms",
    "delivery_terms",
    "training_terms",
    "evidence_terms",
    "body_terms",
)
DOCUMENTS = "methods_search_searchdocument"
TOKENIZE = "unicode61 remove_diacritics 0"


def _values(prefix: str) -> str:
    return ", ".join(f"{prefix}.{column}" for column in COLUMNS)


def _language_table(language: str) -> list[str]:
    table = f"methods_search_fts_{language}"
    columns = ", ".join(COLUMNS)
    delete_old = (
        f"INSERT INTO {table}({table}, rowid, {columns}) "
        f"SELECT 'delete', old.page_id, {_values('old')} WHERE old.language = '{language}';"
    )
    insert_new = (
        f"INSERT INTO {table}(rowid, {columns}) "
        f"SELECT new.page_id, {_values('new')} WHERE new.language = '{language}';"
    )
    return [
        f"""CREATE VIRTUAL TABLE {table} USING fts5({columns},
            content='{DOCUMENTS}', content_rowid='page_id', tokenize='{TOKENIZE}')""",
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON {DOCUMENTS} BEGIN {insert_new} END",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON {DOCUMENTS} BEGIN {delete_old} END",
        f"CREATE TRIGGER {table}_update AFTER UPDATE ON {DOCUMENTS} "
        f"BEGIN {delete_old} {insert_new} END",
        f"INSERT INTO {table}(rowid, {columns}) SELECT page_id, {columns} FROM {DOCUMENTS} "
        f"WHERE language = '{language}'",
    ]


def _drop_language_table(language: str) -> list[str]:
    table = f"methods_search_fts_{language}"
    return [
        f"DROP TRIGGER IF EXISTS {table}_update",
        f"DROP TRIGGER IF EXISTS {table}_delete",
        f"DROP TRIGGER IF EXISTS {table}_insert",
        f"DROP TABLE IF EXISTS {table}",
    ]


def _shared_table() -> list[str]:
    table = "methods_search_fts"
    columns = ", ".join(COLUMNS)
    return [
        f"""CREATE VIRTUAL TABLE {table} USING fts5({columns},
            content='{DOCUMENTS}', content_rowid='page_id', tokenize='{TOKENIZE}')""",
        f"""CREATE TRIGGER {table}_insert AFTER INSERT ON {DOCUMENTS} BEGIN
            INSERT INTO {table}(rowid, {columns}) VALUES (new.page_id, {_values("new")}); END""",
        f"""CREATE TRIGGER {table}_delete AFTER DELETE ON {DOCUMENTS} BEGIN
            INSERT INTO {table}({table}, rowid, {columns})
            VALUES ('delete', old.page_id, {_values("old")}); END""",
        f"""CREATE TRIGGER {table}_update AFTER UPDATE ON {DOCUMENTS} BEGIN
            INSERT INTO {table}({table}, rowid, {columns})
            VALUES ('delete', old.page_id, {_values("old")});
            INSERT INTO {table}(rowid, {columns}) VALUES (new.page_id, {_values("new")}); END""",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


def _drop_shared_table() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS methods_search_fts_update",
        "DROP TRIGGER IF EXISTS methods_search_fts_delete",
        "DROP TRIGGER IF EXISTS methods_search_fts_insert",
        "DROP TABLE IF EXISTS methods_search_fts",
    ]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in _drop_shared_table():
        schema_editor.execute(statement)
    for language, _name in settings.LANGUAGES:
        for statement in _language_table(language):
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for language, _name in settings.LANGUAGES:
        for statement in _drop_language_table(language):
            schema_editor.execute(statement)
    for statement in _shared_table():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("methods_search", "0006_strong_sections_vector")]

    operations = [migrations.RunPython(forward, backward)]
