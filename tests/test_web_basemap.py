"""The shipped base map, and the tool that builds it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tools import build_basemap

BASEMAP = Path(__file__).resolve().parents[1] / "repwatch" / "web" / "static" / "basemap.json"


@pytest.fixture(scope="module")
def basemap() -> dict[str, Any]:
    return json.loads(BASEMAP.read_text(encoding="utf-8"))


def rings(basemap: dict[str, Any]) -> list[list[list[float]]]:
    return [r for f in basemap["features"] for p in f["geometry"]["coordinates"] for r in p]


def test_basemap_small_and_complete(basemap: dict[str, Any]) -> None:
    assert BASEMAP.stat().st_size <= 1_000_000
    assert basemap["type"] == "FeatureCollection"
    assert len(basemap["features"]) > 200
    iso3 = {f["properties"]["iso3"] for f in basemap["features"]}
    assert {"IRN", "BLR", "CHN", "RUS", "USA", "BRA", "AUS", "FJI", "SGP", "AND"} <= iso3


def test_basemap_coordinates_rounded_and_continuous(basemap: dict[str, Any]) -> None:
    for ring in rings(basemap):
        assert ring[0] == ring[-1] and len(ring) >= 4
        for x, y in ring:
            assert round(x, 1) == x and round(y, 1) == y
            assert -360 <= x <= 360 and -90 <= y <= 90
        # no segment jumps across the world (the antimeridian is unwrapped)
        assert all(abs(a[0] - b[0]) <= 180 for a, b in zip(ring, ring[1:], strict=False))


def test_basemap_point_lies_in_its_country(basemap: dict[str, Any]) -> None:
    def inside(x: float, y: float, ring: list[list[float]]) -> bool:
        hit = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
        return hit

    by_iso = {f["properties"]["iso3"]: f for f in basemap["features"]}
    capitals = {"IRN": (35.69, 51.39), "BLR": (53.9, 27.57), "FRA": (48.86, 2.35)}
    for iso, (lat, lon) in capitals.items():
        polygons = by_iso[iso]["geometry"]["coordinates"]
        assert any(inside(lon, lat, p[0]) for p in polygons), iso


def topology(arcs: list[list[list[int]]], geometries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [0, 0]},
        "arcs": arcs,
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
    }


def test_build_basemap_decodes_topojson() -> None:
    # a 10x10 degree square (quantized 1000 units, delta-encoded), one arc, Iran's id
    square = [[0, 0], [1000, 0], [0, 1000], [-1000, 0], [0, -1000]]
    features = build_basemap.features(
        topology(
            [square],
            [{"type": "Polygon", "arcs": [[0]], "id": "364", "properties": {"name": "Iran"}}],
        )  # fmt: skip
    )
    assert features == [
        {
            "type": "Feature",
            "properties": {"name": "Iran", "iso3": "IRN"},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]]],
            },
        }
    ]


def test_build_basemap_reversed_arcs_and_specks() -> None:
    square = [[0, 0], [1000, 0], [0, 1000], [-1000, 0], [0, -1000]]
    speck = [[5000, 5000], [10, 0], [0, 10], [-10, 0], [0, -10]]
    geometry = {"type": "MultiPolygon", "arcs": [[[~0]], [[1]]], "id": "364"}
    (feature,) = build_basemap.features(topology([square, speck], [geometry]))
    (polygon,) = feature["geometry"]["coordinates"]  # the speck is dropped
    assert polygon[0][1] == [0.0, 10.0]  # the reversed arc runs the other way


def test_build_basemap_unwraps_antimeridian() -> None:
    ring = [(179.0, 60.0), (-179.0, 60.0), (-179.0, 62.0), (179.0, 62.0), (179.0, 60.0)]
    halves = build_basemap.across_antimeridian([ring])
    assert len(halves) == 2
    assert halves[0][0][1] == (181.0, 60.0)
    assert halves[1][0][0] == (-181.0, 60.0)
    plain = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 1.0)]
    assert build_basemap.across_antimeridian([plain]) == [[plain]]
