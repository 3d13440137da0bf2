"""Settings are read once at start-up, so each case runs Django in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3Y-for-tests-only-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


def run_django(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsarchive.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def setting(name, **env):
    result = run_django(f"from django.conf import settings; print(settings.{name})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_debug_is_off_unless_asked_for():
    assert setting("DEBUG") == "False"
    assert setting("DEBUG", DJANGO_DEBUG="1") == "True"


def test_a_bad_boolean_is_refused_with_the_variable_named():
    result = run_django("", DJANGO_DEBUG="yes please")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 0 or 1" in result.stderr


def test_without_database_url_the_database_is_sqlite_in_the_project_folder():
    assert setting("DATABASES['default']['ENGINE']") == "django.db.backends.sqlite3"
    assert setting("DATABASES['default']['NAME']") == str(PROJECT / "db.sqlite3")


def test_database_url_chooses_the_database():
    url = "postgres://archive:secret@db.example:5433/news"
    assert setting("DATABASES['default']['ENGINE']", DATABASE_URL=url) == (
        "django.db.backends.postgresql"
    )
    assert setting("DATABASES['default']['NAME']", DATABASE_URL=url) == "news"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_uses_the_secret_key_from_the_environment():
    assert setting("SECRET_KEY", DJANGO_ENV="production", DJANGO_SECRET_KEY=STRONG_KEY) == (
        STRONG_KEY
    )


def test_an_unknown_environment_name_is_refused():
    result = run_django("", DJANGO_ENV="prod")
    assert result.returncode != 0
    assert "DJANGO_ENV must be" in result.stderr


def test_the_deployment_checklist_is_clean_in_production():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=PROJECT,
        env={**clean, "DJANGO_ENV": "production", "DJANGO_SECRET_KEY": STRONG_KEY},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "name", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
)
def test_production_cookies_and_redirects_are_https_only(name):
    assert setting(name, DJANGO_ENV="production", DJANGO_SECRET_KEY=STRONG_KEY) == "True"
    assert setting(name) == "False"
