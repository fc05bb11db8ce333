"""Documentation that tests check: every command the README shows exists with the options it shows."""

import re
from pathlib import Path

from typer.testing import CliRunner

from summitry.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
runner = CliRunner()


def _shown_commands() -> list[tuple[list[str], set[str]]]:
    out = []
    blocks = README.read_text(encoding="utf-8").split("```")[1::2]  # inside code fences only
    for line in "\n".join(blocks).splitlines():
        if "import" in line:
            continue  # Python examples
        for cmd in re.findall(r"summitry ((?:kb )?[a-z]+)((?: [^#|`]*)?)", line):
            words = cmd[0].split()
            options = set(re.findall(r"(--[a-z-]+)", cmd[1]))
            out.append((words, options))
    return out


def test_readme_starts_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```bash", 1)[1].split("```", 1)[0]
    assert "summitry ingest examples/corpus" in first_block
    assert "python -m pytest" in first_block


def test_every_documented_command_and_option_exists():
    shown = _shown_commands()
    assert len(shown) >= 8
    for words, options in shown:
        res = runner.invoke(app, [*words, "--help"])
        assert res.exit_code == 0, f"README shows 'summitry {' '.join(words)}' but it fails: {res.output}"
        for opt in options:
            assert opt in res.output, f"README shows {opt} for 'summitry {' '.join(words)}'"
