"""Hostile files and manifests given to import_seeds: never a traceback, always the file and the
problem named, and a file that fails leaves the database exactly as it was."""

import datetime
import json
import random
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importing import MAX_FILE_BYTES
from articles.models import Article

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,  # no .hypothesis/ folder in the project
)

GOOD_ARTICLE = (
    "Seoul says it will accept North Korean soldiers who ask for asylum\n\n"
    "SEOUL, Feb. 19, 2025 – South Korea will accept North Korean soldiers captured by Ukraine "
    "if they ask to come to the South, the Foreign Ministry said on Wednesday.\n\n"
    "“They are South Korean citizens under our constitution,” a ministry official said.\n"
)


def run_import(*args):
    """import_seeds' stdout, stderr, and its error: a CommandError's message, or the repr of
    any other exception (which a user would see as a traceback)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_seeds", *map(str, args), stdout=out, stderr=err)
        error = None
    except CommandError as failure:
        error = str(failure)
    except Exception as crash:  # noqa: BLE001 - a crash is what the test looks for
        error = f"Traceback: {crash!r}"
    return out.getvalue(), err.getvalue(), error


def state():
    """Every row count, and the whole export: what a failed import must leave unchanged."""
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    counts.pop("sessions.Session", None)
    export = StringIO()
    call_command("export_archive", stdout=export, stderr=StringIO())
    return counts, export.getvalue()


def import_one(content, name="hostile.txt"):
    """Import one file (bytes) alone in a folder; the outcome and the state before and after."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        before = state()
        out, err, error = run_import(path)
        return {"out": out, "err": err, "error": error, "before": before, "after": state()}


def assert_failed_cleanly(result, name="hostile.txt", problem=""):
    assert "Traceback" not in result["err"] + (result["error"] or "")
    assert "unexpected error" not in result["err"]
    assert result["error"], "the command did not report the failure"
    failed = [line for line in result["err"].splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and name in failed[0], result["err"]
    assert problem in failed[0]
    assert result["after"] == result["before"], "a failed file left rows behind"


def assert_handled(result, name="hostile.txt"):
    """Imported or refused, never a crash; a refusal names the file and changes nothing."""
    assert "Traceback" not in result["err"] + (result["error"] or "")
    assert "unexpected error" not in result["err"], result["err"]
    if result["error"]:
        assert_failed_cleanly(result, name)
    else:
        statuses = ("created", "new version", "unchanged")
        (line,) = [line for line in result["out"].splitlines() if line.startswith(statuses)]
        assert name in line
        # Examples share the database: a file name seen before makes a new version, and the
        # bytes seen before (Hypothesis replays examples) are unchanged.
        added = 0 if line.startswith("unchanged") else 1
        articles = [counts["articles.Article"] for counts, _ in (result["before"], result["after"])]
        assert articles[1] == articles[0] + added


# --- Hand-made files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "whitespace"),
        (GOOD_ARTICLE.encode() + b"\x00\x00", "NUL"),
        (bytes(range(1, 32)) * 200, "binary"),
        (b"Share\nRelated Articles\nscroll to top\nAbout The Author\n2-10.jpg\n", "furniture"),
    ],
    ids=["empty", "whitespace", "nul-bytes", "control-characters", "only-furniture"],
)
def test_a_file_that_is_not_an_article_is_refused_by_name_leaving_nothing(content, problem):
    assert_failed_cleanly(import_one(content), problem=problem)


def test_a_file_over_the_size_limit_is_refused_by_name_leaving_nothing():
    huge = GOOD_ARTICLE.encode() + b"More text. " * (MAX_FILE_BYTES // 11 + 1)
    assert len(huge) > MAX_FILE_BYTES
    assert_failed_cleanly(import_one(huge), problem="over the limit")


def test_a_huge_file_is_refused_without_being_read_into_memory(tmp_path):
    sparse = tmp_path / "sparse.txt"
    with open(sparse, "wb") as file:
        file.truncate(4 * 1024**3)  # 4 GiB on paper, no disk used
    out, err, error = run_import(sparse)
    assert error and "sparse.txt" in err and "over the limit" in err
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        # UTF-8 and Windows-1252 in one file.
        GOOD_ARTICLE.encode() + "“Café” – naïve".encode("cp1252"),
        # Right-to-left text, bidi controls and combining characters.
        (
            "مقال عن الجنود الأسرى\n\n\u202eSEOUL – ‏النص\u200f “قال الوزير” e\u0301\u0301\u0301 "
            "Z\u0351\u0352\u0353\u0354a\u0300\u0301\u0302lgo.\n"
        ).encode(),
        # 10,000 quotation marks.
        (GOOD_ARTICLE + "“" * 5000 + "”" * 5000 + '"' * 10000 + "\n").encode(),
        # Quotes that never close, and closings that never opened.
        (GOOD_ARTICLE + "“He said “we will ” and ” then “ nothing\n" * 50).encode(),
        # One enormous line, no line breaks.
        ("word " * 200_000).encode(),
        # Only a headline.
        b"Seoul says it will accept North Korean soldiers\n",
        # A UTF-16 file, as some Windows editors write it.
        GOOD_ARTICLE.encode("utf-16"),
        # Windows line endings and a byte-order mark.
        b"\xef\xbb\xbf" + GOOD_ARTICLE.replace("\n", "\r\n").encode(),
    ],
    ids=[
        "mixed-encodings",
        "rtl-and-combining",
        "ten-thousand-quotes",
        "unbalanced-quotes",
        "one-huge-line",
        "headline-only",
        "utf-16",
        "crlf-and-bom",
    ],
)
def test_an_awkward_file_is_imported_or_refused_by_name_never_a_crash(content):
    assert_handled(import_one(content))


