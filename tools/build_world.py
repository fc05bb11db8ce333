"""Build ``src/summitry/web/static/world.svg``: the countries of the world as one offline SVG, for the map.

Run by hand (nothing is fetched at run time).  The outlines are Natural Earth's 1:110m countries
(public domain) as TopoJSON in the npm package world-atlas (ISC, Mike Bostock):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_world.py package/countries-110m.json

The projection is equirectangular, 2 SVG units a degree (x = 2 (lon + 180), y = 2 (90 - lat)), the
same that ``map.js`` places meetings and capitals in; coordinates are rounded to 0.1 unit (5 km).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "summitry" / "web" / "static" / "world.svg"
SCALE = 2


def arcs_of(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as projected points (TopoJSON arcs are quantised and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            lon, lat = x * sx + tx, y * sy + ty
            points.append((round(SCALE * (lon + 180), 1), round(SCALE * (90 - lat), 1)))
        out.append(points)
    return out


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> str:
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points += arc[1:] if points else arc
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z"


def path(geometry: dict, arcs: list[list[tuple[float, float]]]) -> str:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return "".join(ring(r, arcs) for polygon in polygons for r in polygon)


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = arcs_of(topology)
    shapes = [f'<path d="{path(g, arcs)}"><title>{g["properties"]["name"]}</title></path>'
              for g in topology["objects"]["countries"]["geometries"] if g.get("arcs")]
    OUT.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {360 * SCALE} {180 * SCALE}">'
        "<!-- Natural Earth 1:110m countries (public domain), via world-atlas 2.0.2 (ISC); tools/build_world.py -->"
        '<g fill="#e4e7ea" stroke="#aab2ba" stroke-width="0.4">' + "".join(shapes) + "</g></svg>\n",
        encoding="utf-8")
    print(f"{len(shapes)} countries → {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
