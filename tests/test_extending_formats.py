"""docs/extending.md, "A new export format", run as written: the page's writer, wrapped in the same
``Format`` record the table holds, writes the events the pipeline finds in an invented article."""

import importlib.util
import io
import json
import re
from pathlib import Path

from summitry.export import to_jsonl
from summitry.exports import FORMATS, Context, Format
from summitry.merge import merge
from summitry.model import RawDocument
from summitry.pipeline import process

DOC = Path(__file__).resolve().parents[1] / "docs" / "extending.md"
SECTION = "## A new export format"


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start:end if end != -1 else None]


def _writer(tmp_path: Path):  # noqa: ANN202 - the module the page defines
    body = re.search(r"^```python brief.py\n(.*?)^```$", _section(), re.MULTILINE | re.DOTALL)
    assert body is not None, "the section shows the writer module"
    path = tmp_path / "brief.py"
    path.write_text(body.group(1), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("brief", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write


def test_the_pages_writer_exports_what_the_pipeline_finds(tmp_path, kb):
    text = (" date 2024-05-14 Kassym-Jomart Tokayev held talks with Shavkat Mirziyoyev in Tashkent on Monday.\n\n"
            "Later that day Tokayev spoke by phone with Vladimir Putin.")
    events = merge(process(RawDocument("d1", text, "d1"), kb).contacts)
    dicts = [json.loads(line) for line in to_jsonl(events)]
    row = Format("brief", "one line per event: day, kind, countries", _writer(tmp_path))
    out = io.StringIO()
    assert row.write(dicts, out, Context()) == 2
    assert sorted(out.getvalue().splitlines()) == ["2024-05-13\tcall\tKAZ-RUS", "2024-05-13\tmeeting\tKAZ-UZB"]


def test_the_row_the_page_shows_fits_the_table():
    row = re.search(r'^Format\("(\w+)", "([^"]+)", (\w+)\.write\),$', _section(), re.MULTILINE)
    assert row is not None and row.group(1) not in FORMATS and row.group(3) == "brief"
    assert all(isinstance(f, Format) and f.summary for f in FORMATS.values())
