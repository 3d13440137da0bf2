"""Time `import_seeds` on a folder of generated files, in this process, and print JSON.

Run by bench/run.py on an empty database. The time excludes starting Python and Django, which
would otherwise hide how the import itself grows with the number of files.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.importing FOLDER
"""

import io
import json
import os
import resource
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from articles.models import Article  # noqa: E402
from claims.models import Attribution  # noqa: E402


def main():
    folder = sys.argv[1]
    output = io.StringIO()
    start = time.perf_counter()
    call_command("import_seeds", folder, stdout=output, stderr=output)
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "articles": Article.objects.count(),
                "attributions": Attribution.objects.count(),
                # ru_maxrss is in kilobytes on Linux.
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "summary": output.getvalue().strip().splitlines()[-1],
            }
        )
    )


if __name__ == "__main__":
    main()
