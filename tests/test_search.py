import hashlib

import pytest
from django.db import connection
from django.urls import reverse

from articles import search as search_module
from articles.models import Article
from articles.search import START, STOP, fts5_query, highlight, plain_snippet
from claims.models import Attribution, PersonAlias

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_claim,
    make_outlet,
    make_person,
)
from .test_admin import admin_url, article_form, signed_version

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="web-search syntax, stop words and GIN"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5")


def search(client, q):
    response = client.get(reverse("articles:search"), {"q": q})
    assert response.status_code == 200
    return response


def found(response, group):
    return list(response.context[group]["results"])


def test_without_a_query_the_page_shows_the_form_and_no_results(client):
    response = client.get(reverse("articles:search"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form role="search" method="get"' in html
    assert '<label for="search-q">' in html and 'id="search-q"' in html
    assert "Search the archive’s headlines" in html
    assert "<h2>" not in html
    assert "articles" not in response.context


def test_an_empty_or_blank_query_is_the_same_as_no_query(client):
    make_article(headline="Seoul will accept prisoners")
    for q in ["", "   "]:
        response = search(client, q)
        assert "Search the archive’s headlines" in response.content.decode()
        assert "articles" not in response.context


def test_a_query_without_words_finds_nothing_and_says_so(client):
    make_article(headline="Seoul will accept prisoners")
    response = search(client, "!!! -- ?")
    assert "Nothing in the archive matches" in response.content.decode()


def test_a_query_with_a_nul_character_is_searched_without_it(client):
    article = make_article(headline="Seoul will accept prisoners")
    response = search(client, "pris\x00oners")
    assert found(response, "articles") == [article]


def test_articles_are_found_by_headline_and_body(client):
    by_headline = make_article(headline="Seoul will accept prisoners")
    by_body = make_article(body="SEOUL – The ministry said prisoners may apply.")
    make_article(headline="Markets rise", body="Shares rose on Tuesday.")
    response = search(client, "prisoners")
    assert set(found(response, "articles")) == {by_headline, by_body}


def test_every_word_of_the_query_must_match(client):
    both = make_article(body="The soldier asked for asylum in Seoul.")
    make_article(body="The soldier was captured in Kursk.")
    response = search(client, "soldier asylum")
    assert found(response, "articles") == [both]


def test_an_earlier_version_of_an_article_is_not_found(client):
    old = make_article(headline="Seoul will accept prisoners")
    new = make_article(headline="Seoul will accept prisoners, ministry says", previous_version=old)
    response = search(client, "prisoners")
    assert found(response, "articles") == [new]


def test_an_article_result_shows_its_link_outlet_date_and_a_marked_snippet(client):
    article = make_article(
        headline="Seoul will accept prisoners",
        outlet=make_outlet(name="The Korea Herald"),
        body="SEOUL – South Korea said on Wednesday it will accept soldiers who ask for asylum.",
    )
    html = search(client, "asylum").content.decode()
    assert f'<a href="{article.get_absolute_url()}">Seoul will accept prisoners</a>' in html
    assert "The Korea Herald, 20 Feb 2025" in html
    assert "<mark>asylum</mark>" in html


def test_markup_in_an_article_body_is_shown_as_text(client):
    make_article(
        body='SEOUL – Officials met. <script>alert("x")</script> The asylum talks '
        "<b onmouseover=alert(1) went on, asylum or not."
    )
    html = search(client, "asylum").content.decode()
    assert "<mark>asylum</mark>" in html
    # PostgreSQL's snippet leaves whole tags out, SQLite's shows them escaped; neither runs them.
    assert "<script" not in html and "<b onmouseover" not in html
    assert "alert(&quot;x&quot;)" in html
    assert "&lt;b onmouseover=alert(1)" in html


def test_a_script_in_a_headline_or_quote_is_shown_as_text(client):
    article = make_article(
        headline="<script>alert(1)</script> asylum", body="He said “<b>asylum</b> now” today."
    )
    make_attribution(article=article, words="<b>asylum</b> now")
    html = search(client, "asylum").content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>asylum</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; asylum" in html
    assert "“&lt;b&gt;asylum&lt;/b&gt; now”" in html


def test_quotes_are_found_with_their_speaker_outlet_and_claim(client):
    speaker = make_person(name="Ri")
    article = make_article(
        outlet=make_outlet(name="Chosun Ilbo"),
        body="SEOUL – “I want to go to South Korea,” Ri said.",
    )
    attribution = make_attribution(
        article=article,
        claim=make_claim(speaker=speaker),
        words="I want to go to South Korea",
    )
    make_attribution(words="the ministry will act")
    response = search(client, "South Korea")
    html = response.content.decode()
    assert found(response, "quotes") == [attribution]
    claim_url = attribution.claim.get_absolute_url()
    assert f'<a href="{claim_url}">“I want to go to South Korea”</a>' in html
    assert "Ri, in Chosun Ilbo, 20 Feb 2025" in html


def test_quotes_in_earlier_versions_are_not_found(client):
    old = make_article(body="SEOUL – “I want to go home,” he said.")
    make_attribution(article=old, words="I want to go home")
    make_article(body="SEOUL – “I want to go home,” he said again.", previous_version=old)
    response = search(client, "home")
    assert found(response, "quotes") == []


def test_people_are_found_by_name_or_by_any_spelling(client):
    ri = make_person(name="Ri", description="captured North Korean soldier")
    make_alias(person=ri, name="Lee")
    zelensky = make_person(name="Volodymyr Zelensky")
    make_alias(person=zelensky, name="Zelenskyy")
    make_person(name="Cho Tae-yul")
    assert found(search(client, "Lee"), "people") == [ri]
    assert found(search(client, "zelenskyy"), "people") == [zelensky]
    html = search(client, "Ri").content.decode()
    assert f'<a href="{ri.get_absolute_url()}">Ri</a>' in html
    assert "also spelled Lee" in html and "captured North Korean soldier" in html


def test_a_person_named_exactly_as_the_query_comes_first(client):
    make_person(name="Kim Jong Un")
    make_person(name="Tae Kim")
    kim = make_person(name="Kim")
    assert found(search(client, "Kim"), "people")[0] == kim


def test_nothing_found_says_so_without_empty_sections(client):
    make_article(headline="Seoul will accept prisoners")
    html = search(client, "kangaroo").content.decode()
    assert "Nothing in the archive matches “kangaroo”." in html
    assert "<h2>" not in html


def test_each_group_is_cut_at_twenty_with_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    outlet = make_outlet()
    claim = make_claim(speaker=make_person())
    for n in range(25):
        article = make_article(
            outlet=outlet, headline=f"Asylum report {n}", body=f"“Asylum for all {n},” he said."
        )
        make_attribution(article=article, claim=claim, words=f"Asylum for all {n}")
        make_alias(person=make_person(name=f"Asylum seeker {n}"), name=f"Seeker {n}")
    # For articles and quotes, the ids from the index (on PostgreSQL after asking the planner how
    # many rows match) and then their rows; people, and their aliases.
    with django_assert_max_num_queries(8 if connection.vendor == "postgresql" else 6):
        response = search(client, "asylum")
    assert len(found(response, "articles")) == 20
    assert len(found(response, "quotes")) == 20
    assert len(found(response, "people")) == 20
    html = response.content.decode()
    for group in ["articles", "quotes", "people"]:
        assert f"Only the first 20 {group} are shown" in html


def test_a_very_long_query_is_cut_short(client):
    response = search(client, "asylum " * 100)
    assert len(response.context["q"]) == 200


def test_the_search_page_does_not_accept_posts(client):
    assert client.post(reverse("articles:search"), {"q": "asylum"}).status_code == 405


def test_a_snippet_is_escaped_and_only_its_markers_become_mark_elements():
    marked = f"a <b>&amp; {START}Ri{STOP} said {START}<i>{STOP} then {STOP}x{START}"
    assert highlight(marked) == (
        "a &lt;b&gt;&amp;amp; <mark>Ri</mark> said <mark>&lt;i&gt;</mark> then x"
    )


def test_a_plain_snippet_is_cut_around_the_first_match_on_word_boundaries():
    text = "Lead words here. " * 20 + "The soldier asked for ASYLUM today. " + "Tail text. " * 30
    snippet = plain_snippet(text, ["asylum"])
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert f"{START}ASYLUM{STOP}" in snippet
    words = snippet.removeprefix("… ").removesuffix(" …").replace(START, "").replace(STOP, "")
    assert set(words.split()) <= set(text.split())
    assert not plain_snippet("No match at all in here.", ["asylum"]).startswith("…")


def test_full_text_search_finds_other_forms_of_a_word(client):
    article = make_article(body="SEOUL – The captured soldiers asked for asylum.")
    assert found(search(client, "soldier"), "articles") == [article]


def test_a_headline_match_ranks_above_a_body_match(client):
    in_body = make_article(headline="Ministry briefing", body="It spoke of prisoners once.")
    in_headline = make_article(headline="Prisoners may go south", body="The ministry spoke.")
    assert found(search(client, "prisoners"), "articles") == [in_headline, in_body]


@postgresql_only
def test_web_search_syntax_excludes_words_and_matches_phrases(client):
    kursk = make_article(body="The soldier was captured in Kursk.")
    seoul = make_article(body="The soldier reached Seoul, then Kursk was mentioned.")
    assert found(search(client, "soldier -seoul"), "articles") == [kursk]
    assert found(search(client, '"reached seoul"'), "articles") == [seoul]


@postgresql_only
def test_a_query_of_only_common_words_finds_no_articles_without_an_error(client):
    make_article(headline="The ministry and the soldiers")
    assert found(search(client, "the and"), "articles") == []


def test_a_plain_snippet_prefers_whole_words_to_parts_of_words():
    snippet = plain_snippet("They have a right to go, Ri said.", ["ri"])
    assert snippet == f"They have a right to go, {START}Ri{STOP} said."
    assert plain_snippet("They have a right.", ["ri"]) == f"They have a {START}ri{STOP}ght."


# --- The full-text indexes: kept current by the database, whoever writes the rows ------------


def indexed(table, word):
    """The ids the index itself holds for word, without the rows: a stale entry shows here."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM {table} WHERE search_vector @@ plainto_tsquery('english', %s)",
                [word],
            )
        else:
            cursor.execute(
                f"SELECT rowid FROM {table}_search WHERE {table}_search MATCH %s",
                [fts5_query([word])],
            )
        return sorted(pk for (pk,) in cursor.fetchall())


def test_a_headline_changed_in_the_admin_is_searched_by_its_new_words_only(editor_client):
    article = make_article(headline="Zebras cross the border")
    assert found(search(editor_client, "zebras"), "articles") == [article]
    url = admin_url(Article, "change", article.pk)
    form = article_form(
        headline="Giraffes cross the border",
        body=article.body,
        version=signed_version(editor_client, url),
    )
    assert editor_client.post(url, form).status_code == 302
    assert found(search(editor_client, "giraffes"), "articles") == [article]
    assert found(search(editor_client, "zebras"), "articles") == []
    assert indexed("articles_article", "zebras") == []


def test_an_edited_quote_is_searched_by_its_new_words_only(client):
    article = make_article(body="He said the okapi will stay. Later: the giraffe will stay.")
    attribution = make_attribution(article=article, words="the okapi will stay")
    attribution.words = "the giraffe will stay"
    attribution.start = article.body.index(attribution.words)
    attribution.end = attribution.start + len(attribution.words)
    attribution.save()
    assert found(search(client, "giraffe"), "quotes") == [attribution]
    assert found(search(client, "okapi"), "quotes") == []
    assert indexed("claims_attribution", "okapi") == []


def test_rows_written_with_bulk_create_are_searched(client):
    # As restore_archive and the corpus generator write them: no save(), no signals.
    raw_text = "Okapi sighted\n\nThe okapi was seen near the river."
    (article,) = Article.objects.bulk_create(
        [
            Article(
                headline="Okapi sighted",
                body="The okapi was seen near the river.",
                raw_text=raw_text,
                raw_sha256=hashlib.sha256(raw_text.encode()).hexdigest(),
            )
        ]
    )
    (attribution,) = Attribution.objects.bulk_create(
        [Attribution(claim=make_claim(), article=article, words="The okapi", start=0, end=9)]
    )
    response = search(client, "okapi")
    assert found(response, "articles") == [article]
    assert found(response, "quotes") == [attribution]


def test_a_deleted_article_and_its_quotes_leave_the_index(client):
    article = make_article(headline="Okapi sighted", body="The okapi was seen.")
    make_attribution(article=article, words="The okapi")
    kept = make_article(headline="Okapi again")
    assert indexed("articles_article", "okapi") == sorted([article.pk, kept.pk])
    article.delete()
    assert indexed("articles_article", "okapi") == [kept.pk]
    assert indexed("claims_attribution", "okapi") == []
    assert found(search(client, "okapi"), "articles") == [kept]


@pytest.mark.parametrize(
    "q",
    [
        'asylum"',
        '"asylum',
        '""asylum""',
        "asylum*",
        "asylum:*",
        "NEAR(asylum",
        "NEAR(",
        "asylum AND",
        "AND asylum",
        "asylum NOT",
        "asylum -",
        "(asylum)",
        "^asylum",
        "asylum & !",
        "asylum\\",
        "asylum'",
        "body:asylum",
        "headline:asylum",
    ],
)
def test_a_query_with_search_syntax_in_it_finds_what_its_words_find(client, q):
    article = make_article(
        headline="Asylum requests near the border",
        body="The body of the headline story: asylum was granted and not refused, or so it seems.",
    )
    make_article(headline="Markets rise", body="Shares rose on Tuesday.")
    assert found(search(client, q), "articles") == [article]


@pytest.mark.parametrize("q", ['"', "*", "-", "OR", "NEAR", "(", ")", ":", "^", "{x}"])
def test_a_query_of_search_syntax_alone_is_answered(client, q):
    make_article(headline="Asylum requests near the border")
    response = search(client, q)
    assert response.context["q"] == q


def test_an_fts5_query_quotes_every_term():
    assert fts5_query(["asylum", "NEAR", "AND"]) == '"asylum" "NEAR" "AND"'
    assert fts5_query(['say "no"']) == '"say ""no"""'


def price_out_reading_whole_tables():
    # A test's few rows would be read whole. With that and a plain index scan priced out, a plan
    # can only find matches through the GIN index, if the query can use it at all.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")


@postgresql_only
@pytest.mark.parametrize(
    "sql, index",
    [
        (search_module.ARTICLE_IDS_POSTGRESQL, "article_search_idx"),
        (search_module.QUOTE_IDS_POSTGRESQL, "attribution_search_idx"),
    ],
)
def test_postgresql_can_find_matches_through_the_gin_index(sql, index):
    for n in range(30):
        make_attribution(article=make_article(body=f"Report {n}."), words=f"Report {n}")
    price_out_reading_whole_tables()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql.format(unindexed=" + 0"), ["english", "report", 100, 21])
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert f"Bitmap Index Scan on {index}" in plan


@postgresql_only
@pytest.mark.parametrize("way", ["walking the newest rows", "through the GIN index"])
def test_postgresql_finds_the_same_current_ranked_matches_either_way(
    client, monkeypatch, django_assert_max_num_queries, way
):
    in_body = make_article(headline="Ministry briefing", body="It spoke of prisoners once.")
    in_headline = make_article(headline="Prisoners may go south", body="The ministry spoke.")
    old = make_article(headline="Prisoners held", body="Prisoners were held.")
    new = make_article(headline="Captives held", body="Prisoners were held.", previous_version=old)
    quote = make_attribution(article=in_body, words="prisoners")
    make_attribution(article=old, words="Prisoners were held")
    if way == "walking the newest rows":
        monkeypatch.setattr(search_module, "COMMON_ARTICLES", 0)
        monkeypatch.setattr(search_module, "COMMON_QUOTES", 0)
    else:
        price_out_reading_whole_tables()
    with django_assert_max_num_queries(8) as queries:
        response = search(client, "prisoners")
    assert found(response, "articles")[0] == in_headline
    assert set(found(response, "articles")) == {in_headline, in_body, new}
    assert found(response, "quotes") == [quote]
    through_index = [query["sql"] for query in queries if " + 0 DESC" in query["sql"]]
    # Twice when each of articles and quotes is taken from the index: its EXPLAIN and itself.
    assert len(through_index) == (4 if way == "through the GIN index" else 2)


@sqlite_only
def test_the_sqlite_index_triggers_exist():
    # Django rebuilds an SQLite table for most AddField and AlterField migrations, and the
    # triggers go with the old table: such a migration must create them again (see 0008).
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {name for (name,) in cursor.fetchall()}
    for table in ["articles_article", "claims_attribution"]:
        for event in ["insert", "update", "delete"]:
            assert f"{table}_search_{event}" in triggers


# --- Snippets, undated articles and people, as the search reads them at scale -----------------


def test_a_snippet_marks_other_forms_of_the_words_searched(client):
    make_article(
        headline="Talks resume",
        body="Officials from both governments met. Police kept order; policy was not discussed.",
    )
    html = search(client, "government police").content.decode()
    assert "<mark>governments</mark>" in html
    assert "<mark>Police</mark>" in html
    # A word that only begins like one searched for is left alone.
    assert "<mark>policy</mark>" not in html and "policy was not" in html


@postgresql_only
def test_a_snippet_marks_the_forms_the_english_stemmer_joins(client):
    # "ministry" and "ministries" are both "ministri" in the index.
    make_article(headline="Talks resume", body="Officials from the two ministries met at dawn.")
    html = search(client, "ministry").content.decode()
    assert "<mark>ministries</mark>" in html


@postgresql_only
@pytest.mark.parametrize("way", ["walking the newest rows", "through the GIN index"])
def test_postgresql_ranks_dated_articles_as_newer_than_undated_ones(client, monkeypatch, way):
    undated = make_article(
        headline="Prisoners held",
        body="Prisoners were held.",
        published=None,
        published_precision="unknown",
    )
    dated = make_article(headline="Prisoners held", body="Prisoners were held.")
    # Only the newest match is ranked: it must be the dated one, as on SQLite.
    monkeypatch.setattr(search_module, "RANKED_MATCHES", 1)
    if way == "walking the newest rows":
        monkeypatch.setattr(search_module, "COMMON_ARTICLES", 0)
    else:
        price_out_reading_whole_tables()
    assert found(search(client, "prisoners"), "articles") == [dated]
    monkeypatch.setattr(search_module, "RANKED_MATCHES", 100)
    assert found(search(client, "prisoners"), "articles") == [dated, undated]


@postgresql_only
def test_postgresql_walks_the_newest_articles_in_their_own_index():
    for n in range(30):
        make_article(body=f"Report {n}.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # With 30 rows, and whatever statistics earlier tests left, a sort is as cheap as any
        # order: forbidding it asks whether the index can give the order by itself.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(
            "EXPLAIN " + search_module.ARTICLE_IDS_POSTGRESQL.format(unindexed=""),
            ["english", "report", 100, 21],
        )
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Index Scan using article_newest_idx" in plan
    assert "Sort Key: article.published" not in plan


def test_a_person_is_found_with_one_word_in_the_name_and_another_in_a_spelling(client):
    zelensky = make_person(name="Volodymyr Zelensky")
    make_alias(person=zelensky, name="Zelenskyy")
    make_person(name="Volodymyr Groysman")
    assert found(search(client, "volodymyr zelenskyy"), "people") == [zelensky]
    assert found(search(client, "groysman zelenskyy"), "people") == []


@postgresql_only
def test_postgresql_can_find_people_through_the_trigram_indexes():
    people = [make_person(name=f"Official {n}") for n in range(30)]
    PersonAlias.objects.bulk_create(
        PersonAlias(person=person, name=f"Envoy {n}") for person in people for n in range(40)
    )
    make_alias(person=people[0], name="Okapi")
    # A short word: the planner prices a trigram index by the trigrams it looks up.
    query = search_module.people_matching("okapi", ["okapi"]).query
    sql, params = query.sql_with_params()
    price_out_reading_whole_tables()
    with connection.cursor() as cursor:
        # As autovacuum would: new rows wait in a GIN index's pending list, which the planner
        # prices as read whole.
        cursor.execute("ANALYZE claims_person, claims_personalias")
        for index in ["person_name_trgm_idx", "personalias_name_trgm_idx"]:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Bitmap Index Scan on person_name_trgm_idx" in plan
    assert "Bitmap Index Scan on personalias_name_trgm_idx" in plan, plan
