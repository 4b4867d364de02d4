"""PostgreSQL: a small tsvector of the title, names and summary with its own GIN index.

Search asks which documents match there before it ranks any (search.engine): the whole vector
would answer that only by reading every matching row's tsvector. SQLite needs nothing: its FTS5
query takes a filter of columns.
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE methods_search_searchdocument ADD COLUMN strong_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title_terms || ' ' || names_terms || ' ' || summary_terms)
    ) STORED
    """,
    """CREATE INDEX methods_search_strong_vector ON methods_search_searchdocument
       USING gin (strong_vector)""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS methods_search_strong_vector",
    "ALTER TABLE methods_search_searchdocument DROP COLUMN IF EXISTS strong_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("methods_search", "0005_starting_synonyms")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
