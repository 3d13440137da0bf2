"""Full-text indexes for articles/search.py that the database keeps current by itself.

Rows are written by the admin, the importer, restore_archive and bulk_create alike, so no
Python code is trusted to update the index: on PostgreSQL it is a generated tsvector column
with a GIN index, on SQLite an FTS5 table over the rows, kept in step by triggers. Neither is
known to the models, so Django never reads or writes it.

On SQLite, a later migration that makes Django rebuild articles_article or claims_attribution
(most AddField and AlterField operations do) drops their triggers with the old table: such a
migration must run SQLITE_TRIGGERS again and rebuild the index. tests/test_search.py fails
until it does. On PostgreSQL, a later AlterField that changes the type of headline,
standfirst, body or words must drop the generated column first and add it again.
"""

from django.db import migrations

POSTGRESQL = [
    # Weights A, B and C rank a match in the headline above one in the standfirst or body.
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX article_search_idx ON articles_article USING gin (search_vector)",
    """
    ALTER TABLE claims_attribution ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, coalesce(words, ''))
    ) STORED
    """,
    "CREATE INDEX attribution_search_idx ON claims_attribution USING gin (search_vector)",
]

POSTGRESQL_REVERSE = [
    "ALTER TABLE articles_article DROP COLUMN search_vector",
    "ALTER TABLE claims_attribution DROP COLUMN search_vector",
]

# External-content tables: the text stays in the row, the index holds only the tokens.
# The porter stemmer finds "soldiers" for "soldier", as PostgreSQL's english configuration does.
SQLITE_TABLES = [
    """
    CREATE VIRTUAL TABLE articles_article_search USING fts5(
        headline, standfirst, body,
        content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE VIRTUAL TABLE claims_attribution_search USING fts5(
        words,
        content='claims_attribution', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
]

# An external-content index must be told the old text to forget it, hence 'delete' rows.
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER articles_article_search_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_article_search (rowid, headline, standfirst, body)
        VALUES (new.id, new.headline, new.standfirst, new.body);
    END
    """,
    """
    CREATE TRIGGER articles_article_search_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_article_search
            (articles_article_search, rowid, headline, standfirst, body)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
    END
    """,
    """
    CREATE TRIGGER articles_article_search_update
    AFTER UPDATE OF id, headline, standfirst, body ON articles_article BEGIN
        INSERT INTO articles_article_search
            (articles_article_search, rowid, headline, standfirst, body)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
        INSERT INTO articles_article_search (rowid, headline, standfirst, body)
        VALUES (new.id, new.headline, new.standfirst, new.body);
    END
    """,
    """
    CREATE TRIGGER claims_attribution_search_insert AFTER INSERT ON claims_attribution BEGIN
        INSERT INTO claims_attribution_search (rowid, words) VALUES (new.id, new.words);
    END
    """,
    """
    CREATE TRIGGER claims_attribution_search_delete AFTER DELETE ON claims_attribution BEGIN
        INSERT INTO claims_attribution_search (claims_attribution_search, rowid, words)
        VALUES ('delete', old.id, old.words);
    END
    """,
    """
    CREATE TRIGGER claims_attribution_search_update
    AFTER UPDATE OF id, words ON claims_attribution BEGIN
        INSERT INTO claims_attribution_search (claims_attribution_search, rowid, words)
        VALUES ('delete', old.id, old.words);
        INSERT INTO claims_attribution_search (rowid, words) VALUES (new.id, new.words);
    END
    """,
]

SQLITE_REBUILD = [
    "INSERT INTO articles_article_search (articles_article_search) VALUES ('rebuild')",
    "INSERT INTO claims_attribution_search (claims_attribution_search) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER articles_article_search_insert",
    "DROP TRIGGER articles_article_search_delete",
    "DROP TRIGGER articles_article_search_update",
    "DROP TRIGGER claims_attribution_search_insert",
    "DROP TRIGGER claims_attribution_search_delete",
    "DROP TRIGGER claims_attribution_search_update",
    "DROP TABLE articles_article_search",
    "DROP TABLE claims_attribution_search",
]


def run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        run(schema_editor, POSTGRESQL)
    elif vendor == "sqlite":
        run(schema_editor, SQLITE_TABLES + SQLITE_TRIGGERS + SQLITE_REBUILD)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        run(schema_editor, POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        run(schema_editor, SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_archive_revision"),
        ("claims", "0006_operation_kinds"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
