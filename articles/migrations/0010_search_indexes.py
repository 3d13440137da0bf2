"""Indexes for the search page on PostgreSQL (articles/search.py); SQLite gets none.

- Articles newest first, undated last. For a common word, search walks the newest articles
  until it has enough matches. The index on the date alone, read backwards, gives undated
  articles first (PostgreSQL sorts NULL first in descending order), so every search for a
  common word tested all undated articles, a share of the archive, before any dated one.
- Trigram indexes on people's names and aliases. People are found by substring
  (name__icontains), which Django writes as UPPER("name"::text) LIKE UPPER('%word%') on
  PostgreSQL; pg_trgm's GIN operator class answers LIKE on that very expression, where
  otherwise every person and every alias is read for every search.

Only indexes are added, no table is rebuilt, so the SQLite triggers of 0008 are untouched.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "article_newest_idx": (
        'ON "articles_article" ("published" DESC NULLS LAST, "id" DESC)'
    ),
    "person_name_trgm_idx": (
        'ON "claims_person" USING gin ((UPPER("name"::text)) gin_trgm_ops)'
    ),
    "personalias_name_trgm_idx": (
        'ON "claims_personalias" USING gin ((UPPER("name"::text)) gin_trgm_ops)'
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, definition in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX "{index}" {definition}')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_timeline_index"),
        ("claims", "0006_operation_kinds"),
    ]

    operations = [
        # Does nothing on other databases.
        TrigramExtension(),
        migrations.RunPython(create, drop, elidable=False),
    ]