def test_a_failing_file_does_not_stop_or_undo_the_good_ones(tmp_path):
    (tmp_path / "a_good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (tmp_path / "b_bad.txt").write_bytes(b"\x00binary")
    (tmp_path / "c_good.txt").write_text(GOOD_ARTICLE.replace("Seoul", "Busan"), encoding="utf-8")
    out, err, error = run_import(tmp_path)
    assert error and "b_bad.txt" in err and "NUL" in err
    assert sorted(Article.objects.values_list("source_file", flat=True)) == [
        "a_good.txt",
        "c_good.txt",
    ]


# --- Generated files ------------------------------------------------------------------------


@HYPOTHESIS
@given(content=st.binary(min_size=0, max_size=4000))
def test_random_bytes_are_imported_or_refused_by_name_never_a_crash(content):
    assert_handled(import_one(content))


HOSTILE_CHARACTERS = st.sampled_from(
    list("“”‘’\"'«»„‟「」()[]<>&;—–-.,:!?\n\r\t ")
    + ["\u202e", "\u200f", "\u0301", "\ufeff", "\u00a0", "\u2028", "\x0b", "\x1b"]
    + list("SEOUL Share said PHOTO © 2025 Feb. 19 jpg")
)


@HYPOTHESIS
@given(
    headline=st.text(min_size=0, max_size=120),
    body=st.text(HOSTILE_CHARACTERS, min_size=0, max_size=2000),
    tail=st.text(min_size=0, max_size=500),
)
def test_generated_text_is_imported_or_refused_by_name_never_a_crash(headline, body, tail):
    text = f"{headline}\n\n{body}\n\n{tail}"
    assert_handled(import_one(text.encode("utf-8", errors="surrogatepass")))


@HYPOTHESIS
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_an_article_with_random_bytes_spliced_in_is_never_a_crash(seed):
    rng = random.Random(seed)
    content = bytearray(GOOD_ARTICLE.encode())
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(content))
        content[at:at] = bytes(rng.randrange(1, 256) for _ in range(rng.randint(1, 8)))
    assert_handled(import_one(bytes(content)))


# --- Manifests ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "manifest, problem",
    [
        ('["article.txt"]\nurl = 5\n', "'url' must be text"),
        ('["article.txt"]\nurl = "javascript:alert(1)"\n', "http(s)"),
        ('["article.txt"]\npublished = "yesterday"\n', "'published'"),
        ('["article.txt"]\npublished = 2025-02-19T10:00:00\n', "'published'"),
        ('["article.txt"]\ncredits = "The Korea Herald"\n', "'credits'"),
        ('["article.txt"]\ncredits = [1, 2]\n', "'credits'"),
        ('["article.txt"]\nevent = ["a", "b"]\n', "'event' must be text"),
        ('["article.txt"]\nowner = "me"\n', "unknown field"),
        ('"article.txt" = "https://example.com"\n', "must be a table"),
        ('["../x.txt"]\nurl = "https://example.com"\n', "not a path"),
        ('["/etc/passwd"]\nurl = "https://example.com"\n', "not a path"),
        ('["sub/article.txt"]\nurl = "https://example.com"\n', "not a path"),
        ('["missing.txt"]\nurl = "https://example.com"\n', "do not exist"),
        ('["article.txt"\nurl = \n', "not valid TOML"),
        ('["article.txt"]\nurl = "https://example.com/\xff"\n', ""),
    ],
    ids=[
        "url-not-text",
        "url-javascript",
        "published-not-a-date",
        "published-datetime",
        "credits-not-a-list",
        "credits-not-names",
        "event-not-text",
        "unknown-field",
        "entry-not-a-table",
        "parent-path",
        "absolute-path",
        "subfolder-path",
        "missing-file",
        "bad-toml",
        "latin-1-manifest",
    ],
)
def test_a_bad_manifest_stops_the_import_before_anything_is_written(tmp_path, manifest, problem):
    (tmp_path / "article.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (tmp_path / "sources.toml").write_bytes(manifest.encode("latin-1"))
    before = state()
    out, err, error = run_import(tmp_path)
    assert error and "Traceback" not in error and "Traceback" not in err
    assert "sources.toml" in error and problem in error
    assert state() == before


def toml_value(value):
    """value written as TOML (JSON's string escapes are TOML's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return json.dumps(value) if isinstance(value, str) else str(value)


@HYPOTHESIS
@given(
    value=st.one_of(
        st.integers(),
        st.floats(allow_nan=True),
        st.booleans(),
        st.text(max_size=40),
        st.lists(st.integers(), max_size=3),
        st.dates(),
    ),
    key=st.sampled_from(["url", "outlet", "published", "credits", "event"]),
)
def test_any_manifest_value_is_used_or_refused_by_name_never_a_crash(key, value):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "article.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
        (folder / "sources.toml").write_text(
            f'["article.txt"]\n{key} = {toml_value(value)}\n', encoding="utf-8"
        )
        before = state()
        out, err, error = run_import(folder)
    assert "Traceback" not in (error or "") + err
    assert "unexpected error" not in err
    if error:
        assert "sources.toml" in error or "article.txt" in err
        assert state() == before
