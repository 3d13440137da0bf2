"""Every public page is valid HTML, as the Nu Html Checker (vnu.jar, from npm) judges it."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .test_page_queries import build

VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not VNU.exists() or shutil.which("java") is None,
        reason="vnu.jar (npm install) or Java is missing: HTML validity not checked",
    ),
]


def test_every_public_page_is_valid_html(client, tmp_path):
    urls = build(5, 10, 2)
    urls.pop("feed")  # Atom, not HTML
    urls["not_found"] = "/events/no-such-event/"
    files = []
    for name, url in urls.items():
        response = client.get(url)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert problems == []
