"""PostgreSQL: the tsvectors move out of SearchDocument into a narrow table, methods_search_vectors.

Which documents a term occurs in comes from a GIN index, and then each matching row is read for
its page id and language. A SearchDocument row holds a whole document's text, a few to an 8 KB
page, so a common word read thousands of pages. A row of the narrow table holds the page id, the
language and pointers to its vectors, stored out of line: about a hundred rows to a page. A
trigger keeps it in step with SearchDocument, as the FTS5 tables are kept on SQLite.

The GIN indexes are written as documents change (fastupdate off). With PostgreSQL's default, new
entries wait in a pending list that every search reads through until a vacuum: after a rebuild of
30,000 documents, a word's postings took 555 ms instead of 8.
"""

from django.db import migrations

TABLE = "methods_search_vectors"
DOCUMENTS = "methods_search_searchdocument"
# the weight classes of migration 0004, and the strong sections of migration 0006
WEIGHTS = (
    ("title_terms", "A"),
    ("names_terms", "A"),
    ("summary_terms", "B"),
    ("aims_terms", "B"),
    ("delivery_terms", "C"),
    ("training_terms", "C"),
    ("evidence_terms", "C"),
    ("body_terms", "D"),
)


def _vector(row: str) -> str:
    """The weighted vector of every section, from the row named (NEW) or the row itself ("")."""
    prefix = f"{row}." if row else ""
    return " || ".join(
        f"setweight(to_tsvector('simple'::regconfig, {prefix}{column}), '{weight}')"
        for column, weight in WEIGHTS
    )


def _strong_vector(row: str) -> str:
    prefix = f"{row}." if row else ""
    return (
        f"to_tsvector('simple'::regconfig, {prefix}title_terms || ' ' || {prefix}names_terms "
        f"|| ' ' || {prefix}summary_terms)"
    )


FORWARD = [
    f"""CREATE TABLE {TABLE} (
        page_id integer PRIMARY KEY,
        language varchar(8) NOT NULL,
        vector tsvector NOT NULL,
        strong_vector tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)""",
    f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE EXTERNAL",
    f"ALTER TABLE {TABLE} ALTER COLUMN strong_vector SET STORAGE EXTERNAL",
    f"""CREATE FUNCTION {TABLE}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM {TABLE} WHERE page_id = OLD.page_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO {TABLE} (page_id, language, vector, strong_vector) VALUES (
                NEW.page_id, NEW.language, {_vector("NEW")},
                {_strong_vector("NEW")}
            );
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION {TABLE}_empty() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM {TABLE};
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER {TABLE}_sync AFTER INSERT OR UPDATE OR DELETE ON {DOCUMENTS}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_sync()""",
    f"""CREATE TRIGGER {TABLE}_empty AFTER TRUNCATE ON {DOCUMENTS}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_empty()""",
    f"""INSERT INTO {TABLE} (page_id, language, vector, strong_vector)
        SELECT page_id, language, vector, strong_vector FROM {DOCUMENTS}""",
    f"CREATE INDEX {TABLE}_vector ON {TABLE} USING gin (vector) WITH (fastupdate = off)",
    f"""CREATE INDEX {TABLE}_strong_vector ON {TABLE} USING gin (strong_vector)
        WITH (fastupdate = off)""",
    "DROP INDEX IF EXISTS methods_search_strong_vector",
    "DROP INDEX IF EXISTS methods_search_vector",
    f"ALTER TABLE {DOCUMENTS} DROP COLUMN strong_vector",
    f"ALTER TABLE {DOCUMENTS} DROP COLUMN vector",
]
BACKWARD = [
    f"""ALTER TABLE {DOCUMENTS} ADD COLUMN vector tsvector
        GENERATED ALWAYS AS ({_vector("")}) STORED""",
    f"""ALTER TABLE {DOCUMENTS} ADD COLUMN strong_vector tsvector
        GENERATED ALWAYS AS ({_strong_vector("")}) STORED""",
    f"CREATE INDEX methods_search_vector ON {DOCUMENTS} USING gin (vector)",
    f"CREATE INDEX methods_search_strong_vector ON {DOCUMENTS} USING gin (strong_vector)",
    f"DROP TRIGGER IF EXISTS {TABLE}_empty ON {DOCUMENTS}",
    f"DROP TRIGGER IF EXISTS {TABLE}_sync ON {DOCUMENTS}",
    f"DROP FUNCTION IF EXISTS {TABLE}_empty()",
    f"DROP FUNCTION IF EXISTS {TABLE}_sync()",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("methods_search", "0007_full_text_per_language")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
