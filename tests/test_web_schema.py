"""``schemathesis run`` against the API's own OpenAPI document (bounded, deterministic examples): no 5xx, every
status, content type and body as documented, 405 for undeclared methods (issue 14: the schema and the server
must agree).  Ingest is on with a token, on a copy of the example store."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summitry.web import create_app

pytest.importorskip("schemathesis")
TOKEN = "schema-test-token"


def test_api_agrees_with_its_schema(example_db, tmp_path, live):
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    cli = Path(sys.executable).with_name("schemathesis")
    with live(create_app(db, allow_ingest=True, token=TOKEN)) as url:
        run = subprocess.run([str(cli), "run", url + "/api/openapi.json", "--max-examples", "10",
                              "--generation-deterministic", "--checks", "all", "--request-timeout", "30",
                              "--header", f"Authorization: Bearer {TOKEN}", "--no-color"],
                             capture_output=True, text=True, timeout=600, cwd=tmp_path)  # its example cache too
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
