"""``summitry calibrate``: fit the confidence model on annotated collections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from summitry.cli.common import KbExtra, err, knowledge, out


def calibrate(
    eval_dir: Annotated[Path, typer.Option("--eval", help="Folder with score.py and annotated collections.")
                        ] = Path("../shared/eval"),
    collection: Annotated[list[str] | None, typer.Option("--collection", "-c", help="Repeat; default dev2, dev3.")
                          ] = None,
    write: Annotated[bool, typer.Option("--write", help="Ship the fitted weights (summitry/confidence.json).")
                     ] = False,
    kb_extra: KbExtra = None,
) -> None:
    """Fit the confidence model on annotated collections; report its cross-validated calibration."""
    from summitry import calibrate as cal

    names = collection or ["dev2", "dev3"]
    if not (eval_dir / "score.py").exists():
        err.print(f"[red]no score.py in {escape(str(eval_dir))}[/red]")
        raise typer.Exit(2)
    data = cal.samples(eval_dir, names, knowledge(kb_extra))
    figures = cal.calibration(data)
    weights = cal.fit(data)
    out.print(json.dumps({"cross_validation": figures, "weights": weights}, indent=1))
    if write:
        out.print(f"wrote {cal.write_weights(weights, figures, names)}")
