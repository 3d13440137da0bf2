"""Changelists that cost the same in a large archive: no count of a whole large table, and a first
page read from an index rather than sorted out of every row."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.editing import LargeTablePaginator
from claims.models import Attribution, Person

from .factories import make_article, make_attribution, make_person

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics and plans"
)


def changelist(client, model, **params):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, params)
    assert response.status_code == 200
    return response.context["cl"]


def analyze(table):
    """Planner statistics, as autovacuum keeps them in a live archive (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def test_attributions_are_listed_newest_article_first_each_in_reading_order(editor_client):
    # The article added first was published later: the list goes by the article added last.
    first = make_article(published=datetime.date(2025, 3, 1))
    last = make_article(published=datetime.date(2025, 2, 1))
    # Made out of reading order, so that the order cannot come from the primary key.
    first_said = make_attribution(words="an official said", article=first)
    first_act = make_attribution(words="the ministry will act", article=first)
    last_said = make_attribution(words="an official said", article=last)
    last_act = make_attribution(words="the ministry will act", article=last)

    cl = changelist(editor_client, Attribution)

    assert list(cl.result_list) == [last_act, last_said, first_act, first_said]


def test_pages_of_a_small_table_are_counted_and_cut_exactly(editor_client, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Person], "list_per_page", 2)
    people = [make_person(name=name) for name in ["Ana", "Ben", "Cho", "Dee", "Eun"]]

    first = changelist(editor_client, Person)
    last = changelist(editor_client, Person, p=3)

    assert first.result_count == 5
    assert first.paginator.num_pages == 3
    assert list(first.result_list) == people[:2]
    assert list(last.result_list) == people[4:]


def test_a_filtered_list_is_counted_exactly_even_when_the_table_is_large(
    editor_client, monkeypatch
):
    monkeypatch.setattr(LargeTablePaginator, "exact_below", 0)
    make_person(name="Ana", kind="named")
    make_person(name="An official", kind="anonymous")
    make_person(name="Ben", kind="named")
    analyze("claims_person")

    assert changelist(editor_client, Person, kind="named").result_count == 2
    assert changelist(editor_client, Person, q="an").result_count == 2


def test_sqlite_counts_a_large_table_exactly(editor_client, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL estimates it: see the next test")
    monkeypatch.setattr(LargeTablePaginator, "exact_below", 0)
    for name in ["Ana", "Ben", "Cho"]:
        make_person(name=name)

    assert changelist(editor_client, Person).result_count == 3


@postgresql_only
def test_postgresql_takes_the_count_of_a_large_table_from_its_statistics(
    editor_client, monkeypatch
):
    monkeypatch.setattr(LargeTablePaginator, "exact_below", 3)
    for name in ["Ana", "Ben", "Cho"]:
        make_person(name=name)
    analyze("claims_person")
    # Added after the statistics were taken: an exact count would see them.
    make_person(name="Dee")
    make_person(name="Eun")

    with CaptureQueriesContext(connection) as queries:
        cl = changelist(editor_client, Person)

    assert cl.result_count == 3
    assert not [
        q["sql"] for q in queries if 'COUNT(*) AS "__count" FROM "claims_person"' in q["sql"]
    ]
    # Every row is still listed: one page holds them all.
    assert len(cl.result_list) == 5


@postgresql_only
@pytest.mark.parametrize(
    "model, plan_line",
    [
        (Person, "Index Scan using person_name_idx on claims_person"),
        # Either index on the article will do: what is left to sort is each article's own.
        (Attribution, "Presorted Key: claims_attribution.article_id"),
    ],
    ids=["people by name", "attributions by article"],
)
def test_postgresql_reads_the_first_page_in_index_order(editor_client, model, plan_line):
    for _ in range(3):
        make_attribution(article=make_article(), words="an official said")
    cl = changelist(editor_client, model)
    with connection.cursor() as cursor:
        # With a few rows, reading and sorting the whole table is as cheap as any plan:
        # forbidding it asks whether an index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    plan = cl.result_list.explain()

    assert plan_line in plan, plan
