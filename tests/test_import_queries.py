"""The import's round trips: what the extraction reads and writes for an article is read and
written with the other articles of its batch, and what one file looks up serves the next."""

import itertools
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Outlet
from claims import extraction
from claims.models import Attribution, Claim, Person, PersonAlias, PersonKind

# Seed 5's first 30 articles: six events, each reported by several outlets.
SEED, FILES = 5, 30
EXTRACT_BATCHES = -(-FILES // extraction.EXTRACT_BATCH)


def inserts_into(queries, model):
    table = connection.ops.quote_name(model._meta.db_table)
    # SQLite writes an INSERT that ignores conflicts as INSERT OR IGNORE.
    insert = re.compile(rf"INSERT (?:OR IGNORE )?INTO {re.escape(table)} ")
    return sum(bool(insert.match(query["sql"])) for query in queries)


def import_generated(folder):
    """The queries of importing the generated files."""
    call_command(
        "generate_corpus",
        "--files",
        str(folder),
        "--articles",
        str(FILES),
        "--seed",
        str(SEED),
        stdout=StringIO(),
    )
    with CaptureQueriesContext(connection) as captured:
        call_command("import_seeds", str(folder), stdout=StringIO(), stderr=StringIO())
    return captured


@pytest.mark.django_db
def test_the_extraction_writes_each_batch_of_articles_in_one_insert_a_table(tmp_path):
    captured = import_generated(tmp_path)

    assert Attribution.objects.count() > FILES  # several statements an article
    assert inserts_into(captured, Attribution) == EXTRACT_BATCHES
    assert inserts_into(captured, Claim) == EXTRACT_BATCHES
    assert inserts_into(captured, Person.mentioned_in.through) == EXTRACT_BATCHES
    assert inserts_into(captured, Person.articles.through) == EXTRACT_BATCHES


@pytest.mark.django_db
def test_the_import_looks_each_outlet_up_once_not_once_a_file(tmp_path):
    captured = import_generated(tmp_path)

    table = connection.ops.quote_name(Outlet._meta.db_table)
    lookups = Counter(q["sql"] for q in captured if q["sql"].startswith(f"SELECT {table}."))
    # Once before the first file that names it creates it, once after; not once a file.
    assert Article.objects.values("outlet").distinct().count() < FILES
    assert max(lookups.values()) == 2


@pytest.mark.django_db
def test_the_people_a_batch_makes_get_their_aliases_and_history_in_one_insert_a_batch(tmp_path):
    captured = import_generated(tmp_path)

    # One insert for the speakers of each batch, one for its new journalists.
    assert PersonAlias.objects.count() > 2 * EXTRACT_BATCHES
    assert inserts_into(captured, PersonAlias) <= 2 * EXTRACT_BATCHES
    assert inserts_into(captured, PersonAlias.history.model) <= 2 * EXTRACT_BATCHES
    # Renaming a person (the majority's spelling) is a save of its own.
    changed = Person.history.filter(history_type="~").count()
    assert inserts_into(captured, Person.history.model) <= 2 * EXTRACT_BATCHES + changed
    # An unnamed source of an event is looked for among those read for the batch.
    person = connection.ops.quote_name(Person._meta.db_table)
    by_description = [
        q
        for q in captured
        if re.search(
            rf"WHERE (?=.*{person}\.\"event_id\" = )(?=.*{person}\.\"description\")", q["sql"]
        )
    ]
    assert Person.objects.filter(kind=PersonKind.ANONYMOUS).exists()
    assert by_description == []


@pytest.mark.django_db
def test_the_speakers_of_a_batch_are_looked_for_together_not_one_by_one(tmp_path):
    captured = import_generated(tmp_path)

    alias = connection.ops.quote_name(PersonAlias._meta.db_table)
    # The aliases that the names of a batch's speakers may match, in one query for the batch.
    by_name = [q for q in captured if q["sql"].startswith(f'SELECT {alias}."name"')]
    assert Person.objects.filter(kind=PersonKind.NAMED).count() > EXTRACT_BATCHES
    assert len(by_name) == EXTRACT_BATCHES


@pytest.mark.django_db
def test_a_long_import_extracts_its_articles_in_date_order_and_reads_each_body_once(
    tmp_path, monkeypatch
):
    # Three chunks of ten stand for an import of thousands of files, RUN_CHUNK at a time.
    monkeypatch.setattr(extraction, "RUN_CHUNK", 10)
    chunks, figures_read = [], Counter()
    assign_events, extract_figures = extraction.assign_events, extraction.extract_figures

    def spy_on_chunks(articles, *args):
        chunks.append([a.published for a in articles if extraction.dated_enough(a)])
        return assign_events(articles, *args)

    def spy_on_figures(body):
        figures_read[body] += 1
        return extract_figures(body)

    monkeypatch.setattr(extraction, "assign_events", spy_on_chunks)
    monkeypatch.setattr(extraction, "extract_figures", spy_on_figures)
    import_generated(tmp_path)

    assert len(chunks) == 3
    dated = [chunk for chunk in chunks if chunk]
    assert all(max(a) <= min(b) for a, b in itertools.pairwise(dated))
    assert sum(figures_read.values()) == Article.objects.count() == FILES
    assert set(figures_read.values()) == {1}
