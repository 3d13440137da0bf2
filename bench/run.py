"""The benchmarks of issue #7, in one run: import rate, page times at three archive sizes, and a
load test against gunicorn. Prints the figures and writes them to bench/RESULTS.md.

    python bench/run.py                  # SQLite, in bench/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/run.py

It never touches the data of the database DATABASE_URL names: it works in a scratch database
beside it (`<name>_bench` on PostgreSQL), which it empties at the start. `make bench` runs it
with the project's virtual environment.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765
SQLITE_FILE = BASE_DIR / "bench" / "bench.sqlite3"

# The targets, never loosened to be met.
PAGE_GROWTH_LIMIT = 1.5  # time at the largest size / time at the smallest
PAGE_MEDIAN_LIMIT_MS = 50
SEARCH_P95_LIMIT_MS = 100
UNCACHED_SHARE = 0.15  # of the bare view's throughput
CACHED_SHARE = 0.5
IMPORT_RATE = 100  # articles per second
IMPORT_LINEAR_LIMIT = 11  # time for 10x the files, over 10 means slower per file
IMPORT_MEMORY_MB = 300
WORKER_MEMORY_MB = 200
PUBLIC_PAGES = [
    "timeline",
    "event page",
    "article page",
    "person page",
    "person page, most quoted",
    "search",
]


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- The scratch database ----------------------------------------------------------------------


class Scratch:
    """A database the benchmark may empty: a file for SQLite, `<name>_bench` for PostgreSQL."""

    def __init__(self, url, suffix="_bench", sqlite_file=SQLITE_FILE):
        self.given = url
        parts = urllib.parse.urlsplit(url) if url else None
        if parts and parts.scheme.startswith("postgres"):
            self.vendor = "postgresql"
            self.name = parts.path.lstrip("/") + suffix
            self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
            self.admin_url = url
        else:
            self.vendor = "sqlite"
            self.file = Path(sqlite_file)
            self.name = str(self.file)
            self.url = f"sqlite:///{self.file}"

    def reset(self):
        if self.vendor == "sqlite":
            for path in self.file.parent.glob(self.file.name + "*"):  # with its WAL files
                path.unlink()
        else:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{self.name}"')
        manage("migrate", "--noinput", "--verbosity", "0", database=self)

    def analyze(self):
        """Fresh planner statistics after a bulk load, as autovacuum would soon give them."""
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as connection:
                connection.execute("VACUUM ANALYZE")
        else:
            with sqlite3.connect(self.file) as connection:
                connection.execute("ANALYZE")

    def version(self):
        if self.vendor == "sqlite":
            return f"SQLite {sqlite3.sqlite_version}"
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute("SHOW server_version").fetchone()[0].join(["PostgreSQL ", ""])


def environment(database, **extra):
    env = dict(os.environ, DATABASE_URL=database.url, DJANGO_SETTINGS_MODULE="bench.settings")
    env.pop("DJANGO_DEBUG", None)
    return {**env, **{key: str(value) for key, value in extra.items()}}


def manage(*args, database, **extra):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=environment(database, **extra), check=True
    )


def python_json(module, *args, database, **extra):
    """Run `python -m module args` and return the JSON it prints last."""
    done = subprocess.run(
        [PYTHON, "-m", module, *args],
        cwd=BASE_DIR,
        env=environment(database, **extra),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Import ------------------------------------------------------------------------------------


def bench_import(database, sizes, seed, workdir):
    results = {}
    # The text work is timed once, on 1,000 files or the nearest size below: it costs the
    # same per article at any size, as it involves no database.
    text_size = max([size for size in sizes if size <= 1000] or [min(sizes)])
    for size in sizes:
        folder = workdir / f"files-{size}"
        log(f"Import: generating {size:,} files...")
        manage(
            "generate_corpus",
            "--files",
            str(folder),
            "--articles",
            str(size),
            "--seed",
            str(seed),
            database=database,
        )
        database.reset()
        log(f"Import: importing {size:,} files...")
        result = python_json("bench.importing", str(folder), database=database)
        result["rate"] = round(size / result["seconds"], 1)
        results[size] = result
        log(f"  {result['rate']} articles/s, peak {result['peak_mb']} MB: {result['summary']}")
        if size == text_size:
            log(f"Import: timing the text work alone on {size:,} files...")
            result["text"] = python_json("bench.text", str(folder), database=database)
    return results


# --- Pages -------------------------------------------------------------------------------------


def bench_pages(database, sizes, seed, requests):
    database.reset()
    results, have = {}, 0
    for size in sizes:
        log(f"Pages: growing the archive to {size:,} articles...")
        start = time.perf_counter()
        manage(
            "generate_corpus",
            "--rows",
            "--articles",
            str(size - have),
            "--seed",
            str(seed),
            database=database,
        )
        have = size
        database.analyze()
        log(f"  built in {time.perf_counter() - start:.0f} s; measuring...")
        results[size] = python_json(
            "bench.pages",
            "--requests",
            str(requests),
            database=database,
            DJANGO_PAGE_CACHE_SECONDS=0,
        )
        for name, figures in results[size].items():
            if not name.startswith("_"):
                log(f"  {name}: median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms")
    return results


# --- Load test ---------------------------------------------------------------------------------

ROTATE = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


class Server:
    """gunicorn serving the project on 127.0.0.1, stopped on leaving the block."""

    def __init__(self, database, workers=2, **extra):
        self.database, self.workers, self.extra = database, workers, extra

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "newsarchive.wsgi:application",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=environment(self.database, **self.extra),
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{PORT}")

    def worker_peak_mb(self):
        """The largest peak resident memory (VmHWM) of the gunicorn workers."""
        peaks = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.MULTILINE):
                peak = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
                peaks.append(int(peak.group(1)) / 1024 if peak else 0)
        return round(max(peaks), 1) if peaks else None

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(paths, seconds, connections=8, workdir=None):
    """Throughput, p99 and errors of wrk over the paths, rotating."""
    script = Path(workdir) / "rotate.lua"
    script.write_text(ROTATE % ", ".join(json.dumps(p) for p in paths))
    done = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--latency",
            "--script",
            str(script),
            f"http://127.0.0.1:{PORT}",
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    out = done.stdout
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", out, re.MULTILINE)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": round(float(p99.group(1)) * scale[p99.group(2)], 2) if p99 else None,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(map(int, socket.groups())) if socket else 0),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def sample_paths(database, count=20):
    code = (
        "import json, django; django.setup();"
        "from articles.models import Event, Article;"
        f"e = [x.get_absolute_url() for x in Event.objects.order_by('?')[:{count}]];"
        f"a = [x.get_absolute_url() for x in Article.objects.current().order_by('?')[:{count}]];"
        "print(json.dumps({'events': e, 'articles': a}))"
    )
    done = subprocess.run(
        [PYTHON, "-c", code],
        cwd=BASE_DIR,
        env=environment(database),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout)


def bench_load(database, seconds, seed, workdir):
    if not shutil.which("wrk"):
        log("Load test skipped: wrk is missing (apt-get install wrk).")
        return None
    paths = sample_paths(database)
    results = {}
    with Server(database, DJANGO_PAGE_CACHE_SECONDS=0) as server:
        log("Load: bare view...")
        results["bare view"] = wrk(["/bench/bare/"], seconds, workdir=workdir)
        log("Load: event pages, page cache off...")
        results["event page, uncached"] = wrk(paths["events"], seconds, workdir=workdir)
        results["_peak_uncached"] = server.worker_peak_mb()
    with Server(database) as server:
        log("Load: event pages from the page cache...")
        wrk(paths["events"], 2, workdir=workdir)  # fills the cache
        results["event page, cached"] = wrk(paths["events"], seconds, workdir=workdir)
        log("Load: mixed pages while an import and editors' saves run...")
        results["during import and edits"] = load_during_writes(
            database, paths, seconds, seed, workdir
        )
        results["_peak_cached"] = server.worker_peak_mb()
    results["worker_peak_mb"] = max(
        p for p in (results.pop("_peak_uncached"), results.pop("_peak_cached")) if p
    )
    for name, figures in results.items():
        if isinstance(figures, dict):
            log(f"  {name}: {figures}")
    return results


def load_during_writes(database, paths, seconds, seed, workdir, files=200):
    """wrk over readers' pages while import_seeds runs and an editor saves in the admin over
    HTTP; afterwards every save must be in the database."""
    folder = workdir / "files-during-load"
    manage(
        "generate_corpus",
        "--files",
        str(folder),
        "--articles",
        str(files),
        "--seed",
        str(seed + 1),
        database=database,
    )
    importer = subprocess.Popen(
        [PYTHON, "manage.py", "import_seeds", str(folder)],
        cwd=BASE_DIR,
        env=environment(database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    editor = subprocess.Popen(
        [PYTHON, "-m", "bench.editing", f"http://127.0.0.1:{PORT}", str(seconds)],
        cwd=BASE_DIR,
        env=environment(database),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        readers = paths["events"] + paths["articles"] + ["/"]
        result = wrk(readers, seconds, workdir=workdir)
        output, _ = editor.communicate(timeout=600)
        if editor.returncode:
            raise SystemExit(f"The editor of the load test failed (exit {editor.returncode}).")
        result |= json.loads(output.strip().splitlines()[-1])
        log("  waiting for the import to finish...")
        result["import_errors"] = importer.communicate(timeout=3600)[1].strip()
        result["import_exit"] = importer.returncode
    finally:
        for process in (importer, editor):
            if process.poll() is None:
                process.kill()
    return result


# --- Report ------------------------------------------------------------------------------------


def machine():
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    model = re.search(r"model name\s+:\s+(.+)", Path("/proc/cpuinfo").read_text())
    return (
        f"{os.cpu_count()} cores ({model.group(1) if model else platform.processor()}), "
        f"{int(memory.group(1)) // 1024 // 1024 if memory else '?'} GiB memory, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def verdict(ok):
    if ok is None:
        return "not measured in this run (`--import-sizes 100,1000,10000` measures it)"
    return "met" if ok else "**not met**"


def report(args, database, imports, pages, load, elapsed):
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        f"- Database: {database.version()} (scratch database `{database.name}`)",
        f"- Command: `{args.command}`",
        f"- Total time: {elapsed / 60:.1f} min",
        "",
    ]
    targets = []
    if imports:
        sizes = sorted(imports)
        lines += [
            "## Import with extraction",
            "",
            "| files | seconds | articles/s | peak memory | outcome |",
            "|---:|---:|---:|---:|---|",
        ]
        for size in sizes:
            r = imports[size]
            lines.append(
                f"| {size:,} | {r['seconds']} | {r['rate']} | {r['peak_mb']} MB | {r['summary']} |"
            )
        ratio = imports[sizes[1]]["seconds"] / imports[sizes[0]]["seconds"]
        lines += [
            "",
            f"Time for {sizes[1]:,} files over time for {sizes[0]:,}: **{ratio:.1f}** "
            f"(linear growth gives {sizes[1] / sizes[0]:.0f}).",
            "",
        ]
        for size in sizes:
            if text := imports[size].get("text"):
                steps = "; ".join(f"{step}: {ms} ms" for step, ms in text["steps"].items())
                lines += [
                    f"The text work alone, on one core and without the database "
                    f"(`python -m bench.text` on the {size:,} files): "
                    f"**{text['ms_per_article']} ms per article** ({steps}). "
                    f"An import at {IMPORT_RATE} articles/s leaves {1000 / IMPORT_RATE:.0f} ms "
                    f"for each article, all of it included.",
                    "",
                ]
        largest = imports[sizes[-1]]
        targets += [
            (
                f"Import at least {IMPORT_RATE} articles/s",
                f"{largest['rate']} articles/s at {sizes[-1]:,} files",
                largest["rate"] >= IMPORT_RATE,
            ),
            (
                f"Import linear (ratio ≤ {IMPORT_LINEAR_LIMIT} for 10× the files)",
                f"{ratio:.1f}",
                ratio <= IMPORT_LINEAR_LIMIT * (sizes[1] / sizes[0]) / 10,
            ),
            (
                f"Import peak memory under {IMPORT_MEMORY_MB} MB at 10,000 files",
                f"{largest['peak_mb']} MB at {sizes[-1]:,} files",
                # A smaller import says nothing of this target: the memory grows with the files.
                largest["peak_mb"] < IMPORT_MEMORY_MB if sizes[-1] >= 10_000 else None,
            ),
        ]
    if pages:
        sizes = sorted(pages)
        small, large = pages[sizes[0]], pages[sizes[-1]]
        floor = large["bare view"]["median_ms"]
        lines += [
            "## Server time per page (page cache off)",
            "",
            "Median / 95th percentile in ms; the ratios are the median over the bare view's "
            "median at the largest size, and the median at the largest size over the smallest.",
            "",
            "| page | "
            + " | ".join(f"{size:,} articles" for size in sizes)
            + " | × bare view | growth |",
            "|---|" + "---:|" * (len(sizes) + 2),
        ]
        for name in large:
            if name.startswith("_"):
                continue
            cells = [f"{pages[s][name]['median_ms']} / {pages[s][name]['p95_ms']}" for s in sizes]
            growth = large[name]["median_ms"] / small[name]["median_ms"]
            lines.append(
                f"| {name} | {' | '.join(cells)} | {large[name]['median_ms'] / floor:.1f} "
                f"| {growth:.2f} |"
            )
        archive = large["_archive"]
        lines += [
            "",
            f"Largest archive: {archive['articles']:,} articles, {archive['events']:,} events, "
            f"{archive['people']:,} people. Search rotates over {large['search']['urls']} terms.",
            "",
        ]
        for name in PUBLIC_PAGES:
            growth = large[name]["median_ms"] / small[name]["median_ms"]
            targets += [
                (
                    f"{name}: at most {PAGE_GROWTH_LIMIT}× its time at {sizes[0]:,} articles",
                    f"{growth:.2f}×",
                    growth <= PAGE_GROWTH_LIMIT and sizes[-1] >= 100 * sizes[0],
                ),
                (
                    f"{name}: median under {PAGE_MEDIAN_LIMIT_MS} ms at {sizes[-1]:,}",
                    f"{large[name]['median_ms']} ms",
                    large[name]["median_ms"] < PAGE_MEDIAN_LIMIT_MS,
                ),
            ]
        targets.append(
            (
                f"search: p95 under {SEARCH_P95_LIMIT_MS} ms over at least 40 terms",
                f"{large['search']['p95_ms']} ms over {large['search']['urls']} terms",
                large["search"]["p95_ms"] < SEARCH_P95_LIMIT_MS and large["search"]["urls"] >= 40,
            )
        )
    if load:
        lines += [
            "## Load test (gunicorn, 2 workers, wrk with 2 threads and 8 connections)",
            "",
            "| load | requests/s | p99 | errors | requests |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, r in load.items():
            if isinstance(r, dict):
                lines.append(
                    f"| {name} | {r['requests_per_s']} | {r['p99_ms']} ms | {r['errors']} "
                    f"| {r['requests']:,} |"
                )
        during = load["during import and edits"]
        lines += [
            "",
            f"During the load: import_seeds of 200 files exited {during['import_exit']}; "
            f"{during['edits']} admin saves, {during['lost']} lost, "
            f"{during['edit_errors']} failed.",
            f"Peak memory of a gunicorn worker: {load['worker_peak_mb']} MB.",
            "",
        ]
        bare = load["bare view"]["requests_per_s"]
        uncached = load["event page, uncached"]["requests_per_s"] / bare
        cached = load["event page, cached"]["requests_per_s"] / bare
        errors = sum(r["errors"] for r in load.values() if isinstance(r, dict))
        targets += [
            (
                f"Event page uncached ≥ {UNCACHED_SHARE} of the bare view",
                f"{uncached:.2f}",
                uncached >= UNCACHED_SHARE,
            ),
            (
                f"Event page cached ≥ {CACHED_SHARE} of the bare view",
                f"{cached:.2f}",
                cached >= CACHED_SHARE,
            ),
            (
                "Load test: no errors, no lost edits",
                f"{errors} errors, {during['lost']} lost edits, "
                f"import exit {during['import_exit']}",
                errors == 0
                and during["lost"] == 0
                and during["edit_errors"] == 0
                and during["import_exit"] == 0,
            ),
            (
                f"A gunicorn worker stays under {WORKER_MEMORY_MB} MB",
                f"{load['worker_peak_mb']} MB",
                load["worker_peak_mb"] < WORKER_MEMORY_MB,
            ),
        ]
    lines += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {target} | {measured} | {verdict(ok)} |" for target, measured, ok in targets]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="archive sizes for pages")
    parser.add_argument("--import-sizes", default="100,1000", help="files per import run")
    parser.add_argument("--requests", type=int, default=60, help="requests per page and size")
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", default=str(BASE_DIR / "bench" / "RESULTS.md"))
    parser.add_argument("--skip", default="", help="comma-separated: import,pages,load")
    args = parser.parse_args()
    args.command = " ".join(
        ([f"DATABASE_URL={os.environ['DATABASE_URL']}"] if os.environ.get("DATABASE_URL") else [])
        + ["python", "bench/run.py", *sys.argv[1:]]
    )
    skip = set(filter(None, args.skip.split(",")))
    database = Scratch(os.environ.get("DATABASE_URL"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsarchive-bench-") as workdir:
        workdir = Path(workdir)
        manage("collectstatic", "--noinput", "--verbosity", "0", database=database)
        imports = None
        if "import" not in skip:
            sizes = [int(s) for s in args.import_sizes.split(",")]
            imports = bench_import(database, sizes, args.seed, workdir)
        pages = load = None
        if "pages" not in skip:
            sizes = [int(s) for s in args.sizes.split(",")]
            pages = bench_pages(database, sizes, args.seed, args.requests)
            if "load" not in skip:
                load = bench_load(database, args.load_seconds, args.seed, workdir)
        text = report(args, database, imports, pages, load, time.perf_counter() - started)
    Path(args.output).write_text(text)
    print(text)
    print(f"Written to {args.output}.")


if __name__ == "__main__":
    main()
