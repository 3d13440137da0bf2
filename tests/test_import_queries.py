"""The import's round trips: what the extraction writes for an article is written with the
other articles of its batch, not an INSERT an article."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Outlet
from claims import extraction
from claims.models import Attribution, Claim, Person

# Seed 5's first 30 articles: six events, each reported by several outlets.
SEED, FILES = 5, 30


def inserts_into(queries, model):
    table = connection.ops.quote_name(model._meta.db_table)
    # SQLite writes an INSERT that ignores conflicts as INSERT OR IGNORE.
    insert = re.compile(rf"INSERT (?:OR IGNORE )?INTO {re.escape(table)} ")
    return sum(bool(insert.match(query["sql"])) for query in queries)


@pytest.mark.django_db
def test_the_extraction_writes_each_batch_of_articles_in_one_insert_a_table(tmp_path):
    call_command(
        "generate_corpus",
        "--files",
        str(tmp_path),
        "--articles",
        str(FILES),
        "--seed",
        str(SEED),
        stdout=StringIO(),
    )
    with CaptureQueriesContext(connection) as captured:
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=StringIO())

    batches = -(-FILES // extraction.EXTRACT_BATCH)
    assert Attribution.objects.count() > FILES  # several statements an article
    assert inserts_into(captured, Attribution) == batches
    assert inserts_into(captured, Claim) == batches
    assert inserts_into(captured, Person.mentioned_in.through) == batches
    assert inserts_into(captured, Person.articles.through) == batches


@pytest.mark.django_db
def test_the_import_looks_each_outlet_up_once_not_once_a_file(tmp_path):
    call_command(
        "generate_corpus",
        "--files",
        str(tmp_path),
        "--articles",
        str(FILES),
        "--seed",
        str(SEED),
        stdout=StringIO(),
    )
    with CaptureQueriesContext(connection) as captured:
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=StringIO())

    table = connection.ops.quote_name(Outlet._meta.db_table)
    lookups = Counter(q["sql"] for q in captured if q["sql"].startswith(f"SELECT {table}."))
    # Once before the first file that names it creates it, once after; not once a file.
    assert Article.objects.values("outlet").distinct().count() < FILES
    assert max(lookups.values()) == 2
