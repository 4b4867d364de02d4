"""Database-specific full-text structures over SearchDocument's analysed terms.

SQLite: an FTS5 table (external content, kept in step by triggers), ranked with bm25.
PostgreSQL: a generated, weighted tsvector column with a GIN index (A title and names, B summary,
C body), and pg_trgm GIN indexes on the vocabulary and on the names for typo tolerance.
The terms are already analysed per language (search.analysis), so both use the 'simple' tokenizer.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE methods_search_fts USING fts5(
        title_terms, names_terms, summary_terms, body_terms,
        content='methods_search_searchdocument', content_rowid='page_id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER methods_search_fts_insert AFTER INSERT ON methods_search_searchdocument BEGIN
        INSERT INTO methods_search_fts(rowid, title_terms, names_terms, summary_terms, body_terms)
        VALUES (new.page_id, new.title_terms, new.names_terms, new.summary_terms, new.body_terms);
    END
    """,
    """
    CREATE TRIGGER methods_search_fts_delete AFTER DELETE ON methods_search_searchdocument BEGIN
        INSERT INTO methods_search_fts(methods_search_fts, rowid, title_terms, names_terms,
                                       summary_terms, body_terms)
        VALUES ('delete', old.page_id, old.title_terms, old.names_terms, old.summary_terms,
                old.body_terms);
    END
    """,
    """
    CREATE TRIGGER methods_search_fts_update AFTER UPDATE ON methods_search_searchdocument BEGIN
        INSERT INTO methods_search_fts(methods_search_fts, rowid, title_terms, names_terms,
                                       summary_terms, body_terms)
        VALUES ('delete', old.page_id, old.title_terms, old.names_terms, old.summary_terms,
                old.body_terms);
        INSERT INTO methods_search_fts(rowid, title_terms, names_terms, summary_terms, body_terms)
        VALUES (new.page_id, new.title_terms, new.names_terms, new.summary_terms, new.body_terms);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS methods_search_fts_update",
    "DROP TRIGGER IF EXISTS methods_search_fts_delete",
    "DROP TRIGGER IF EXISTS methods_search_fts_insert",
    "DROP TABLE IF EXISTS methods_search_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE methods_search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, names_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, summary_terms), 'B')
        || setweight(to_tsvector('simple'::regconfig, body_terms), 'C')
    ) STORED
    """,
    "CREATE INDEX methods_search_vector ON methods_search_searchdocument USING gin (vector)",
    """CREATE INDEX methods_search_names_trgm ON methods_search_searchdocument
       USING gin ((lower(title || ' ' || names)) gin_trgm_ops)""",
    """CREATE INDEX methods_search_word_trgm ON methods_search_searchword
       USING gin (word gin_trgm_ops)""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS methods_search_word_trgm",
    "DROP INDEX IF EXISTS methods_search_names_trgm",
    "DROP INDEX IF EXISTS methods_search_vector",
    "ALTER TABLE methods_search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("methods_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
