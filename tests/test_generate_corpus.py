"""generate_corpus: the synthetic archive, as raw files for the importer and as rows."""

import hashlib
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from articles import corpus
from articles.models import Article, Event, Outlet, OutletKind, Story, TimelineEntry
from claims.models import (
    Attribution,
    AttributionMode,
    Claim,
    ClaimKind,
    Discrepancy,
    DiscrepancyValue,
    Person,
    PersonKind,
)

# Seed 5's first 30 articles: six events of one story, with spellings and figures that differ
# between outlets.
SEED, FILES = 5, 30


def generate(*args):
    out = StringIO()
    call_command("generate_corpus", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def folder_contents(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_same_seed_gives_byte_identical_files(tmp_path):
    generate("--files", tmp_path / "a", "--articles", 12, "--seed", 3)
    generate("--files", tmp_path / "b", "--articles", 12, "--seed", 3)
    first, second = folder_contents(tmp_path / "a"), folder_contents(tmp_path / "b")
    assert len(first) == 13  # twelve articles and sources.toml
    assert first == second


def test_another_seed_gives_other_files(tmp_path):
    generate("--files", tmp_path / "a", "--articles", 12, "--seed", 3)
    generate("--files", tmp_path / "b", "--articles", 12, "--seed", 4)
    first, second = folder_contents(tmp_path / "a"), folder_contents(tmp_path / "b")
    assert first.keys() != second.keys()
    shared = set(first.values()) & set(second.values())
    assert not shared


def test_files_are_named_in_generation_order_and_listed_in_the_manifest(tmp_path):
    output = generate("--files", tmp_path, "--articles", 12, "--start", 7)
    names = sorted(path.name for path in tmp_path.glob("*.txt"))
    assert [name[:6] for name in names] == [f"{n:06d}" for n in range(7, 19)]
    manifest = (tmp_path / "sources.toml").read_text()
    assert all(f'["{name}"]' in manifest for name in names)
    assert "Generated 12 articles" in output


@pytest.mark.django_db
def test_generated_files_import_cleanly_and_the_extraction_finds_who_said_what(tmp_path):
    generate("--files", tmp_path, "--articles", FILES, "--seed", SEED)
    out = StringIO()
    call_command("import_seeds", str(tmp_path), stdout=out, stderr=StringIO())
    assert (
        f"{FILES} files: {FILES} created, 0 new version, 0 unchanged, 0 failed." in out.getvalue()
    )

    # The importer reads off each page what the generator put on it, so --rows stores the same.
    expected = {a.filename: a for e in corpus.events(SEED, 1, FILES) for a in e.articles}
    for article in Article.objects.select_related("outlet"):
        made = expected[article.source_file]
        assert (article.headline, article.byline, article.body) == (
            made.headline,
            made.byline,
            made.body,
        )
        assert (article.published, article.published_precision) == (made.published, made.precision)
        assert article.outlet.name == made.outlet.name

    assert Event.objects.count() == len(list(corpus.events(SEED, 1, FILES)))
    assert Attribution.objects.filter(mode=AttributionMode.QUOTED).exists()
    assert Attribution.objects.filter(claim__kind=ClaimKind.PARAPHRASE).exists()
    assert Claim.objects.filter(kind=ClaimKind.FIGURE, figure_value__gte=100).exists()
    assert Person.objects.filter(kind=PersonKind.NAMED, claims__isnull=False).exists()
    assert Person.objects.filter(kind=PersonKind.ANONYMOUS, claims__isnull=False).exists()
    # One statement, worded by each outlet its own way, is one claim across outlets.
    widest = (
        Claim.objects.exclude(kind=ClaimKind.FIGURE)
        .annotate(outlets=Count("attributions__article__outlet", distinct=True))
        .order_by("-outlets")
        .first()
    )
    assert widest.outlets >= 3
    assert len({a.words for a in widest.attributions.all()}) >= 2
    # Outlets that spell a name differently (Lisowski, Lisowsky; not Freya Dahl and Dahl), and
    # that give different figures, are found to disagree.
    names = [
        {value.value for value in discrepancy.values.all()}
        for discrepancy in Discrepancy.objects.filter(kind="name").prefetch_related("values")
    ]
    assert any(
        not (a.endswith(b) or b.endswith(a)) for values in names for a in values for b in values
    )
    assert Discrepancy.objects.filter(kind="figure").exists()


@pytest.mark.django_db
def test_rows_mode_makes_the_articles_events_and_claims_of_the_generated_corpus():
    output = generate("--rows", "--articles", 60, "--seed", SEED)
    events = list(corpus.events(SEED, 1, 60))
    assert Article.objects.count() == 60
    assert Event.objects.count() == len(events)
    assert Story.objects.count() == len({e.story.key for e in events})
    assert f"Generated 60 articles in {len(events)} events" in output

    for article in Article.objects.all():
        assert article.event_id and article.outlet_id and article.extracted_at
        assert article.raw_sha256 == hashlib.sha256(article.raw_text.encode()).hexdigest()
        assert 400 <= len(article.body.split()) <= 1200
    attributions = Attribution.objects.select_related("article", "claim")
    assert attributions.count() == sum(len(a.appearances) for e in events for a in e.articles)
    for attribution in attributions:
        assert attribution.article.body[attribution.start : attribution.end] == attribution.words
        assert attribution.claim.event_id == attribution.article.event_id
    assert all(e.date and e.date_precision == "day" and e.story_id for e in Event.objects.all())

    kinds = Counter(Person.objects.values_list("kind", flat=True))
    assert kinds[PersonKind.NAMED] and kinds[PersonKind.ANONYMOUS] and kinds[PersonKind.INSTITUTION]
    assert not Person.objects.filter(kind=PersonKind.ANONYMOUS, event=None).exists()
    assert Person.objects.filter(articles__isnull=False).exists()  # bylines
    assert Person.objects.filter(mentioned_in__isnull=False).exists()
    # A few people are quoted at many events.
    busiest = (
        Person.objects.filter(kind=PersonKind.NAMED)
        .annotate(events=Count("claims__event", distinct=True))
        .order_by("-events")
        .first()
    )
    assert busiest.events >= 3
    assert {c.kind for c in Claim.objects.all()} >= {"quote", "paraphrase", "figure"}
    assert DiscrepancyValue.objects.values("discrepancy").distinct().count() >= 1
    for value in DiscrepancyValue.objects.select_related("attribution", "discrepancy"):
        assert value.attribution.claim.event_id == value.discrepancy.event_id
    assert TimelineEntry.objects.filter(articles__isnull=False).exists()
    assert set(Outlet.objects.values_list("kind", flat=True)) >= set(OutletKind.values)


@pytest.mark.django_db
def test_rows_mode_stores_the_raw_text_the_files_mode_writes(tmp_path):
    generate("--files", tmp_path, "--articles", 10, "--seed", SEED)
    generate("--rows", "--articles", 10, "--seed", SEED)
    stored = dict(Article.objects.values_list("source_file", "raw_text"))
    written = {p.name: p.read_bytes() for p in tmp_path.glob("*.txt")}
    assert stored.keys() == written.keys()
    assert all(stored[name].encode() == written[name] for name in written)


@pytest.mark.django_db
def test_rows_mode_reuses_the_worlds_people_for_the_next_articles():
    # Given as --start: numbered on from the largest id, the next articles would be those of
    # another part of the world wherever earlier tests took ids (PostgreSQL does not reuse them).
    generate("--rows", "--articles", 25, "--seed", SEED)
    people = Person.objects.count()
    generate("--rows", "--articles", 25, "--seed", SEED, "--start", 26)
    assert Person.objects.count() - people < people


@pytest.mark.django_db
def test_rows_mode_appends_to_the_archive_without_repeating_anything():
    generate("--rows", "--articles", 25, "--seed", SEED)
    outlets = Outlet.objects.count()
    # Numbered on from the largest id (PostgreSQL does not reuse the ids of earlier tests).
    last = Article.objects.aggregate(last=Max("pk"))["last"]
    output = generate("--rows", "--articles", 25, "--seed", SEED)
    assert f"articles {last + 1:,} to {last + 25:,}" in output
    assert Article.objects.count() == 50
    numbers = sorted(
        int(name[:6]) for name in Article.objects.values_list("source_file", flat=True)
    )
    assert numbers[:25] == list(range(1, 26))
    assert numbers[25:] == list(range(last + 1, last + 26))
    assert Outlet.objects.count() == outlets

    with pytest.raises(CommandError, match="in the archive already"):
        generate("--rows", "--articles", 5, "--seed", SEED, "--start", 1)
    assert Article.objects.count() == 50


@pytest.mark.django_db
def test_the_public_pages_render_on_a_generated_archive(client):
    generate("--rows", "--articles", 30, "--seed", SEED)
    article = Article.objects.annotate(n=Count("attributions")).filter(n__gt=0).first()
    person = (
        Person.objects.filter(kind=PersonKind.NAMED)
        .annotate(n=Count("claims"))
        .order_by("-n")
        .first()
    )
    home = client.get("/")
    assert home.status_code == 200
    assert article.event.title in home.content.decode()
    event_page = client.get(article.event.get_absolute_url())
    assert event_page.status_code == 200
    assert article.outlet.name in event_page.content.decode()
    article_page = client.get(article.get_absolute_url())
    assert article_page.status_code == 200
    assert "attribution-" in article_page.content.decode()
    person_page = client.get(person.get_absolute_url())
    assert person_page.status_code == 200
    assert person.name in person_page.content.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rows", "--articles", "0"], "--articles must be at least 1"),
        (["--articles", "5"], "exactly one of --files DIR"),
        (["--rows", "--files", "x", "--articles", "5"], "exactly one of --files DIR"),
        (["--rows", "--articles", "5", "--start", "0"], "--start must be at least 1"),
        (["--rows", "--articles", "5", "--batch-size", "0"], "--batch-size must be from 1"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        generate(*args)


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not an empty folder"):
        generate("--files", tmp_path, "--articles", 3)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
