"""The project's settings plus the bare view the benchmarks compare every page with."""

from newsarchive.settings import *  # noqa: F403
from newsarchive.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# The test client's host, and gunicorn's.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The page benchmark runs many requests as one signed-in editor.
AXES_ENABLED = False
