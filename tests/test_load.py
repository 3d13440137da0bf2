"""Readers, an import and an editor at once, against gunicorn: no errors and no lost edits.

The benchmarks' load test (bench/run.py) on a small archive, in the suite so that CI runs it
on SQLite and on PostgreSQL. It needs wrk (`make test` installs it where it can).
"""

import os
import shutil
import socket

import pytest

from bench import run

pytestmark = pytest.mark.skipif(
    not shutil.which("wrk"), reason="wrk is missing (apt-get install wrk): no load test"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_readers_an_import_and_an_editor_at_once_lose_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "PORT", free_port())
    database = run.Scratch(
        os.environ.get("DATABASE_URL"), suffix="_loadtest", sqlite_file=tmp_path / "load.sqlite3"
    )
    database.reset()
    run.manage("collectstatic", "--noinput", "--verbosity", "0", database=database)
    run.manage(
        "generate_corpus", "--rows", "--articles", "200", "--verbosity", "0", database=database
    )
    with run.Server(database) as server:
        paths = run.sample_paths(database, count=10)
        result = run.load_during_writes(database, paths, 5, 7, tmp_path, files=20)
        peak = server.worker_peak_mb()
    assert result["requests"] > 0
    assert result["errors"] == 0, result
    assert result["import_exit"] == 0, result["import_errors"]
    assert result["edits"] > 0 and result["edit_errors"] == 0, result
    assert result["lost"] == 0, result
    assert peak and peak < run.WORKER_MEMORY_MB
