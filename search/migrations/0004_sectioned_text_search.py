"""The full-text structures over every section: title, names, summary, aims and target group,
delivery, training, evidence, body.

SQLite: the FTS5 table gets one column per section (bm25 weighs each). PostgreSQL has four weight
classes: A title and names, B summary and aims, C delivery, training and evidence, D body. The
pg_trgm indexes go: typo tolerance now reads the vocabulary in memory (search.lexicon).
Documents indexed before this migration lack the new sections until `manage.py rebuild_search`.
"""

from django.db import migrations

COLUMNS = (
    "title_terms, names_terms, summary_terms, aims_terms, delivery_terms, training_terms, "
    "evidence_terms, body_terms"
)
OLD_COLUMNS = "title_terms, names_terms, summary_terms, body_terms"


def _sqlite(columns: str) -> list[str]:
    new = ", ".join(f"new.{column.strip()}" for column in columns.split(","))
    old = ", ".join(f"old.{column.strip()}" for column in columns.split(","))
    return [
        "DROP TRIGGER IF EXISTS methods_search_fts_update",
        "DROP TRIGGER IF EXISTS methods_search_fts_delete",
        "DROP TRIGGER IF EXISTS methods_search_fts_insert",
        "DROP TABLE IF EXISTS methods_search_fts",
        f"""
        CREATE VIRTUAL TABLE methods_search_fts USING fts5(
            {columns},
            content='methods_search_searchdocument', content_rowid='page_id',
            tokenize='unicode61 remove_diacritics 0'
        )
        """,
        f"""
        CREATE TRIGGER methods_search_fts_insert AFTER INSERT ON methods_search_searchdocument
        BEGIN
            INSERT INTO methods_search_fts(rowid, {columns}) VALUES (new.page_id, {new});
        END
        """,
        f"""
        CREATE TRIGGER methods_search_fts_delete AFTER DELETE ON methods_search_searchdocument
        BEGIN
            INSERT INTO methods_search_fts(methods_search_fts, rowid, {columns})
            VALUES ('delete', old.page_id, {old});
        END
        """,
        f"""
        CREATE TRIGGER methods_search_fts_update AFTER UPDATE ON methods_search_searchdocument
        BEGIN
            INSERT INTO methods_search_fts(methods_search_fts, rowid, {columns})
            VALUES ('delete', old.page_id, {old});
            INSERT INTO methods_search_fts(rowid, {columns}) VALUES (new.page_id, {new});
        END
        """,
        "INSERT INTO methods_search_fts(methods_search_fts) VALUES ('rebuild')",
    ]


def _postgres(vector: str, with_trigrams: bool) -> list[str]:
    statements = [
        "DROP INDEX IF EXISTS methods_search_vector",
        "ALTER TABLE methods_search_searchdocument DROP COLUMN IF EXISTS vector",
        f"ALTER TABLE methods_search_searchdocument ADD COLUMN vector tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED",
        "CREATE INDEX methods_search_vector ON methods_search_searchdocument USING gin (vector)",
    ]
    if with_trigrams:
        statements += [
            """CREATE INDEX IF NOT EXISTS methods_search_names_trgm
               ON methods_search_searchdocument
               USING gin ((lower(title || ' ' || names)) gin_trgm_ops)""",
            """CREATE INDEX IF NOT EXISTS methods_search_word_trgm ON methods_search_searchword
               USING gin (word gin_trgm_ops)""",
        ]
    else:
        statements += [
            "DROP INDEX IF EXISTS methods_search_word_trgm",
            "DROP INDEX IF EXISTS methods_search_names_trgm",
        ]
    return statements


def _weighted(column: str, weight: str) -> str:
    return f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"


SECTION_VECTOR = " || ".join(
    _weighted(column, weight)
    for column, weight in (
        ("title_terms", "A"),
        ("names_terms", "A"),
        ("summary_terms", "B"),
        ("aims_terms", "B"),
        ("delivery_terms", "C"),
        ("training_terms", "C"),
        ("evidence_terms", "C"),
        ("body_terms", "D"),
    )
)
OLD_VECTOR = " || ".join(
    _weighted(column, weight)
    for column, weight in (
        ("title_terms", "A"),
        ("names_terms", "A"),
        ("summary_terms", "B"),
        ("body_terms", "C"),
    )
)

FORWARD = {"sqlite": _sqlite(COLUMNS), "postgresql": _postgres(SECTION_VECTOR, False)}
BACKWARD = {"sqlite": _sqlite(OLD_COLUMNS), "postgresql": _postgres(OLD_VECTOR, True)}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("methods_search", "0003_sections_and_synonyms")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
