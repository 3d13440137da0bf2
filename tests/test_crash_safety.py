"""An import killed midway (SIGKILL: no cleanup, no except clause runs) and run again ends with
the archive an uninterrupted import gives: every file once, none missing, nothing half-written.

The import runs in a subprocess against a SQLite file of its own: pytest-django's test database
lives in this process's memory, where a subprocess cannot see it. So this test uses no `db`
fixture and manages its databases itself.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = 150
KILL_AFTER = 40  # files reported created before the kill

TOWNS = ["Sokcho", "Gangneung", "Mokpo", "Yeosu", "Tongyeong", "Gunsan", "Pohang", "Ulsan"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."]


def article_text(n):
    """A distinct article: a headline, a dateline and a date, a quote with its speaker."""
    town = TOWNS[n % len(TOWNS)]
    month = MONTHS[n % len(MONTHS)]
    day = n % 27 + 1
    return (
        f"{town} harbour plan number {n} approved by the provincial council\n"
        "\n"
        f"By Staff Reporter {n}\n"
        "\n"
        f"{town.upper()}, {month} {day}, 2024 – The provincial council on Tuesday approved plan "
        f"number {n} to rebuild the {town} fishing harbour, which storms damaged last winter.\n"
        "\n"
        f"“We will finish the breakwater {n} before the next typhoon season,” Mayor Kim "
        f"Dong-{n} said at a briefing.\n"
        "\n"
        f"The plan sets aside {n + 10} billion won for the work, officials said, and the "
        "council will review its progress every three months.\n"
    )


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        **kwargs,
    )


def fresh_database(folder):
    """The environment of a subprocess using a new, migrated SQLite file in folder."""
    folder.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_DB_CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    migrated = manage(env, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    return env, folder / "db.sqlite3"


def normalised_export(env):
    """export_archive's document without what legitimately differs between two imports of the
    same files: the wall-clock times at which articles, review items and history entries were
    stored. Nothing else is dropped: ids, hashes, bodies, events, claims and their order must
    all match."""
    exported = manage(env, "export_archive")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    for article in document["articles"]:
        article.pop("imported_at")
    for review in document["review_items"]:
        review.pop("created_at")
    for entry in document["history"]:
        entry.pop("history_date")
        entry["fields"].pop("imported_at", None)
    return document


def article_rows(database):
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "select source_file, raw_sha256 from articles_article order by id"
        ).fetchall()


@pytest.fixture(scope="module")
def imports(tmp_path_factory):
    """The same ~150 files imported twice: once killed midway and run again, once straight."""
    tmp_path = tmp_path_factory.mktemp("crash")
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(FILES):
        (articles / f"{n:04}.txt").write_text(article_text(n), encoding="utf-8")

    env, database = fresh_database(tmp_path / "interrupted")
    command = [sys.executable, "manage.py", "import_seeds", str(articles)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    created = 0
    try:
        for line in process.stdout:
            created += line.startswith("created ")
            if created == KILL_AFTER:
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    stored_before_rerun = len(article_rows(database))
    rerun = manage(env, "import_seeds", str(articles))

    reference_env, _ = fresh_database(tmp_path / "uninterrupted")
    reference = manage(reference_env, "import_seeds", str(articles))
    assert reference.returncode == 0, reference.stderr
    return {
        "files": sorted(f.name for f in articles.iterdir()),
        "database": database,
        "stored_before_rerun": stored_before_rerun,
        "rerun": rerun,
        "interrupted": normalised_export(env),
        "uninterrupted": normalised_export(reference_env),
    }


def test_the_import_was_killed_midway_with_some_files_stored(imports):
    assert KILL_AFTER <= imports["stored_before_rerun"] < FILES


def test_the_rerun_imports_the_rest_and_reports_the_stored_ones_unchanged(imports):
    stored, rerun = imports["stored_before_rerun"], imports["rerun"]
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    summary = (
        f"{FILES} files: {FILES - stored} created, 0 new version, {stored} unchanged, 0 failed"
    )
    assert summary in rerun.stdout


def test_after_the_rerun_every_file_is_stored_exactly_once(imports):
    rows = article_rows(imports["database"])
    assert len(rows) == FILES  # none missing
    assert len({sha for _, sha in rows}) == FILES  # none twice
    assert sorted(name for name, _ in rows) == imports["files"]


# What the import itself stores (as opposed to what claim extraction derives from it).
IMPORTED = ["schema", "outlets", "stories", "events", "timeline_entries", "articles"]


def test_the_articles_outlets_and_events_equal_those_of_an_uninterrupted_import(imports):
    interrupted, uninterrupted = imports["interrupted"], imports["uninterrupted"]
    for key in IMPORTED:
        assert interrupted[key] == uninterrupted[key], key


def test_the_whole_export_equals_that_of_an_uninterrupted_import(imports):
    interrupted, uninterrupted = imports["interrupted"], imports["uninterrupted"]
    assert set(interrupted) == set(uninterrupted)
    different = [key for key in interrupted if interrupted[key] != uninterrupted[key]]
    assert different == []
