import datetime
import hashlib
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles import importing
from articles.models import Article
from claims import extraction
from claims.models import Attribution

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ANNOTATIONS = {
    a["file"]: a for a in json.loads((SEEDS / "annotations.json").read_text())["articles"]
}
FURNITURE = [
    "Share",
    "Related Articles",
    ".jpg",
    "scroll to top",
    "About The Author",
    "©",
    "PHOTO:",
]


def run_import(*args):
    """Run import_seeds; returns (stdout, stderr, error message or None)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_seeds", *map(str, args), stdout=out, stderr=err)
        failure = None
    except CommandError as error:
        failure = str(error)
    return out.getvalue(), err.getvalue(), failure


def export():
    out = StringIO()
    call_command("export_archive", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def imported(seeds):
    out, err, failure = run_import(seeds)
    assert failure is None, err
    return {article.source_file: article for article in Article.objects.all()}


def test_it_imports_the_five_seeds_and_says_so(seeds):
    out, err, failure = run_import(seeds)
    assert failure is None
    assert sum(line.startswith("created ") for line in out.splitlines()) == 5
    assert "5 files: 5 created, 0 new version, 0 unchanged, 0 failed." in out


def test_with_no_path_it_imports_the_projects_seeds_folder():
    out, err, failure = run_import()
    assert failure is None
    assert Article.objects.count() == 5


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_the_headline_is_the_one_the_text_prints_or_a_flagged_provisional_one(imported, name):
    article, expected = imported[name], ANNOTATIONS[name]
    if expected["headline"]:
        assert article.headline == expected["headline"]
    else:
        assert article.needs_review
        assert "no headline" in article.review_note
        assert article.body.startswith(article.headline.rstrip("…")[:40])


@pytest.mark.parametrize(
    ("name", "outlet", "credited"),
    [
        ("000_8b93fc93d2daa9c9.txt", "The Korea Daily", []),
        ("001_cf25273725998dcc.txt", "Asia News Network", ["The Korea Herald"]),
        ("002_f665bbb88d0360da.txt", "The Straits Times", ["Agence France-Presse"]),
        ("003_2e35bb78130ce9f1.txt", "New York Parrot", []),
        ("004_2274d8085f08d29a.txt", "Drop The Info", []),
    ],
)
def test_the_outlet_and_its_credits_come_from_the_manifest_and_text(
    imported, name, outlet, credited
):
    article = imported[name]
    assert article.outlet.name == outlet
    assert sorted(article.credited_outlets.values_list("name", flat=True)) == credited


@pytest.mark.parametrize(
    ("name", "published", "precision"),
    [
        ("000_8b93fc93d2daa9c9.txt", None, "unknown"),
        ("001_cf25273725998dcc.txt", datetime.date(2025, 2, 20), "day"),
        ("002_f665bbb88d0360da.txt", None, "unknown"),
        ("003_2e35bb78130ce9f1.txt", datetime.date(2025, 1, 1), "month"),
        ("004_2274d8085f08d29a.txt", datetime.date(2025, 2, 19), "day"),
    ],
)
def test_the_date_keeps_the_precision_its_evidence_gives(imported, name, published, precision):
    article = imported[name]
    assert (article.published, article.published_precision) == (published, precision)


def test_a_date_without_a_year_is_never_invented_and_is_flagged(imported):
    article = imported["002_f665bbb88d0360da.txt"]
    assert article.published is None
    assert "Feb 19 (no year)" in article.review_note


def test_a_manifest_date_settles_what_the_text_left_open(imported):
    assert "publication date" not in imported["004_2274d8085f08d29a.txt"].review_note


@pytest.mark.parametrize(
    ("name", "byline", "dateline"),
    [
        ("000_8b93fc93d2daa9c9.txt", "HYUNJU PARK, YOUNGNAM KIM", ""),
        ("001_cf25273725998dcc.txt", "Ji Da-gyum", "SEOUL"),
        ("002_f665bbb88d0360da.txt", "", "SEOUL"),
    ],
)
def test_byline_and_dateline_are_kept_apart_from_the_body(imported, name, byline, dateline):
    article = imported[name]
    assert (article.byline, article.dateline) == (byline, dateline)
    first_paragraph = article.body.split("\n\n")[0]
    assert not first_paragraph.startswith("SEOUL")
    assert "@" not in article.body


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_no_page_furniture_survives_in_the_body(imported, name):
    for line in imported[name].body.split("\n\n"):
        for furniture in FURNITURE:
            assert furniture not in line, (furniture, line)


def test_the_broken_lines_of_seed_002_are_joined(imported):
    body = imported["002_f665bbb88d0360da.txt"].body
    for paragraph in body.split("\n\n"):
        assert "\n" not in paragraph
        assert paragraph[-1] in '.”"’)', paragraph


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_the_raw_text_is_kept_exactly_with_the_hash_of_its_bytes(imported, seeds, name):
    article = imported[name]
    raw = (seeds / name).read_bytes()
    assert article.raw_text == raw.decode("utf-8")
    assert article.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert article.source_url == ANNOTATIONS[name]["url"]


def test_the_standfirst_is_kept_apart(imported):
    article = imported["001_cf25273725998dcc.txt"]
    assert article.standfirst.startswith("The announcement followed")
    assert article.body.split("\n\n")[0] != article.standfirst


def test_importing_the_same_files_twice_changes_nothing(seeds):
    run_import(seeds)
    first = export()
    out, err, failure = run_import(seeds)
    assert failure is None
    assert "0 created, 0 new version, 5 unchanged, 0 failed" in out
    assert export() == first


def test_the_same_content_under_another_name_is_recognised(seeds, tmp_path):
    run_import(seeds)
    other = tmp_path / "copy.txt"
    shutil.copy(seeds / "003_2e35bb78130ce9f1.txt", other)
    out, err, failure = run_import(other)
    assert "unchanged" in out and "same content as 003_2e35bb78130ce9f1.txt" in out
    assert Article.objects.count() == 5


def test_a_changed_capture_of_the_same_file_becomes_a_new_version(seeds):
    run_import(seeds)
    path = seeds / "004_2274d8085f08d29a.txt"
    old = Article.objects.get(source_file=path.name)
    path.write_text(path.read_text().replace("drone attacks", "drone strikes"))
    out, err, failure = run_import(seeds)
    assert "new version" in out and f"replaces #{old.pk}" in out
    new = Article.objects.get(previous_version=old)
    assert "drone strikes" in new.body
    old.refresh_from_db()
    assert "drone attacks" in old.raw_text and "drone strikes" not in old.raw_text
    assert new.outlet == old.outlet
    assert list(Article.objects.current().filter(source_file=path.name)) == [new]


def test_a_dry_run_reports_but_writes_nothing(seeds):
    out, err, failure = run_import(seeds, "--dry-run")
    assert failure is None
    assert out.count("would be created") == 5
    assert "Dry run, nothing written" in out
    assert not Article.objects.exists()


def test_without_a_manifest_the_outlet_comes_from_the_text(seeds):
    (seeds / "sources.toml").unlink()
    run_import(seeds)
    articles = {a.source_file: a for a in Article.objects.select_related("outlet")}
    assert articles["000_8b93fc93d2daa9c9.txt"].outlet.name == "The Korea Daily"  # e-mail domain
    assert articles["002_f665bbb88d0360da.txt"].outlet.name == "The Straits Times"  # newsletter
    unknown = articles["004_2274d8085f08d29a.txt"]
    assert unknown.outlet is None
    assert "outlet is unknown" in unknown.review_note
    assert unknown.published is None


def write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


GOOD = "A headline for a test\n\nSEOUL – The ministry said on Monday that it would act soon.\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\t \n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Share\nRelated Articles\nA teaser\n", "no article text is left"),
    ],
)
def test_a_bad_file_fails_with_its_name_and_reason_and_the_others_still_import(
    tmp_path, content, reason
):
    write(tmp_path, "a_good.txt", GOOD)
    write(tmp_path, "b_bad.txt", content)
    out, err, failure = run_import(tmp_path)
    assert "b_bad.txt" in err and reason in err
    assert failure == "1 file(s) failed; see the lines above."
    assert "1 created, 0 new version, 0 unchanged, 1 failed" in out
    assert list(Article.objects.values_list("source_file", flat=True)) == ["a_good.txt"]


def test_a_missing_path_is_reported_and_does_not_stop_the_others(tmp_path):
    good = write(tmp_path, "good.txt", GOOD)
    out, err, failure = run_import(tmp_path / "nowhere.txt", good)
    assert "nowhere.txt: no such file or folder" in err
    assert failure is not None
    assert Article.objects.count() == 1


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    write(tmp_path, "long.txt", GOOD * 5)
    out, err, failure = run_import(tmp_path)
    assert "long.txt" in err and "over the limit of 100 bytes" in err
    assert not Article.objects.exists()


def test_text_that_is_not_utf8_is_decoded_with_a_warning_and_flagged(tmp_path):
    write(tmp_path, "cp1252.txt", GOOD.replace("said", "“said”").encode("cp1252"))
    out, err, failure = run_import(tmp_path)
    assert failure is None
    assert "warning: cp1252.txt: not valid UTF-8, decoded as Windows-1252" in out
    article = Article.objects.get()
    assert "“said”" in article.body
    assert article.needs_review and "Windows-1252" in article.review_note


def test_a_file_that_fails_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", GOOD)

    def explode(*args):
        raise importing.ImportFailure("credits could not be resolved")

    monkeypatch.setattr(importing, "resolve_credits", explode)
    out, err, failure = run_import(tmp_path)
    assert "a.txt: credits could not be resolved" in err
    assert not Article.objects.exists()
    assert not Article.history.exists()


def test_an_unexpected_error_in_one_file_is_reported_without_a_traceback(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", GOOD.replace("Monday", "Tuesday"))
    real = importing.save_article

    def flaky(path, *args):
        if path.name == "a.txt":
            raise KeyError("surprise")
        return real(path, *args)

    monkeypatch.setattr(importing, "save_article", flaky)
    out, err, failure = run_import(tmp_path)
    assert "a.txt: unexpected error: KeyError('surprise')" in err
    assert "Traceback" not in err
    assert list(Article.objects.values_list("source_file", flat=True)) == ["b.txt"]


def test_an_outlet_made_by_a_file_that_failed_is_not_given_to_the_next_file(tmp_path, monkeypatch):
    # a.txt makes the outlet Newco for its first credit and finds it for its second; its
    # transaction then rolls back, taking Newco with it, and b.txt must make Newco again.
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", GOOD.replace("Monday", "Tuesday"))
    write(
        tmp_path,
        "sources.toml",
        '["a.txt"]\nurl = "https://a.example/1"\ncredits = ["Newco", "Newco"]\n'
        '["b.txt"]\nurl = "https://b.example/1"\ncredits = ["Newco"]\n',
    )
    real = importing.history.record

    def flaky(objs, **kwargs):
        if objs[0].source_file == "a.txt":
            raise KeyError("surprise")
        return real(objs, **kwargs)

    monkeypatch.setattr(importing.history, "record", flaky)
    out, err, failure = run_import(tmp_path)
    assert "a.txt: unexpected error: KeyError('surprise')" in err
    assert "b.txt" not in err
    article = Article.objects.get()
    assert article.source_file == "b.txt"
    assert [o.name for o in article.credited_outlets.all()] == ["Newco"]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ('["a.txt"\nurl = ', "not valid TOML"),
        (
            '["missing.txt"]\nurl = "https://example.com/x"\n',
            "names files that do not exist: missing.txt",
        ),
        ('["a.txt"]\npublished = "19 Feb 2025"\n', "'published' must be a date"),
        ('["a.txt"]\nurl = 42\n', "'url' must be text"),
        ('["a.txt"]\nurl = "javascript:alert(1)"\n', "must be an http(s) address"),
        ('["a.txt"]\ncredits = "AFP"\n', "'credits' must be a list"),
        ('["a.txt"]\nauthor = "Kim"\n', "unknown field(s) author"),
        ('["../etc/passwd"]\nurl = "https://example.com/"\n', "not a path"),
    ],
)
def test_a_bad_manifest_is_refused_before_anything_is_imported(tmp_path, manifest, message):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "sources.toml", manifest)
    out, err, failure = run_import(tmp_path)
    assert failure is not None and "sources.toml" in failure and message in failure
    assert not Article.objects.exists()


def test_a_manifest_given_by_option_is_used(tmp_path):
    write(tmp_path, "a.txt", GOOD)
    manifest = write(
        tmp_path, "elsewhere.toml", '["a.txt"]\noutlet = "Reuters"\npublished = 2024-03-05\n'
    )
    run_import(tmp_path, "--manifest", manifest)
    article = Article.objects.get()
    assert article.outlet.name == "Reuters"
    assert (article.published, article.published_precision) == (datetime.date(2024, 3, 5), "day")


def test_an_outlet_the_registry_does_not_know_is_created_and_flagged(tmp_path):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "sources.toml", '["a.txt"]\nurl = "https://www.example-news.org/a"\n')
    run_import(tmp_path)
    article = Article.objects.select_related("outlet").get()
    assert (article.outlet.name, article.outlet.domain) == ("example-news.org", "example-news.org")
    assert "give it its real name" in article.review_note


def test_the_import_is_recorded_in_the_edit_history(imported):
    article = imported["001_cf25273725998dcc.txt"]
    created = article.history.get(history_type="+")
    assert created.history_change_reason == "imported from 001_cf25273725998dcc.txt"


def test_a_folder_without_article_files_is_an_error(tmp_path):
    out, err, failure = run_import(tmp_path)
    assert failure is not None and "No *.txt files" in failure


def test_markup_in_an_imported_article_is_shown_as_text(tmp_path, client):
    write(
        tmp_path,
        "hostile.txt",
        "A headline with <b>bold</b> markup\n\n"
        "SEOUL – The ministry said <script>alert('x')</script> and "
        '<img src=x onerror="alert(1)"> would not run.\n',
    )
    run_import(tmp_path)
    article = Article.objects.get()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_long_import_refreshes_the_planner_statistics_as_it_goes(seeds, monkeypatch):
    # Five seeds extracted two at a time stand for thousands of files, RUN_CHUNK at a time.
    monkeypatch.setattr(extraction, "RUN_CHUNK", 2)
    out, err, failure = run_import(seeds)
    assert failure is None, err
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [Attribution._meta.db_table]
        )
        (estimate,) = cursor.fetchone()
    # ANALYZE reads every row of a table this small: the estimate is the count.
    assert estimate == Attribution.objects.count() > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_long_import_refreshes_the_statistics_as_its_writes_double_not_every_chunk(
    seeds, monkeypatch
):
    # Five chunks of one seed: before chunks 0, 1, 2 and 4, and once at the end.
    monkeypatch.setattr(extraction, "RUN_CHUNK", 1)
    analyzed = []

    def spy(execute, sql, params, many, context):
        if sql.startswith("ANALYZE"):
            analyzed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        out, err, failure = run_import(seeds)
    assert failure is None, err
    assert len(analyzed) == 5
