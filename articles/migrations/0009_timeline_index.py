"""An index in the timeline's order, latest event first and undated events last, so that a page
of the timeline is read from it rather than by sorting every event.

PostgreSQL sorts NULL first in descending order unless told otherwise; SQLite sorts it last
and does not accept NULLS LAST in an index. Django's Meta.indexes cannot say both, hence SQL.
"""

from django.db import migrations

CREATE = {
    "postgresql": (
        'CREATE INDEX "event_latest_idx" ON "articles_event" ("date" DESC NULLS LAST, "id" DESC)'
    ),
    "sqlite": 'CREATE INDEX "event_latest_idx" ON "articles_event" ("date" DESC, "id" DESC)',
}


def create(apps, schema_editor):
    sql = CREATE.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE:
        schema_editor.execute('DROP INDEX IF EXISTS "event_latest_idx"')


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_search_index")]

    operations = [migrations.RunPython(create, drop)]
