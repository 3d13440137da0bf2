"""Time the importer's text work alone, on a folder of article files, and print it per article
(then the same as JSON, for bench/run.py).

Reading a page's parts, its quotes and reported speech with their speakers, the people it
names and its figures involves no database. An import at 100 articles/s leaves 10 ms for each
article, and this tells how much of that the text alone takes, on one core:

    python manage.py generate_corpus --articles 1000 --files /tmp/corpus --seed 1
    python -m bench.text /tmp/corpus
"""

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from articles.parsing import ParseError, decode, parse_article  # noqa: E402
from bench.run import IMPORT_RATE  # noqa: E402
from claims import quotes  # noqa: E402

# What an import at the target rate may spend on each article, in milliseconds.
BUDGET_MS = 1000 / IMPORT_RATE


def main():
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python -m bench.text FOLDER (a folder of article files, .txt)")
    files = sorted(Path(sys.argv[1]).glob("*.txt"))
    if not files:
        sys.exit(f"{sys.argv[1]}: no .txt files")
    raws = [path.read_bytes() for path in files]

    start = time.perf_counter()
    bodies = []
    for path, raw in zip(files, raws, strict=True):
        try:
            bodies.append(parse_article(decode(raw)[0]).body)
        except ParseError as error:
            print(f"{path.name}: skipped, {error}")
    times = {"parse the page": time.perf_counter() - start}
    # The private functions, not the cached ones: each body is read afresh, as on import.
    for step, read in [
        ("quotes, speakers and names", quotes._find_quotes),
        ("figures", quotes._find_figures),
    ]:
        start = time.perf_counter()
        for body in bodies:
            read(body)
        times[step] = time.perf_counter() - start

    count = len(bodies)
    print(f"Text work on {count:,} articles from {sys.argv[1]}, one core:")
    for step, seconds in times.items():
        print(f"  {step:<30} {seconds * 1000 / count:6.2f} ms per article")
    total = sum(times.values()) * 1000 / count
    print(f"  {'all of it':<30} {total:6.2f} ms per article ({total / BUDGET_MS:.0%} of the")
    print(f"  {BUDGET_MS:.0f} ms an article may take at {IMPORT_RATE} articles/s)")
    print(f"Command: python -m bench.text {sys.argv[1]}")
    steps = {step: round(seconds * 1000 / count, 2) for step, seconds in times.items()}
    print(json.dumps({"articles": count, "ms_per_article": round(total, 2), "steps": steps}))


if __name__ == "__main__":
    main()
